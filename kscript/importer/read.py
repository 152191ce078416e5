"""The requests a payload file holds, to import: one request or a list, from JSON, JSON lines or YAML.

A file named like `compile -o` writes them (`<stem>.<scene>.json`) gives its
scene id to the scene it becomes.

A control character in any string of a payload (written raw, or as an escape
such as `\\u001b` or YAML's `\\e`) is refused where it stands in the file, before anything is
written: a script cannot hold one (KS012), and the import would otherwise
write a script its own linter refuses. Tabs and line breaks are not refused:
in a prompt they are white space, collapsed with a warning.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from kscript.importer.problems import Problem

_SCENE_FILE = re.compile(r"(?P<stem>[^.]+)\.(?P<scene>[A-Za-z0-9][A-Za-z0-9.\-]*)\.(?:json|jsonl|ya?ml)\Z", re.I)
# The control characters a script may not hold (KS012: C0 but tab and line ends, DEL, C1).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_JSON_ESCAPES = {"b": 0x08, "f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09}
_YAML_ESCAPES = {"0": 0x00, "a": 0x07, "b": 0x08, "t": 0x09, "n": 0x0A, "v": 0x0B, "f": 0x0C, "r": 0x0D, "e": 0x1B, "N": 0x85}
CONTROLS_SHOWN = 10  # control characters named one by one; the rest are counted


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


def _where(name: str, text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"{name}:{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def _json_controls(text: str) -> list[tuple[int, int]]:
    """(offset, code) of each control character in the strings of a JSON text (valid JSON or
    JSON lines: outside strings there is no quote), whether raw or an escape."""
    found = []
    for match in _JSON_STRING.finditer(text):
        literal = match.group()
        if "\\" not in literal and _CONTROL.search(literal) is None:
            continue
        i = 1
        while i < len(literal) - 1:
            char = literal[i]
            if char == "\\":
                kind = literal[i + 1]
                if kind == "u":
                    code, length = int(literal[i + 2 : i + 6], 16), 6
                else:
                    code, length = _JSON_ESCAPES.get(kind, ord(kind)), 2
            else:
                code, length = ord(char), 1
            if _CONTROL.match(chr(code)):
                found.append((match.start() + i, code))
            i += length
    return found


def _yaml_controls(text: str) -> list[tuple[int, int]]:
    """(offset, code) of each control character in the scalars of a YAML text, raw or written
    as an escape of a double-quoted scalar (`\\e`, `\\x1b`, `\\u001b`, `\\N`...)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.tokens import ScalarToken

    found = []
    for token in YAML(typ="safe", pure=True).scan(text):
        if not isinstance(token, ScalarToken) or _CONTROL.search(token.value) is None:
            continue
        start, end = token.start_mark.index, token.end_mark.index
        quoted = token.style == '"'
        i = start
        while i < end:
            char = text[i]
            if quoted and char == "\\" and i + 1 < end:
                kind = text[i + 1]
                width = {"x": 2, "u": 4, "U": 8}.get(kind)
                if width is not None:
                    code, length = int(text[i + 2 : i + 2 + width], 16), 2 + width
                else:
                    code, length = _YAML_ESCAPES.get(kind, ord(kind)), 2
            else:
                code, length = ord(char), 1
            if _CONTROL.match(chr(code)):
                found.append((i, code))
            i += length
    return found


def control_characters(name: str, text: str) -> list[Problem]:
    """Each control character in a payload's strings, at its line and column in the file."""
    if "\\" not in text and _CONTROL.search(text) is None:
        return []  # the common case, in one scan
    is_yaml = name.lower().endswith((".yaml", ".yml"))
    found = _yaml_controls(text) if is_yaml else _json_controls(text)
    problems = [
        Problem(
            _where(name, text, offset),
            f"a control character U+{code:04X} in a string: a script cannot hold it, so no script is written",
            help="delete it from the payload (it is invisible in most editors), then import again",
        )
        for offset, code in found[:CONTROLS_SHOWN]
    ]
    if len(found) > CONTROLS_SHOWN:
        problems.append(Problem(name, f"{len(found) - CONTROLS_SHOWN} more control characters in its strings"))
    return problems


def requests_of(name: str, text: str) -> tuple[list[Request], list[Problem]]:
    documents, problems = parse(name, text)
    if problems:
        return [], problems
    problems = control_characters(name, text)
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
