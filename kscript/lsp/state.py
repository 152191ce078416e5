"""An open document: its text, its configuration, its checker and the latest analysis."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlparse

from kscript.check.config import Config
from kscript.language.model import Span
from kscript.lsp.document import Document, units
from kscript.lsp.incremental import Analysis, Checker


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

    @property
    def payload(self) -> bool:
        from kscript.check.runner import is_payload

        return is_payload(self.path)

    def check(self, changed: tuple[int, int, int] | None = None) -> Analysis:
        self.analysis = self.checker.check(self.document.text, changed)
        return self.analysis

    # -- positions: kscript's (1-based line, column in code points) and the client's ------------

    def lsp_position(self, line: int, column: int) -> tuple[int, int]:
        """The client's (line, character) of a kscript position, clamped to the document."""
        doc = self.document
        last = len(doc.starts) - 1
        if line - 1 > last:
            text = doc.line(last)
            return last, units(text, self.encoding)
        text = doc.line(line - 1)
        index = column - 1
        if line == 1 and text.startswith("\ufeff"):
            index += 1  # kscript's column 1 is after the byte-order mark
        index = min(max(index, 0), len(text))
        return line - 1, units(text[:index], self.encoding)

    def lsp_range(self, span: Span) -> tuple[tuple[int, int], tuple[int, int]]:
        return self.lsp_position(span.line, span.column), self.lsp_position(span.end_line, span.end_column)

    def kscript_position(self, line: int, character: int) -> tuple[int, int]:
        """kscript's (line, column) of a client position."""
        from kscript.lsp.document import index_of

        text = self.document.line(line)
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
