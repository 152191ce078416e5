"""The lint gate of `compile`, `plan` and `submit`: a script's requests are compiled for
sending only when the checker finds no error in it. The command line prints the findings
and turns a refusal into its exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kscript.core.exits import Exit


@dataclass
class Passed:
    """The gate's verdict: the checked file (its diagnostics narrowed to those worth showing:
    warnings and errors), the compiled scenes selected, and a refusal (None: go on)."""

    result: Any
    compiled: list = field(default_factory=list)
    refusal: str | None = None
    code: int = Exit.FAIL
    printable: bool = True  # the diagnostics are a script's (a file that cannot be read has none)


def gate(file: str, cfg, *, queue: bool, scenes: tuple[str, ...] = (), base_url: str | None = None, frames=None) -> Passed:
    """Lint `file`; refuse it on any error; its compiled scenes, only `scenes` when given.
    `base_url` and `frames` as kscript.check.runner.lint_path takes them (local files' addresses,
    chained scenes' frames)."""
    from kscript.check.runner import lint_path

    result = lint_path(file, cfg, queue=queue, base_url=base_url, frames=frames)
    if result.read_error:
        return Passed(result, refusal=f"{result.path}: cannot read: {result.read_error}", code=Exit.USAGE, printable=False)
    if file != "-" and result.source is None:
        return Passed(result, refusal=f"{file}: `compile` and `submit` take a .kscript script, not a payload file", code=Exit.USAGE, printable=False)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    result.diagnostics = [d for d in result.diagnostics if d.severity != "info"]
    if errors:
        return Passed(result, refusal=f"{result.path}: {len(errors)} error{'s' if len(errors) != 1 else ''}; nothing was compiled")
    compiled = result.compiled
    if not compiled:
        return Passed(result, refusal=f"{result.path}: the script has no scene")
    if scenes:
        by_id = {c.scene.id: c for c in compiled}
        unknown = [s for s in scenes if s not in by_id]
        if unknown:
            ids = ", ".join(c.scene.id for c in compiled)
            return Passed(result, refusal=f"no scene {', '.join(repr(u) for u in unknown)} in {result.path}; its scenes are: {ids}", code=Exit.USAGE)
        compiled = [by_id[s] for s in dict.fromkeys(scenes)]
    return Passed(result, compiled)
