"""Control characters never reach a terminal or a CI log raw.

Text from a payload or a file name (`"model": "x\\n::warning file=evil::…"`, an
OSC escape `\\x1b]0;title\\x07`) would otherwise inject GitHub workflow commands
or terminal escapes. Every text output shows C0 and C1 control characters and
DEL as escapes (`\\n`, `\\x1b`); JSON output escapes them as JSON does (`\\u001b`),
C1 and DEL included, which json.dumps leaves raw.

Text kscript did not write (what an API answered, a journal or a cache written
from one) goes through `untrusted`, which also escapes the invisible characters
that reorder or hide text, and line breaks: such text is shown on a line of its
own only where kscript puts one.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TABLE = {c: _NAMED.get(chr(c), f"\\x{c:02x}") for c in [*range(0x20), *range(0x7F, 0xA0)]}
_NOT_PLAIN = re.compile(r"[^\x20-\x7e]")  # candidates: anything but printable ASCII
# Kept although not "printable": spaces (NBSP...), private use, and code points this Python's
# Unicode tables do not know yet (a newer emoji): none of them moves the cursor or reorders text.
_HARMLESS = frozenset({"Zs", "Co", "Cn"})


def visible(text: str) -> str:
    """`text` with every control character written as an escape."""
    if CONTROL.search(text) is None:
        return text
    return text.translate(_TABLE)


def unsafe(char: str) -> bool:
    """A character that must not reach a terminal, a log or a page raw: a control character
    (C0, DEL, C1: ESC, CSI, OSC...), an invisible format character (bidi overrides and
    isolates, zero-width characters, soft hyphen, BOM, tags), a line or paragraph separator,
    or half of a surrogate pair (which cannot even be written as UTF-8)."""
    import unicodedata  # only for text that is not plainly printable: start-up stays lean

    return not char.isprintable() and unicodedata.category(char) not in _HARMLESS


def _escape(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def untrusted(value: object, keep: str = "") -> str:
    """`value` (text kscript did not write: an API's error message, status, id, model name
    or URL, or a journal or cache written from one) as it is safe to show: every `unsafe`
    character, line breaks and tabs included, written as an escape (`\\x1b`, `\\r`,
    `\\u202e`), so it can neither move the cursor, clear the screen, retitle the window,
    write the clipboard (OSC 52), reorder a line nor start a line of its own. `keep`: the
    characters to leave as they are (a whole message's own line breaks)."""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():
        return text
    return _NOT_PLAIN.sub(lambda m: _escape(m.group()) if m.group() not in keep and unsafe(m.group()) else m.group(), text)


def json_text(dumped: str) -> str:
    """json.dumps output (ensure_ascii=False) with every `unsafe` character escaped, the
    DEL, C1, bidi and other invisible characters json.dumps leaves raw.

    They can only stand inside strings there (json.dumps escapes the line breaks in
    strings; those left are its indentation), so replacing them keeps the JSON valid
    and equal in value."""
    if dumped.isascii() and "\x7f" not in dumped:
        return dumped
    return _NOT_PLAIN.sub(lambda m: _json_escape(m.group()) if m.group() != "\n" and unsafe(m.group()) else m.group(), dumped)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON writes a character beyond the BMP as its UTF-16 surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
