"""The JSON Schemas shipped in schemas/, loaded on demand (jsonschema is imported only here)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from kscript.resources import schema_dir

SUFFIX = ".schema.json"


def names() -> list[str]:
    return sorted(p.name[: -len(SUFFIX)] for p in schema_dir().glob("*" + SUFFIX))


def text(name: str) -> str:
    return (schema_dir() / f"{name}{SUFFIX}").read_text(encoding="utf-8")


@cache
def load(name: str) -> dict[str, Any]:
    return json.loads(text(name))


@cache
def validator(name: str):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load(name))
