"""KS702: a duration the model does not take.

The v2.6 models make videos of 5 or 10 seconds and nothing else; the video
edit and motion-control models take no duration at all (the output is as long
as the input video). A scene on such a model with another duration would be
refused when the job runs, or would not last what the script says. Reported
at the duration; on these models KS201 to KS203 are silent (this rule says
it). In a payload file: a `duration` outside the model's choices, or any
`duration` on a model that takes none.

Bad::

    Model: kling-video-v2-6-pro-text-to-video

    INT. DEPOT - NIGHT

    SHOT 7s - WIDE
    Rain drums on the roof.

Good::

    Model: kling-video-v2-6-pro-text-to-video

    INT. DEPOT - NIGHT

    SHOT 5s - WIDE
    Rain drums on the roof.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.by_model import known
from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.models.profiles import Profile, profile

CODE = "KS702"
SEVERITY = "error"
SUMMARY = "a duration the model does not take (5 or 10 s only; none on video edit and motion control)"


def nearest(prof: Profile, seconds: float) -> int:
    assert prof.durations is not None and prof.durations.choices
    return min(prof.durations.choices, key=lambda c: (abs(c - seconds), c))


def _choice(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    prof = known(compiled)
    if prof is None:
        return  # an unknown model: KS106 says so
    shots = compiled.scene.shots
    if prof.durations is None:
        for shot in shots:
            if shot.duration_text is not None and shot.duration_span is not None:
                yield ctx.report(
                    CODE,
                    f"`{prof.id}` takes no duration: the video is as long as the input video, so `{shot.duration_text}` would not be sent",
                    shot.duration_span,
                    f"write `SHOT` without a duration; `Video length: {shot.duration_text}` tells the cost estimate the input's length",
                )
    elif prof.durations.choices and len(shots) == 1:  # several shots on a one-shot model: KS703
        shot = shots[0]
        if shot.duration is not None and shot.duration not in prof.durations.choices and shot.duration_span is not None:
            near = nearest(prof, shot.duration)
            yield ctx.report(
                CODE,
                f"`{prof.id}` makes videos of {prof.durations.text()} only, not `{shot.duration_text}`",
                shot.duration_span,
                f"use `{near}s`",
            )


def check_payload(ctx) -> Iterator[Diagnostic]:
    model = ctx.data.get("model")
    prof = profile(model) if isinstance(model, str) else None
    if prof is None:
        return
    for path, value in ctx.durations():
        if value is None:
            continue
        if prof.durations is None:
            yield ctx.report(
                CODE,
                f"`{prof.id}` takes no duration: the video is as long as the input video",
                ctx.span(path, key=True),
                "remove `duration`",
            )
        elif prof.durations.choices:
            seconds = _choice(value)
            if seconds is None or seconds not in prof.durations.choices:
                help = f"use {nearest(prof, seconds)}" if seconds is not None else "use " + " or ".join(map(str, prof.durations.choices))
                yield ctx.report(CODE, f"`{prof.id}` makes videos of {prof.durations.text()} only, not `{value}`", ctx.span(path), help)
