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
    """The text, and where each of its lines starts.

    Typing changes one line at a time. Copying a 2 MB text and moving the starts of
    the 100,000 lines after the edit at every keystroke would cost more than checking,
    so an edit that adds or removes no line break changes only its own line (the text
    is kept as its lines, joined again when it is read) and is kept as a pending shift
    (from line k on, by d characters); after MOST_SHIFTS of them the table of starts
    is brought up to date in one pass."""

    MOST_SHIFTS = 64

    def __init__(self, uri: str, text: str, version: int | None = None) -> None:
        self.uri = uri
        self.version = version
        self.revision = 0  # a new number for every change of the text
        self.replace(text)

    def replace(self, text: str) -> None:
        """The whole text, anew."""
        self._text: str | None = text
        self._lines: list[str] | None = None  # each line with its break, while typing edits them
        self._starts: list[int] | None = None
        self._shifts: list[tuple[int, int]] = []  # (first line moved, by how many characters), in order
        self._cr: bool | None = None  # whether the text holds a \r (None: not known)
        self.revision += 1

    @property
    def text(self) -> str:
        if self._text is None:
            assert self._lines is not None
            self._text = "".join(self._lines)
        return self._text

    @property
    def bom(self) -> bool:
        """Whether the text starts with a byte-order mark."""
        first = self._lines[0] if self._lines is not None else self._text
        assert first is not None
        return first.startswith("\ufeff")

    @property
    def has_cr(self) -> bool:
        if self._cr is None:
            self._cr = "\r" in self.text
        return self._cr

    @property
    def starts(self) -> list[int]:
        """The offset at which each line starts."""
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _BREAK.finditer(self.text)]
            self._shifts = []
        elif self._shifts:
            self._settle()
        return self._starts

    def _settle(self) -> None:
        starts = self._starts
        assert starts is not None
        moves: dict[int, int] = {}
        for first, delta in self._shifts:
            moves[first] = moves.get(first, 0) + delta
        points = sorted(moves)
        settled, total = starts[: points[0]], 0
        for first, ends in zip(points, [*points[1:], len(starts)], strict=True):
            total += moves[first]
            settled += [s + total for s in starts[first:ends]]
        self._starts = settled
        self._shifts = []

    def line_count(self) -> int:
        return len(self._starts) if self._starts is not None else len(self.starts)

    def line_start(self, number: int) -> int:
        """Where 0-based line `number` starts (it must exist)."""
        starts = self._starts if self._starts is not None else self.starts
        return starts[number] + sum(delta for first, delta in self._shifts if first <= number)

    def _line_at(self, offset: int) -> int:
        """The 0-based line holding `offset`."""
        if not self._shifts:
            return bisect.bisect_right(self.starts, offset) - 1
        lo, hi = 0, self.line_count()  # the last line starting at or before `offset`
        while hi - lo > 1:
            middle = (lo + hi) // 2
            if self.line_start(middle) <= offset:
                lo = middle
            else:
                hi = middle
        return lo

    def _raw_line(self, number: int) -> str:
        """Line `number` with its break."""
        if self._lines is not None:
            return self._lines[number]
        end = self.line_start(number + 1) if number + 1 < self.line_count() else len(self.text)
        return self.text[self.line_start(number) : end]

    def line(self, number: int) -> str:
        """The text of line `number` (0-based), without its line break."""
        if not 0 <= number < self.line_count():
            return ""
        return self._raw_line(number).rstrip("\r\n")

    def offset(self, line: int, character: int, encoding: str) -> int:
        if line >= self.line_count():
            return len(self.text)
        if line < 0:
            return 0
        return self.line_start(line) + index_of(self.line(line), character, encoding)

    def position(self, offset: int, encoding: str) -> tuple[int, int]:
        line = self._line_at(offset)
        return line, units(self._raw_line(line)[: offset - self.line_start(line)], encoding)

    def apply(self, start: int, end: int, new: str) -> None:
        """Replace text[start:end] with `new`, keeping the line starts up to date (once known)."""
        self.revision += 1
        if "\r" in new:
            self._cr = True
        if self._starts is not None and self._edit_line(start, end, new):
            return
        old = self.text
        if self._cr and "\r" in old[start:end] and "\r" not in new:
            self._cr = None
        self._text, self._lines = old[:start] + new + old[end:], None
        if self._starts is None:
            return  # worked out when first asked for
        delta = len(new) - (end - start)
        old_starts = self.starts  # settled
        # Lines before the edit keep their starts; those after it move by the change in length.
        # One character either side is read again, so that a \r\n made or split is seen.
        lo = bisect.bisect_left(old_starts, start)
        hi = bisect.bisect_right(old_starts, end + 1)
        text = self.text
        middle = [
            m.end()
            for m in _BREAK.finditer(text, max(start - 1, 0), min(end + delta + 2, len(text)))
            if start <= m.end() <= end + delta + 1
        ]
        tail = old_starts[hi:]
        self._starts = (old_starts[:lo] or [0]) + middle + ([s + delta for s in tail] if delta else tail)

    def _edit_line(self, start: int, end: int, new: str) -> bool:
        """Make an edit inside one line, if it is one: it adds and removes no line break,
        and makes or splits no \r\n where it meets the text around it."""
        if "\n" in new or "\r" in new:
            return False
        number = self._line_at(start)
        begin = self.line_start(number)
        raw = self._raw_line(number)
        body = len(raw.rstrip("\r\n"))
        column, until = start - begin, end - begin
        if not (0 <= column <= until <= body):
            return False  # it reaches into the line break or past it
        line = raw[:column] + new + raw[until:]
        if line.startswith("\n") and number > 0 and self._raw_line(number - 1).endswith("\r"):
            return False  # the \r ending the line before and this \n would make one break
        if self._lines is None:
            text, starts = self.text, self.starts
            self._lines = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
        self._lines[number] = line
        self._text = None
        delta = len(new) - (until - column)
        if delta:
            self._shifts.append((number + 1, delta))
            if len(self._shifts) > self.MOST_SHIFTS:
                self._settle()
        return True
