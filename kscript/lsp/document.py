"""An open document's text, edited as the client says, and positions both ways.

The client counts lines as LSP does (`\\n`, `\\r\\n` and `\\r` end a line) and
characters in UTF-16 code units unless another encoding was agreed; kscript
counts 1-based code points on the same lines. Kept here rather than in
pygls's workspace, whose incremental edit walks every line of the document
in Python (and splits lines at characters LSP does not break on).
"""

from __future__ import annotations

import bisect
import re

_BREAK = re.compile(r"\r\n?|\n")


def units(text: str, encoding: str) -> int:
    """The length of `text` in the agreed position encoding."""
    if encoding == "utf-32" or text.isascii():
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def index_of(line: str, character: int, encoding: str) -> int:
    """The code point index in `line` of a position `character` units in (clamped to the line)."""
    if encoding == "utf-32" or line.isascii():
        return min(character, len(line))
    count = 0
    for i, c in enumerate(line):
        if count >= character:
            return i
        count += units(c, encoding)
    return len(line)


class Document:
    def __init__(self, uri: str, text: str, version: int | None = None) -> None:
        self.uri = uri
        self.text = text
        self.version = version
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """The offset at which each line starts."""
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _BREAK.finditer(self.text)]
        return self._starts

    def line(self, number: int) -> str:
        """The text of line `number` (0-based), without its line break."""
        starts = self.starts
        if not 0 <= number < len(starts):
            return ""
        end = starts[number + 1] if number + 1 < len(starts) else len(self.text)
        return self.text[starts[number] : end].rstrip("\r\n")

    def offset(self, line: int, character: int, encoding: str) -> int:
        starts = self.starts
        if line >= len(starts):
            return len(self.text)
        if line < 0:
            return 0
        return starts[line] + index_of(self.line(line), character, encoding)

    def position(self, offset: int, encoding: str) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, units(self.text[self.starts[line] : offset], encoding)

    def apply(self, start: int, end: int, new: str, keep_lines: bool = True) -> None:
        """Replace text[start:end] with `new`, keeping the line starts up to date
        (or, without `keep_lines`, forgetting them until they are asked for)."""
        old_starts = self._starts
        self.text = self.text[:start] + new + self.text[end:]
        self._starts = None
        if old_starts is None or not keep_lines:
            return
        # Lines before the edit keep their starts; those after it move by the change in length.
        # One character either side is read again, so that a \r\n made or split is seen.
        delta = len(new) - (end - start)
        lo = bisect.bisect_left(old_starts, start)
        hi = bisect.bisect_right(old_starts, end + 1)
        middle = [
            m.end()
            for m in _BREAK.finditer(self.text, max(start - 1, 0), min(end + delta + 2, len(self.text)))
            if start <= m.end() <= end + delta + 1
        ]
        tail = old_starts[hi:]
        self._starts = (old_starts[:lo] or [0]) + middle + ([s + delta for s in tail] if delta else tail)
