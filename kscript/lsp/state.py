"""An open document: its text, its configuration, its checker and the latest analysis."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlparse

from kscript.check.changes import Change
from kscript.check.config import Config
from kscript.check.incremental import Analysis, Checker
from kscript.core.spans import Span
from kscript.lsp.document import Document, units


def uri_to_path(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return uri  # untitled: and the like: no folder to find a configuration from


@dataclass(eq=False)
class Open:
    document: Document
    path: str
    config: Config
    checker: Checker
    encoding: str = "utf-16"
    analysis: Analysis | None = None
    config_error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Edits applied but not yet checked (kscript/lsp/server.py): the parts they changed
    # (None: unknown, read it all), when the first came, and the armed check.
    pending: bool = False
    changed: list[Change] | None = None
    pending_since: float | None = None
    timer: Any = None

    @property
    def payload(self) -> bool:
        from kscript.check.runner import is_payload

        return is_payload(self.path)

    synced: bool = False  # the analysis is of the document's text as it is now

    def check(self, changed: list[Change] | None = None) -> Analysis:
        self.analysis = self.checker.check(self.document.text, changed)
        self.synced = True
        return self.analysis

    @property
    def plain(self) -> bool:
        """No CR and no byte-order mark in the text (followed through the edits, not searched for
        each): then its offsets are those of the normalised text the checker reads."""
        return not self.document.has_cr and not self.document.bom

    def line(self, number: int) -> str:
        """The text of 0-based line `number`."""
        return self.document.line(number)

    def line_count(self) -> int:
        return self.document.line_count()

    def offset(self, line: int, character: int) -> int:
        """The offset in the document's text of a client position."""
        return self.document.offset(line, character, self.encoding)

    def apply(self, start: int, end: int, text: str) -> None:
        # The document's line table is kept through the edits (an edit inside a line costs
        # that line): between checks it answers for the lines, the analysis being stale.
        self.document.apply(start, end, text)
        self.synced = False

    # -- positions: kscript's (1-based line, column in code points) and the client's ------------

    def lsp_position(self, line: int, column: int) -> tuple[int, int]:
        """The client's (line, character) of a kscript position, clamped to the document."""
        last = self.line_count() - 1
        if line - 1 > last:
            text = self.line(last)
            return last, units(text, self.encoding)
        text, plain = self._line_for_positions(line - 1)
        index = column - 1
        if line == 1 and text.startswith("\ufeff"):
            index += 1  # kscript's column 1 is after the byte-order mark
        index = min(max(index, 0), len(text))
        return line - 1, index if plain else units(text[:index], self.encoding)

    _position_line: tuple[int, int, str, bool] | None = None

    def _line_for_positions(self, number: int) -> tuple[str, bool]:
        """Line `number` and whether a character index in it is already the client's
        (ASCII, or UTF-32 agreed), kept for the next call: the diagnostics of one line
        ask for it again and again (200,000 of them, on a line of hostile text)."""
        text_id = self.document.revision
        found = self._position_line
        if found is None or found[0] != text_id or found[1] != number:
            text = self.line(number)
            found = self._position_line = (text_id, number, text, self.encoding == "utf-32" or text.isascii())
        return found[2], found[3]

    def lsp_range(self, span: Span) -> tuple[tuple[int, int], tuple[int, int]]:
        return self.lsp_position(span.line, span.column), self.lsp_position(span.end_line, span.end_column)

    def kscript_position(self, line: int, character: int) -> tuple[int, int]:
        """kscript's (line, column) of a client position."""
        from kscript.lsp.document import index_of

        text = self.line(line)
        index = index_of(text, character, self.encoding)
        if line == 0 and text.startswith("\ufeff"):
            index = max(index - 1, 0)
        return line + 1, index + 1


def load_config(path: str) -> tuple[Config, str | None]:
    """The configuration for a file, found from its folder as `kscript lint` finds it from the working folder."""
    from kscript.check import config

    folder = os.path.dirname(path) if os.path.isabs(path) else os.getcwd()
    try:
        return config.load(folder), None
    except config.ConfigError as exc:
        return Config(), str(exc)
