"""KS304: a cast member without `front`.

Every element the API takes needs a `frontal_image_url`: the image that shows
who or what the member is. Without it the member cannot be sent.

Bad::

    CAST

    MARA - courier, early 30s
      voice: low and tired

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara waits.

Good::

    CAST

    MARA - courier, early 30s
      front: https://cdn.example.com/mara/front.png
      voice: low and tired

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara waits.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.core.diagnostics import Diagnostic

CODE = "KS304"
SEVERITY = "error"
SUMMARY = "cast member without `front`"


def check_cast(ctx: ScriptContext) -> Iterator[Diagnostic]:
    for member in ctx.script.cast:
        if member.front is None:
            yield ctx.report(
                CODE,
                f"cast member {member.name} has no `front` image",
                member.span,
                "add an indented line under the name: `  front: https://…/front.png`",
            )
