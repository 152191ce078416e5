"""Where something stands in a text: 1-based lines and columns, the end column one
past the last character (as editors and SARIF count them)."""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def at(cls, line: int, column: int, length: int = 1) -> Span:
        return cls(line, column, line, column + max(length, 1))
