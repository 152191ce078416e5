"""KS303: a name declared twice.

Cast and image names share one space and are matched without regard to case,
so `MARA` and `mara` are one name. A second declaration would make `@mara`
ambiguous.

Bad::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    IMAGES

    mara: https://cdn.example.com/mara_look.jpg

Good::

    IMAGES

    mara_look: https://cdn.example.com/mara_look.jpg
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.core.diagnostics import Diagnostic

CODE = "KS303"
SEVERITY = "error"
SUMMARY = "a name declared twice"


def check_cast(ctx: ScriptContext) -> Iterator[Diagnostic]:
    seen: dict[str, int] = {}
    for decl in ctx.declarations:
        low = decl.name.lower()
        if low in seen:
            yield ctx.report(
                CODE,
                f"`{decl.name}` is already declared on line {seen[low]} (names ignore case)",
                decl.span,
                "rename one of them, e.g. `" + decl.name + "_2`",
            )
        else:
            seen[low] = decl.span.line
