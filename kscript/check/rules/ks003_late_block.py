"""KS003: a CAST or IMAGES block after the first scene.

Declarations come before the first scene, so that a reader (and kscript) knows
every name before it is used. A block below a scene heading is read, so its
names still resolve, but it is an error.

Bad::

    INT. DEPOT - NIGHT

    SHOT 4s
    @Mara waits.

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

Good::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    INT. DEPOT - NIGHT

    SHOT 4s
    @Mara waits.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.core.diagnostics import Diagnostic

CODE = "KS003"
SEVERITY = "error"
SUMMARY = "a CAST or IMAGES block after the first scene"


def check_script(ctx: ScriptContext) -> Iterator[Diagnostic]:
    for span in ctx.script.late_blocks:
        word = ctx.source.line_text(span.line).strip()
        yield ctx.report(
            CODE,
            f"`{word}` block after the first scene",
            span,
            "move the block above the first scene heading: declarations come first",
        )
