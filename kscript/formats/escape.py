"""Control characters never reach a terminal or a CI log raw.

Text from a payload or a file name (`"model": "x\\n::warning file=evil::…"`, an
OSC escape `\\x1b]0;title\\x07`) would otherwise inject GitHub workflow commands
or terminal escapes. Every text output shows C0 and C1 control characters and
DEL as escapes (`\\n`, `\\x1b`); JSON output escapes them as JSON does (`\\u001b`),
C1 and DEL included, which json.dumps leaves raw.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TABLE = {c: _NAMED.get(chr(c), f"\\x{c:02x}") for c in [*range(0x20), *range(0x7F, 0xA0)]}
_RAW_IN_JSON = r"[\x7f-\x9f]"  # a pattern: compiled only for JSON output (re keeps it)


def visible(text: str) -> str:
    """`text` with every control character written as an escape."""
    if CONTROL.search(text) is None:
        return text
    return text.translate(_TABLE)


def json_text(dumped: str) -> str:
    """json.dumps output (ensure_ascii=False) with DEL and C1 characters escaped too.

    They can only stand inside strings there, so replacing them keeps the JSON valid
    and equal in value."""
    if re.search(_RAW_IN_JSON, dumped) is None:
        return dumped
    return re.sub(_RAW_IN_JSON, lambda m: f"\\u{ord(m.group()):04x}", dumped)
