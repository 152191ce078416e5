"""KS705: an input the model requires is missing.

The image-to-video models make a video from a first frame (`Start frame`,
sent as `input_image`); motion control needs the character's image (`Start
frame`) and the motion's video (`Video`); the video edit model edits a
`Video`. Without it the request is refused when the job runs. Reported at the
scene heading (or, in a payload file, at `model`).

Bad::

    Model: kling-video-o3-pro-video-to-video-edit

    INT. DEPOT - NIGHT

    SHOT
    Make it rain.

Good::

    Model: kling-video-o3-pro-video-to-video-edit

    INT. DEPOT - NIGHT
    Video: https://cdn.example.com/takes/depot.mp4

    SHOT
    Make it rain.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.by_model import known
from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.language.settings import SPECS
from kscript.models.profiles import Profile, profile

CODE = "KS705"
SEVERITY = "error"
SUMMARY = "an input the model requires is missing (a start frame, a video)"

# `prompt` is KS602's (payloads) and always there in a script (KS004, KS005).
_SAID_ELSEWHERE = ("prompt",)

_WHAT = {"input_image": "an image to start from", "input_video": "a video"}


def missing(prof: Profile, request: dict) -> list[str]:
    return [f for f in prof.required if f not in _SAID_ELSEWHERE and f not in request]


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    prof = known(compiled)
    if prof is None:
        return  # an unknown model: KS106 says so
    for field in missing(prof, compiled.request):
        setting = prof.setting_for(field)
        name = SPECS[setting].name if setting else field
        yield ctx.report(
            CODE,
            f"scene {compiled.scene.id} has no `{name}`: `{prof.id}` needs {_WHAT.get(field, field)} (`{field}`)",
            compiled.scene.span,
            f"add `{name}: URL` under the scene heading (or on the title page for every scene)",
        )


def check_payload(ctx) -> Iterator[Diagnostic]:
    model = ctx.data.get("model")
    prof = profile(model) if isinstance(model, str) else None
    if prof is None:
        return
    for field in missing(prof, ctx.data):
        yield ctx.report(
            CODE,
            f"`{prof.id}` needs `{field}` ({_WHAT.get(field, field)})",
            ctx.span(("model",), key=True),
            f"add `\"{field}\": URL`",
        )
