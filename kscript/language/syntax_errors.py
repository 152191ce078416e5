"""How a syntax error (KS001) is worded: what was expected at a line, in a writer's words.

The build pass meets the line (kscript/language/build.py); this module says what
is wrong with it and what to do, from the kind of line and the block it stands
in. The rule's documentation is kscript/check/rules/ks001_syntax.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span

if TYPE_CHECKING:
    from kscript.language.parser import UnexpectedLine
    from kscript.language.source import Source

_HEADING_HELP = "add a scene heading such as `INT. KITCHEN - DAY` above it"


def _open_block(error: UnexpectedLine) -> str:
    """The block the parser stands in: "title", "cast", "images" or ""."""
    stack = error.value_stack
    # Blocks end only where the next one begins, so a line that breaks the
    # grammar right after a block (reduced already, or still open) is in it.
    for item in reversed(stack):
        kind = getattr(item, "type", None) or getattr(item, "data", None)
        if kind in ("CAST_KW", "cast_block", "cast_member", "NAME_LINE"):
            return "cast"
        if kind in ("IMAGES_KW", "images_block"):
            return "images"
        if kind in ("tp_entry", "title_page"):
            return "title"
        if kind not in ("KEYVAL", "INDENTED"):
            return ""
    return ""


def _explain(kind: str, text: str, expected: set[str], block: str) -> tuple[str, str]:
    """(message, help) for a line of `kind` met where only `expected` may stand."""
    in_cast = block == "cast"
    in_title = block == "title" or ("INDENTED" in expected and not in_cast)
    in_images = block == "images"
    if kind == "SHOT":
        return "a SHOT line must come inside a scene", _HEADING_HELP
    if in_cast and kind in ("TEXT", "KEYVAL", "INDENTED"):
        if kind == "INDENTED" or text.startswith((" ", "\t")):
            return "an indented line here needs a cast member's name line above it", "start the member with a line such as `MARA - courier`"
        return (
            "a cast member's name is one word: a letter, then letters, digits or underscores",
            "write the name line as `NAME - description`, e.g. `OLD_MAN - a fisherman`",
        )
    if in_images and kind in ("TEXT", "NAME_LINE", "INDENTED"):
        return "an image is declared on one line as `name: URL`", "for example `depot: https://cdn.example.com/depot.jpg`"
    if in_title and kind in ("TEXT", "NAME_LINE"):
        return (
            "every title-page line is `Key: value`, or an indented continuation of the value above",
            "end the title page with a blank line before other text",
        )
    if kind == "KEYVAL":
        return (
            "a `name: URL` line outside an IMAGES block",
            "put `IMAGES` on a line of its own above image declarations; a scene's settings go directly under its heading",
        )
    if kind == "NAME_LINE":
        return "text before the first scene is not part of any shot", "declare cast members under a `CAST` line, or " + _HEADING_HELP
    if kind == "INDENTED":
        return "an indented attribute line must follow a cast member's name line", "declare the member under `CAST`, as `MARA - courier`"
    if kind == "TEXT":
        return (
            "text before the first scene is not part of any shot",
            _HEADING_HELP + ", or hide the text in a note `[[ … ]]`",
        )
    return "this line cannot stand here", _HEADING_HELP


def explain(kind: str, text: str, block: str) -> tuple[str, str]:
    """(message, help) for a line of `kind` read in `block` ("title", "cast", "images" or "")."""
    return _explain(kind, text, set(), block)


def from_parser(error: UnexpectedLine, source: Source) -> Diagnostic:
    token = error.token
    text = token.value.rstrip("\n")
    message, help = _explain(token.type, text, error.expected, _open_block(error))
    stripped = text.lstrip()
    column = token.column + len(text) - len(stripped)
    return Diagnostic("KS001", "error", message, Span.at(token.line, column, len(stripped.rstrip())), help, source.path)
