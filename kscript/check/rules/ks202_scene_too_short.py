"""KS202: a scene shorter than 3 seconds in all.

The API makes videos of 3 to 15 seconds. A request whose shots add up to less
than 3 seconds fails when the job runs, with "duration value '2' is invalid.
Try using duration='5' instead, as duration support may vary by model and
mode."

Bad::

    INT. DEPOT - NIGHT

    SHOT 2s - WIDE
    A lamp blinks.

Good::

    INT. DEPOT - NIGHT

    SHOT 3s - WIDE
    A lamp blinks.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.check.rules.ks201_shot_duration import valid
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic

CODE = "KS202"
SEVERITY = "error"
SUMMARY = "scene shorter than 3 seconds in all"


def api_message(total: int) -> str:
    return (
        f"duration value '{total}' is invalid. Try using duration='5' instead, "
        "as duration support may vary by model and mode."
    )


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    from kscript.check.by_model import ranged

    if not ranged(compiled.profile):
        return  # KS702's
    scene = compiled.scene
    if not scene.shots or any(s.duration is not None and not valid(s.duration) for s in scene.shots):
        return  # KS004 or KS201 already says what is wrong
    total = compiled.total_duration
    if total < 3:
        yield ctx.report(
            CODE,
            f"scene {scene.id} lasts {total}s in all; the API needs at least 3s (the API says: {api_message(total)})",
            scene.span,
            "lengthen its shots to 3 seconds or more in all",
        )


def check_payload(ctx) -> Iterator[Diagnostic]:
    from kscript.check.by_model import ranged

    if not ranged(ctx.profile):
        return
    total = ctx.total_duration()
    if total is not None and total < 3:
        yield ctx.report(
            CODE,
            f"the shots last {total}s in all; the API needs at least 3s (the API says: {api_message(total)})",
            ctx.prompt_span(),
            "lengthen the shots to 3 seconds or more in all",
        )
