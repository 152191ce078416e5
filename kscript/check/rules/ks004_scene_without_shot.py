"""KS004: a scene with no shot.

Each scene compiles to one request, and a request needs at least one prompt.
A scene with no `SHOT` line would send nothing the model can use.

Bad::

    INT. DEPOT - NIGHT
    @Mara waits by the door.

Good::

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara waits by the door.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.check.diagnostics import Diagnostic

CODE = "KS004"
SEVERITY = "error"
SUMMARY = "a scene with no shot"


def check(ctx: ScriptContext) -> Iterator[Diagnostic]:
    for scene in ctx.script.scenes:
        if not scene.shots:
            yield ctx.report(
                CODE,
                f"scene {scene.id} has no shot",
                scene.span,
                "add a shot under the heading, such as `SHOT 4s - WIDE` followed by its action",
            )
