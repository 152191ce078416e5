"""Reading request payloads to import: one request or a list, from JSON, JSON lines or YAML.

A file named like `compile -o` writes them (`<stem>.<scene>.json`) gives its
scene id to the scene it becomes.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any

from kscript.importer.problems import Problem

_SCENE_FILE = re.compile(r"(?P<stem>[^.]+)\.(?P<scene>[A-Za-z0-9][A-Za-z0-9.\-]*)\.(?:json|jsonl|ya?ml)\Z", re.I)
_MAX_DEPTH = 64  # a request is a few levels deep: anything far deeper is not one


@dataclass(frozen=True, slots=True)
class Request:
    origin: str  # "file" or "file, request 2"
    body: dict[str, Any]
    scene_id: str | None  # from the file's name, when it names one


def _depth(value: Any, limit: int = _MAX_DEPTH) -> bool:
    """True when `value` nests deeper than `limit` (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return False


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"`{name}` is not a JSON number")


def _json(text: str) -> Any:
    return json.loads(text, parse_constant=_refuse_constant)


def _yaml(text: str) -> list[Any]:
    from ruamel.yaml import YAML
    from ruamel.yaml.composer import Composer

    class NoAliases(Composer):
        # An alias can multiply a small file into gigabytes (a "billion laughs"): a payload never needs one.
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.parser.check_event(_alias_event()):
                event = self.parser.peek_event()
                raise ValueError(f"line {event.start_mark.line + 1}: YAML aliases (`*{event.anchor}`) are not read in payloads; write the value out")
            return super().compose_node(parent, index)

    loader = YAML(typ="safe", pure=True)
    loader.Composer = NoAliases
    return list(loader.load_all(text))


def _alias_event() -> Any:
    from ruamel.yaml.events import AliasEvent

    return AliasEvent


def parse(name: str, text: str) -> tuple[list[Any], list[Problem]]:
    """The documents a payload file holds, or why it cannot be read."""
    low = name.lower()
    try:
        if low.endswith((".yaml", ".yml")):
            documents = [d for d in _yaml(text) if d is not None]
        elif low.endswith(".jsonl"):
            documents = [_json(line) for line in text.splitlines() if line.strip()]
        else:
            try:
                documents = [_json(text)]
            except json.JSONDecodeError as exc:
                if exc.msg != "Extra data":
                    raise
                # Several requests one a line, in a file named .json.
                documents = [_json(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        return [], [Problem(f"{name}:{exc.lineno}:{exc.colno}", f"not valid JSON: {exc.msg}", help="fix the JSON syntax at this point")]
    except RecursionError:
        return [], [Problem(name, "nested too deeply to be a request")]
    except Exception as exc:  # noqa: BLE001 - YAML's errors have no common base worth naming; all are "cannot read"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return [], [Problem(name, f"cannot be read: {first}")]
    if any(_depth(d) for d in documents):
        return [], [Problem(name, "nested too deeply to be a request")]
    return documents, []


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
