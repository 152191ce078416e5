"""The requests a payload file holds, to import: one request or a list, from JSON, JSON lines or YAML.

A file named like `compile -o` writes them (`<stem>.<scene>.json`) gives its
scene id to the scene it becomes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from kscript.importer.problems import Problem

_SCENE_FILE = re.compile(r"(?P<stem>[^.]+)\.(?P<scene>[A-Za-z0-9][A-Za-z0-9.\-]*)\.(?:json|jsonl|ya?ml)\Z", re.I)


@dataclass(frozen=True, slots=True)
class Request:
    origin: str  # "file" or "file, request 2"
    body: dict[str, Any]
    scene_id: str | None  # from the file's name, when it names one


def parse(name: str, text: str) -> tuple[list[Any], list[Problem]]:
    """The documents a payload file holds, or why it cannot be read (kscript/payload/read.py
    reads them, with the same limits and positions as `lint`)."""
    from kscript.payload.read import read_documents

    documents, diagnostics = read_documents(name, text)
    problems = [Problem(f"{name}:{d.line}:{d.column}", d.message, help=d.help) for d in diagnostics]
    return [d.data for d in documents], problems


def requests_of(name: str, text: str) -> tuple[list[Request], list[Problem]]:
    documents, problems = parse(name, text)
    if problems:
        return [], problems
    bodies: list[Any] = []
    for document in documents:
        bodies.extend(document if isinstance(document, list) else [document])
    match = _SCENE_FILE.fullmatch(os.path.basename(name))
    scene_id = match.group("scene") if match and len(bodies) == 1 else None
    found: list[Request] = []
    for n, body in enumerate(bodies, 1):
        origin = name if len(bodies) == 1 else f"{name}, request {n}"
        if not isinstance(body, dict):
            problems.append(Problem(origin, f"a request is an object of fields, not {type(body).__name__}"))
            continue
        found.append(Request(origin, body, scene_id))
    if not bodies:
        problems.append(Problem(name, "holds no request"))
    return found, problems
