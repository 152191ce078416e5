"""KS011: text before the first scene is not sent.

A screenplay often opens with action or a voice-over before its first scene
heading. Only shots inside scenes become prompts, so that prologue never
reaches the model. It is one warning for the whole prologue, at its first
line, not an error per paragraph. Transitions (`FADE IN:`) are not text:
they are never sent and never reported.

Bad::

    A match flares in the dark.

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara waits in @depot.

Good::

    FADE IN:

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    A match flares in the dark. @Mara waits in @depot.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span

CODE = "KS011"
SEVERITY = "warning"
SUMMARY = "text before the first scene is not sent"


def check_script(ctx: ScriptContext) -> Iterator[Diagnostic]:
    prologue = ctx.script.prologue
    if not prologue:
        return
    first = prologue[0]
    lines = len(prologue)
    yield ctx.report(
        CODE,
        f"text before the first scene is not sent ({lines} line{'' if lines == 1 else 's'}, up to line {prologue[-1].line})",
        Span.at(first.line, first.column, len(first.text)),
        "move what the model should see into a shot under a scene heading, or hide the rest in a note `[[ … ]]`",
    )
