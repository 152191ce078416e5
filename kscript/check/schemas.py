"""The JSON Schemas shipped in schemas/, loaded on demand (jsonschema is imported only here)."""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from kscript.core.resources import schema_dir

SUFFIX = ".schema.json"


def names() -> list[str]:
    return sorted(n[: -len(SUFFIX)] for n in os.listdir(schema_dir()) if n.endswith(SUFFIX))


def text(name: str) -> str:
    with open(os.path.join(schema_dir(), f"{name}{SUFFIX}"), encoding="utf-8") as handle:
        return handle.read()


@cache
def load(name: str) -> dict[str, Any]:
    return json.loads(text(name))


@cache
def validator(name: str):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load(name))
