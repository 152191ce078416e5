"""Finding `@name` references in sent text.

`@name` is a reference when the `@` starts the text or follows a character
that is not a letter, digit or underscore; the name is the longest run of name
characters after it. `@@` is a literal `@`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from kscript.core.spans import Span
from kscript.language.model import Reference, TextLine

_AT = re.compile(r"@@|@([^\W\d]\w*)")
RESERVED = re.compile(r"(?i)(Element|Image)(\d+)\Z")


def scan(text: str) -> Iterator[tuple[int, int, str | None]]:
    """(start, end, name) for each `@@` (name None) and each reference in `text`."""
    for match in _AT.finditer(text):
        start = match.start()
        name = match.group(1)
        if name is None:
            yield start, match.end(), None
        elif start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            yield start, match.end(), name


def references_in(line: TextLine) -> list[Reference]:
    return [
        Reference(name, Span.at(line.line, line.column + start, end - start))
        for start, end, name in scan(line.text)
        if name is not None
    ]


def substitute(text: str, replace: Callable[[str], str | None]) -> str:
    """`text` with `@@` made `@` and each reference given by `replace` (None keeps it)."""
    out: list[str] = []
    last = 0
    for start, end, name in scan(text):
        out.append(text[last:start])
        if name is None:
            out.append("@")
        else:
            new = replace(name)
            out.append(text[start:end] if new is None else new)
        last = end
    out.append(text[last:])
    return "".join(out)


def as_reference(name: str) -> str:
    """How a writer refers to `name`: `@Mara` for a cast member declared `MARA`."""
    return "@" + (name.capitalize() if name.isupper() else name)
