"""KS005: a shot with no text.

A shot with neither a camera direction nor any action or dialogue gives the
model only the style to work from: a paid shot of nothing in particular.

Bad::

    INT. DEPOT - NIGHT

    SHOT 4s

    SHOT 3s - CLOSE ON her hands
    A gloved hand turns the wick down.

Good::

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    Rain drums on the roof.

    SHOT 3s - CLOSE ON her hands
    A gloved hand turns the wick down.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.language.model import Shot

CODE = "KS005"
SEVERITY = "error"
SUMMARY = "a shot with no text"


def check_shot(ctx: ScriptContext, shot: Shot, compiled: CompiledScene) -> Iterator[Diagnostic]:
    if shot.direction is None and not shot.paragraphs:
        yield ctx.report(
            CODE,
            "this shot has no text to send",
            shot.span,
            "write the shot's action on the lines below it, or a camera direction: `SHOT 4s - WIDE`",
        )
