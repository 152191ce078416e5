"""KS305: a cast member with more than 3 `also` images.

An element carries one frontal image and at most 3 `reference_image_urls`.

Bad::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara/front.png
      also: https://cdn.example.com/mara/1.png, https://cdn.example.com/mara/2.png
      also: https://cdn.example.com/mara/3.png, https://cdn.example.com/mara/4.png

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara waits.

Good: keep the three that show the most::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara/front.png
      also: https://cdn.example.com/mara/1.png, https://cdn.example.com/mara/2.png
      also: https://cdn.example.com/mara/3.png

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara waits.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.core.diagnostics import Diagnostic

CODE = "KS305"
SEVERITY = "error"
SUMMARY = "cast member with more than 3 `also` images"


def check_cast(ctx: ScriptContext) -> Iterator[Diagnostic]:
    for member in ctx.script.cast:
        if len(member.also) > 3:
            yield ctx.report(
                CODE,
                f"cast member {member.name} has {len(member.also)} `also` images; an element takes at most 3",
                member.also[3].value_span,
                f"remove {len(member.also) - 3} of them",
            )
