"""KS007: the script has no scene.

Every scene compiles to one request; a script without a scene heading
compiles to nothing at all.

Bad::

    Title: Night Shift

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

Good::

    Title: Night Shift

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara waits.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span

CODE = "KS007"
SEVERITY = "warning"
SUMMARY = "the script has no scene"
ACROSS = "scenes"  # compares scenes: reads the scenes of the whole script (kscript/check/rules: ACROSS)


def check_across(ctx: ScriptContext) -> Iterator[Diagnostic]:
    if not ctx.script.scenes:
        yield ctx.report(
            CODE,
            "the script has no scene, so it compiles to nothing",
            Span.at(1, 1),
            "start a scene with a heading such as `INT. KITCHEN - DAY`, then a `SHOT` line",
        )
