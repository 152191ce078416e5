"""The lossless layer: every line of a file exactly as written.

A `LineTable` keeps each line's characters (hidden text included), its line
ending (`\\n`, `\\r\\n`, `\\r`, or none on the last line) and where it starts,
and the byte-order mark, so that `render()` gives back the text it was made
from character for character (and, encoded as UTF-8, byte for byte). Every
later pass is a view over it: the reading pass normalises and blanks a copy
with the same lines and columns, so a (line, column) anywhere in kscript maps
back here to a character offset in the original text, and from there to a
byte offset.

Positions: lines and columns are 1-based, a column counts characters (a tab
is one), and column 1 of line 1 is the first character after the byte-order
mark. Offsets are 0-based indexes into the text as given, mark included.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import NamedTuple

BOM = "\ufeff"
ENDINGS = ("\r\n", "\n", "\r")
_SPLIT = re.compile(r"(\r\n|\r|\n)")


class Line(NamedTuple):
    number: int  # 1-based
    text: str  # the characters, line ending excluded (and the mark, on line 1)
    ending: str  # "\n", "\r\n", "\r" or "" (only the last line has none)
    start: int  # character offset of the line's first character


class LineTable:
    """The lines of one text. There is always at least one line: a text ending
    in a line break has a last, empty line with no ending."""

    __slots__ = ("text", "bom", "texts", "endings", "_starts", "_byte_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self.bom = BOM if text.startswith(BOM) else ""
        body = text[len(self.bom) :]
        if "\r" in body:
            parts = _SPLIT.split(body)
            self.texts: list[str] = parts[0::2]
            self.endings: list[str] = parts[1::2] + [""]
        else:
            self.texts = body.split("\n")
            self.endings = ["\n"] * (len(self.texts) - 1) + [""]
        self._starts: list[int] | None = None
        self._byte_starts: list[int] | None = None

    # -- the text back ------------------------------------------------------------

    def render(self) -> str:
        """The text, exactly as given."""
        return self.bom + "".join(t + e for t, e in zip(self.texts, self.endings, strict=True))

    def __len__(self) -> int:
        return len(self.texts)

    def __iter__(self):
        starts = self.starts
        for i, (text, ending) in enumerate(zip(self.texts, self.endings, strict=True)):
            yield Line(i + 1, text, ending, starts[i])

    def line(self, number: int) -> Line:
        """Line `number` (1-based); IndexError outside the text."""
        if not 0 < number <= len(self.texts):
            raise IndexError(f"no line {number}: the text has {len(self.texts)}")
        i = number - 1
        return Line(number, self.texts[i], self.endings[i], self.starts[i])

    @property
    def newline(self) -> str:
        """The line ending the text mostly uses (LF when it has none): what a
        rewrite writes, so that a CRLF file stays CRLF."""
        crlf = self.endings.count("\r\n")
        lf = self.endings.count("\n")
        cr = self.endings.count("\r")
        if crlf > lf and crlf >= cr:
            return "\r\n"
        if cr > lf and cr > crlf:
            return "\r"
        return "\n"

    def normalised(self) -> str:
        """The lines joined with `\\n`, without the mark: what the reading pass reads.
        Lines and columns are the same as in the original."""
        return "\n".join(self.texts)

    # -- positions ---------------------------------------------------------------

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            lengths = (len(t) + len(e) for t, e in zip(self.texts, self.endings, strict=True))
            self._starts = list(accumulate(lengths, initial=len(self.bom)))[:-1]
        return self._starts

    def offset(self, line: int, column: int) -> int:
        """The character offset of (line, column), clamped into the text: a
        column past the end of its line stands at the line's end (before its
        ending), a line past the last stands at the end of the text."""
        if line < 1:
            return len(self.bom)
        if line > len(self.texts):
            return len(self.text)
        i = line - 1
        return self.starts[i] + min(max(column - 1, 0), len(self.texts[i]))

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of a character offset (a line ending belongs to its line)."""
        import bisect

        offset = min(max(offset, len(self.bom)), len(self.text))
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def byte_offset(self, offset: int) -> int:
        """The UTF-8 byte offset of a character offset."""
        if self._byte_starts is None:
            lengths = (len(t.encode("utf-8", "surrogatepass")) + len(e) for t, e in zip(self.texts, self.endings, strict=True))
            self._byte_starts = list(accumulate(lengths, initial=len(self.bom.encode())))[:-1]
        line, column = self.position(offset)
        i = line - 1
        inside = self.texts[i][: column - 1]
        within = len(inside.encode("utf-8", "surrogatepass"))
        if column - 1 > len(self.texts[i]):  # inside the line ending (the \n of \r\n)
            within = len(self.texts[i].encode("utf-8", "surrogatepass")) + column - 1 - len(self.texts[i])
        return self._byte_starts[i] + within


def normalise(text: str) -> str:
    """`text` as the readers read it: `\\n` line breaks, no byte-order mark, and U+FFFD
    for NUL (columns stay those of the original)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    return text
