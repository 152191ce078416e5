"""KS008: two scenes with the same id.

A scene's id is its number (`#12#`) or, without one, its position. Ids name
the scenes in `--scene`, in file names and in the journal of paid
generations, so two scenes may never share one.

Bad::

    INT. DEPOT - NIGHT #1#

    SHOT 4s - WIDE
    Rain drums on the roof.

    EXT. MARKET - NIGHT #1#

    SHOT 4s - WIDE
    Steam rises from the stalls.

Good::

    INT. DEPOT - NIGHT #1#

    SHOT 4s - WIDE
    Rain drums on the roof.

    EXT. MARKET - NIGHT #2#

    SHOT 4s - WIDE
    Steam rises from the stalls.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.core.diagnostics import Diagnostic

CODE = "KS008"
SEVERITY = "error"
SUMMARY = "two scenes with the same id"
ACROSS = "scenes"  # compares scenes: reads every scene's id and position (kscript/check/rules: ACROSS)


def check_across(ctx: ScriptContext) -> Iterator[Diagnostic]:
    seen: dict[str, int] = {}
    for scene in ctx.script.scenes:
        key = scene.id
        if key in seen:
            yield ctx.report(
                CODE,
                f"scene id `{scene.id}` is already used by the scene on line {seen[key]}",
                scene.number_span or scene.span,
                "give this scene a number of its own, such as `#" + _free_id(scene.id, seen) + "#`",
            )
        else:
            seen[key] = scene.span.line


def _free_id(taken: str, seen: dict[str, int]) -> str:
    for suffix in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if taken + suffix not in seen:
            return taken + suffix
    return taken + "-2"
