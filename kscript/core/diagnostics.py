"""Diagnostics: what every pass reports, in one shape, and the severities they carry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kscript.core.spans import Span

if TYPE_CHECKING:
    from kscript.check.fixes import Fix
    from kscript.core.lines import LineTable

SEVERITIES = ("error", "warning", "info")


class Diagnostic:
    """One finding. `span` holds 1-based lines and columns (the end column one
    past the last character); `start` and `end` are the same range as character
    offsets into the text as given (byte-order mark included), filled in by the
    runner from the file's line table (None until then)."""

    # A plain class, not a data class: it is defined on every start-up, where a
    # data class would compile its generated methods first.
    __slots__ = ("code", "severity", "message", "span", "help", "path", "fix", "start", "end")

    def __init__(
        self,
        code: str,
        severity: str,
        message: str,
        span: Span,
        help: str | None = None,
        path: str = "",
        fix: Fix | None = None,  # what would resolve it, as edits (kscript/check/fixes.py)
        start: int | None = None,
        end: int | None = None,
    ) -> None:
        self.code = code
        self.severity = severity
        self.message = message
        self.span = span
        self.help = help
        self.path = path
        self.fix = fix
        self.start = start
        self.end = end

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment] - mutable, compared by value

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"Diagnostic({fields})"

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
