"""KS105: `End frame` without `Start frame`.

The API takes a last frame (`tail_image_url`) only together with a first
frame (`start_image_url`); a request with only the end frame is refused when
the job runs. (Where the model takes no end frame, KS701 says so; where it
requires the start frame, KS705.)

Bad::

    INT. DEPOT - NIGHT
    End frame: https://cdn.example.com/frames/last.png

Good::

    INT. DEPOT - NIGHT
    Start frame: https://cdn.example.com/frames/first.png
    End frame: https://cdn.example.com/frames/last.png
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic

CODE = "KS105"
SEVERITY = "error"
SUMMARY = "`End frame` without `Start frame`"


def _said_elsewhere(prof) -> bool:
    """A model without an end frame (KS701) or that requires the start frame (KS705)."""
    return not prof.takes("tail_image_url") or (prof.start_frame_is_input_image and "input_image" in prof.required)


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    scene = compiled.scene
    if _said_elsewhere(compiled.profile):
        return
    end = scene.setting("end frame")
    if end is not None and scene.setting("start frame") is None:
        yield ctx.report(
            CODE,
            "`End frame` needs a `Start frame` in the same scene",
            end.key_span,
            "add `Start frame: URL` under the scene heading, or remove the end frame",
        )


def check_payload(ctx) -> Iterator[Diagnostic]:
    if _said_elsewhere(ctx.profile):
        return
    if "tail_image_url" in ctx.data and "start_image_url" not in ctx.data:
        yield ctx.report(
            CODE,
            "`tail_image_url` needs `start_image_url`",
            ctx.span(("tail_image_url",), key=True),
            "add `start_image_url`, or remove `tail_image_url`",
        )
