"""KS307: a dialogue cue that is not a cast member.

A cue that names a cast member becomes its `@ElementN`, so the model knows
who speaks. Any other cue is sent as written (`[NARRATOR]: "…"`), which the
model reads as plain text. Fine for a voice-over; a mistake for a misspelt
member.

Bad::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    INT. DEPOT - NIGHT
    Audio: on

    SHOT 4s - WIDE
    @Mara looks up.

    MARRA
    You left the light on.

Good::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    INT. DEPOT - NIGHT
    Audio: on

    SHOT 4s - WIDE
    @Mara looks up.

    MARA
    You left the light on.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.words import did_you_mean

CODE = "KS307"
SEVERITY = "warning"
SUMMARY = "dialogue cue that is not a cast member"


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    cast = [m.name for m in ctx.script.cast]
    scene = compiled.scene
    for shot in scene.shots:
        for paragraph in shot.paragraphs:
            if paragraph.kind != "dialogue" or paragraph.cue.lower() in ctx.decl.cast:
                continue
            guess = did_you_mean(paragraph.cue, cast)
            yield ctx.report(
                CODE,
                f"cue `{paragraph.cue}` is not a cast member, so the speaker is sent as plain text",
                paragraph.cue_span or paragraph.span,
                f"did you mean `{guess}`?" if guess else "declare the speaker under CAST with a `front` image, or start the line with `!` if it is action",
            )
