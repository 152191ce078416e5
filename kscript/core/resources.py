"""Files that ship with kscript: the grammar, the JSON Schemas and the rules page.

An installed kscript carries them inside the package (`kscript/grammar`,
`kscript/schemas`); a source checkout keeps them at the top level. (os.path,
not pathlib: this runs on every start.)
"""

from __future__ import annotations

import os

# kscript/core/resources.py: the package is one folder up, the checkout two.
_HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def resource_dir(name: str) -> str:
    inside = os.path.join(_HERE, name)
    if os.path.isdir(inside):
        return inside
    return os.path.join(os.path.dirname(_HERE), name)


def grammar_path() -> str:
    return os.path.join(resource_dir("grammar"), "kscript.lark")


def schema_dir() -> str:
    return resource_dir("schemas")


def rules_page_path() -> str:
    """docs/RULES.md, the page every diagnostic's link opens: shipped in the package."""
    return os.path.join(resource_dir("docs"), "RULES.md")
