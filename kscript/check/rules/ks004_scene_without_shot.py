"""KS004: a scene with no shot.

Each scene compiles to one request, and a request needs at least one prompt.
A scene with no `SHOT` line would send nothing the model can use. A plain
screenplay has no `SHOT` lines at all: each of its scenes gets this one
diagnostic, whose help names the line to put the first `SHOT` above, and
its paragraphs are not reported again one by one (KS006 is quiet there).

Bad::

    INT. DEPOT - NIGHT
    @Mara waits by the door.

Good::

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara waits by the door.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic

CODE = "KS004"
SEVERITY = "error"
SUMMARY = "a scene with no shot"


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    scene = compiled.scene
    if scene.shots:
        return
    if scene.loose_text:
        first = scene.loose_text[0].line
        help_text = f"add `SHOT 5s - ` above line {first} (the scene's text below it becomes the shot's prompt)"
    else:
        help_text = "add a shot under the heading, such as `SHOT 4s - WIDE` followed by its action"
    yield ctx.report(CODE, f"scene {scene.id} has no shot: nothing in it is sent", scene.span, help_text)
