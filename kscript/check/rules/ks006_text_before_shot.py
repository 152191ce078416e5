"""KS006: text before a scene's first shot is not sent.

Only shots become prompts. Action written between a scene heading (and its
settings) and the first `SHOT` line belongs to no shot, so it never reaches
the model, which is rarely what the writer meant.

Bad::

    INT. DEPOT - NIGHT

    Rain drums on the roof.

    SHOT 4s - WIDE
    @Mara waits.

Good::

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    Rain drums on the roof. @Mara waits.

Text meant for people only can go in a note: `[[ rain all night ]]`.

A paragraph that opens with a line that looks like a SHOT line (`Shot -
WIDE`) is KS013's. A scene with no shot at all is KS004's (one diagnostic for the scene, not
one per paragraph), so this rule is quiet there.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span
from kscript.language.shot_like import looks_like_shot

CODE = "KS006"
SEVERITY = "warning"
SUMMARY = "text before a scene's first shot is not sent"


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    scene = compiled.scene
    if not scene.shots:
        return  # KS004 says it once for the whole scene
    previous = -1
    for line in scene.loose_text:
        # One diagnostic per paragraph; one that opens like a SHOT line is KS013's.
        if line.line != previous + 1 and not looks_like_shot(line.text):
            yield ctx.report(
                CODE,
                "text before the scene's first shot is not sent",
                Span.at(line.line, line.column, len(line.text)),
                "move it below a `SHOT` line, or make it a note `[[ … ]]`",
            )
        previous = line.line
