"""KS203: a scene longer than 15 seconds in all.

One request makes at most 15 seconds of video, however many shots it has. A
longer scene fails when the job runs, with "Total shot duration (16s) exceeds
maximum allowed (15s)."

Bad::

    INT. DEPOT - NIGHT

    SHOT 8s - WIDE
    Rain drums on the roof.

    SHOT 8s - CLOSE
    Water drips from the lamp.

Good: shorten the shots, or split the scene in two::

    INT. DEPOT - NIGHT

    SHOT 7s - WIDE
    Rain drums on the roof.

    SHOT 8s - CLOSE
    Water drips from the lamp.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.check.rules.ks201_shot_duration import valid
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.words import counted

CODE = "KS203"
SEVERITY = "error"
SUMMARY = "scene longer than 15 seconds in all"


def api_message(total: int) -> str:
    return f"Total shot duration ({total}s) exceeds maximum allowed (15s)."


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    from kscript.check.by_model import ranged

    if not ranged(compiled.profile):
        return  # KS702's
    scene = compiled.scene
    if any(s.duration is not None and not valid(s.duration) for s in scene.shots):
        return
    total = compiled.total_duration
    if total > 15:
        defaulted = sum(1 for s in scene.shots if s.duration is None)
        note = f" ({counted(defaulted, 'shot')} without a duration count 5s each)" if defaulted else ""
        yield ctx.report(
            CODE,
            f"scene {scene.id} lasts {total}s in all{note} (the API says: {api_message(total)})",
            scene.span,
            f"shorten its shots by {total - 15}s, or split it into two scenes",
        )


def check_payload(ctx) -> Iterator[Diagnostic]:
    from kscript.check.by_model import ranged

    if not ranged(ctx.profile):
        return
    total = ctx.total_duration()
    if total is not None and total > 15:
        yield ctx.report(
            CODE,
            f"the shots last {total}s in all (the API says: {api_message(total)})",
            ctx.prompt_span(),
            f"shorten the shots by {total - 15}s, or split the request in two",
        )
