"""KS501: dialogue in a scene whose audio is off.

Dialogue is spoken only when the request asks for audio. The API's default is
no audio, so a scene with dialogue and no `Audio: on` (on the title page or
the scene) makes a silent video of people moving their lips.

Bad::

    INT. DEPOT - NIGHT

    SHOT 5s
    MARA
    You left the light on.

Good::

    INT. DEPOT - NIGHT
    Audio: on

    SHOT 5s
    MARA
    You left the light on.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic

CODE = "KS501"
SEVERITY = "warning"
SUMMARY = "dialogue in a scene whose audio is off"


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    if compiled.request.get("generate_audio") is True:
        return
    setting = compiled.effective.get("audio")
    if setting is not None and "generate_audio" not in compiled.request:
        return  # an invalid Audio value: KS103 says what is wrong
    for shot in compiled.scene.shots:
        dialogue = next((p for p in shot.paragraphs if p.kind == "dialogue"), None)
        if dialogue is not None:
            why = "`Audio: off`" if "audio" in compiled.effective else "no `Audio: on` (the API's default is silent)"
            yield ctx.report(
                CODE,
                f"dialogue in scene {compiled.scene.id}, which has {why}, so it will not be heard",
                dialogue.cue_span or dialogue.span,
                "add `Audio: on` under the scene heading or on the title page",
            )
            break
