"""KS703: more shots than the model takes in one request.

Only the O3 reference, O3 image-to-video and omni models take several shots
in one request (`multi_prompt`). The v2.6 models, video edit and motion
control make one shot from one `prompt`: a scene of several SHOTs cannot be
sent to them as written. Reported at the first shot too many; in a payload
file, at `multi_prompt`.

Bad::

    Model: kling-video-v2-6-pro-text-to-video

    INT. DEPOT - NIGHT

    SHOT 5s - WIDE
    The tram leaves.

    SHOT 5s - CLOSE
    Its lights fade.

Good: one scene a shot, or a multi-shot model::

    Model: kling-video-o3-omni

    INT. DEPOT - NIGHT

    SHOT 5s - WIDE
    The tram leaves.

    SHOT 5s - CLOSE
    Its lights fade.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.by_model import known
from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.models.profiles import profile

CODE = "KS703"
SEVERITY = "error"
SUMMARY = "more shots than the model takes in one request"


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    prof = known(compiled)
    if prof is None:
        return  # an unknown model: KS106 says so
    shots = compiled.scene.shots
    if not prof.multi_shot and len(shots) > prof.max_shots:
        extra = shots[prof.max_shots]
        yield ctx.report(
            CODE,
            f"scene {compiled.scene.id} has {len(shots)} shots; `{prof.id}` makes one shot a request",
            extra.span,
            "split the scene into one scene a shot, or choose a multi-shot model (`kscript models`)",
        )


def check_payload(ctx) -> Iterator[Diagnostic]:
    model = ctx.data.get("model")
    prof = profile(model) if isinstance(model, str) else None
    if prof is not None and not prof.multi_shot and "multi_prompt" in ctx.data:
        yield ctx.report(
            CODE,
            f"`{prof.id}` makes one shot a request and takes no `multi_prompt`",
            ctx.span(("multi_prompt",), key=True),
            "send one `prompt` (and one request a shot)",
        )
