"""Diagnostics: what every pass reports, in one shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kscript.language.model import Span

if TYPE_CHECKING:
    from kscript.check.fixes import Fix
    from kscript.language.lines import LineTable

SEVERITIES = ("error", "warning", "info")


@dataclass(slots=True)
class Diagnostic:
    """One finding. `span` holds 1-based lines and columns (the end column one
    past the last character); `start` and `end` are the same range as character
    offsets into the text as given (byte-order mark included), filled in by the
    runner from the file's line table (None until then)."""

    code: str
    severity: str
    message: str
    span: Span
    help: str | None = None
    path: str = ""
    fix: Fix | None = None  # what would resolve it, as edits (kscript/check/fixes.py)
    start: int | None = None
    end: int | None = None

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    @property
    def end_line(self) -> int:
        return self.span.end_line

    @property
    def end_column(self) -> int:
        return self.span.end_column

    def locate(self, table: LineTable) -> None:
        """Fill in `start` and `end` from `table`, the file's lines."""
        span = self.span
        self.start = table.offset(span.line, span.column)
        self.end = max(self.start, table.offset(span.end_line, span.end_column))

    def sort_key(self) -> tuple[int, int, str]:
        return (self.span.line, self.span.column, self.code)


def did_you_mean(word: str, candidates: list[str] | tuple[str, ...], limit: float = 0.6) -> str | None:
    """The candidate closest to `word`, compared without regard to case, if any is close."""
    best: str | None = None
    best_score = 0.0
    low = word.lower()
    for cand in candidates:
        score = _similarity(low, cand.lower())
        if score > best_score:
            best, best_score = cand, score
    if best is not None and best_score >= limit:
        return best
    return None


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    distance = _levenshtein(a, b)
    longest = max(len(a), len(b))
    # Two edits in a short word are still a likely typo (`Aspekt`, `Negativ`).
    if distance <= 2 and longest >= 4:
        return max(0.6, 1 - distance / longest)
    return 1 - distance / longest


def _levenshtein(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbours as one edit (`Styel` is one from `Style`)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]
