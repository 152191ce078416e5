"""A parsed script: its lines as written, the model built from them, and the
syntax errors (KS001, KS002) met on the way. What `kscript.parse` returns."""

from __future__ import annotations

from dataclasses import dataclass

from kscript.core.diagnostics import Diagnostic
from kscript.core.lines import LineTable
from kscript.language.build import build
from kscript.language.model import Script
from kscript.language.source import Source, load


@dataclass(eq=False, repr=False)
class Parsed:
    path: str
    lines: LineTable  # the text as written: `lines.render()` gives it back exactly
    script: Script  # the model: title page, cast, images, scenes, shots
    diagnostics: list[Diagnostic]  # syntax errors only (KS001, KS002); `kscript.lint` runs the rules
    source: Source  # the reading pass's view: normalised and hidden text blanked, same lines and columns

    @property
    def ok(self) -> bool:
        return not self.diagnostics


def parse(text: str, path: str = "<string>") -> Parsed:
    source = load(path, text)
    script, problems = build(source)
    diagnostics = sorted(source.diagnostics + problems, key=Diagnostic.sort_key)
    for d in diagnostics:
        d.locate(source.table)
    return Parsed(path, source.table, script, diagnostics, source)
