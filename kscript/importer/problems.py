"""What an import reports: where (a file, a request, a field), what, and what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    where: str  # "shots.json, request 2: multi_prompt[1].prompt"
    message: str
    severity: str = "error"  # "error": nothing is written; "warning": written, but not byte for byte
    help: str | None = None

    def render(self) -> str:
        text = f"{self.where}: {self.severity}: {self.message}"
        return text + (f"\n  help: {self.help}" if self.help else "")
