"""KS706: a combination the model refuses.

Some models refuse two settings together: omni makes no audio when it is
given a video (`generate_audio` must be off), and motion control takes an
element only with `Orientation: video`. The API would refuse the request when
the job runs. Reported at whichever of the two comes later in the file (in a
scene, usually the scene's own line).

Bad::

    Model: kling-video-o3-omni
    Audio: on

    INT. STREET - NIGHT
    Video: https://cdn.example.com/takes/street.mp4

Good::

    Model: kling-video-o3-omni
    Audio: on

    INT. STREET - NIGHT
    Video: https://cdn.example.com/takes/street.mp4
    Audio: off
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kscript.check.by_model import known, reference_span, setting_of
from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.language.settings import SPECS
from kscript.models.profiles import Profile, Refusal, profile

CODE = "KS706"
SEVERITY = "error"
SUMMARY = "a combination the model refuses (audio with a video on omni; an element with orientation image on motion control)"


def _matches(request: dict[str, Any], field: str, value: object) -> bool:
    return field in request and (value is None or request[field] == value)


def refused(prof: Profile, request: dict[str, Any]) -> list[Refusal]:
    return [r for r in prof.refused if _matches(request, r.field, r.value) and _matches(request, r.with_field, r.with_value)]


def _words(prof: Profile, field: str, value: object) -> str:
    setting = prof.setting_for(field)
    if setting is None:
        return "a cast member (element)" if field == "elements" else f"`{field}`"
    name = SPECS[setting].name
    if value is None:
        return f"a `{name}`"
    shown = {True: "on", False: "off"}.get(value, value) if isinstance(value, bool) else value
    return f"`{name}: {shown}`"


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    prof = known(compiled)
    if prof is None:
        return  # an unknown model: KS106 says so
    for refusal in refused(prof, compiled.request):
        spans = []
        for field in (refusal.field, refusal.with_field):
            if field == "elements":
                spans.append(reference_span(ctx, compiled, compiled.elements[0].name))
            else:
                setting = setting_of(compiled, prof.setting_for(field) or "")
                if setting is not None:
                    spans.append(setting.key_span)
        span = max(spans) if spans else compiled.scene.span
        yield ctx.report(
            CODE,
            f"`{prof.id}` refuses {_words(prof, refusal.field, refusal.value)} with {_words(prof, refusal.with_field, refusal.with_value)} "
            f"in scene {compiled.scene.id}: {refusal.why}",
            span,
            "drop one of the two in this scene",
        )


def check_payload(ctx) -> Iterator[Diagnostic]:
    model = ctx.data.get("model")
    prof = profile(model) if isinstance(model, str) else None
    if prof is None:
        return
    for refusal in refused(prof, ctx.data):
        span = max(ctx.span((refusal.field,), key=True), ctx.span((refusal.with_field,), key=True))
        yield ctx.report(
            CODE,
            f"`{prof.id}` refuses `{refusal.field}` with `{refusal.with_field}`: {refusal.why}",
            span,
            f"remove `{refusal.field}` or `{refusal.with_field}`",
        )
