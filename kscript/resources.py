"""Files that ship with kscript: the grammar and the JSON Schemas.

An installed kscript carries them inside the package (`kscript/grammar`,
`kscript/schemas`); a source checkout keeps them at the top level.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    inside = _HERE / name
    if inside.is_dir():
        return inside
    return _HERE.parent / name


def grammar_path() -> Path:
    return resource_dir("grammar") / "kscript.lark"


def schema_dir() -> Path:
    return resource_dir("schemas")
