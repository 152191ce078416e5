"""KS306: a cast member or image that no scene refers to.

Only what a scene references is sent with it, so an unreferenced declaration
does nothing. Usually a reference is misspelt or was forgotten.

Bad::

    IMAGES

    market: https://cdn.example.com/looks/neon_market.jpg

    EXT. MARKET - NIGHT

    SHOT 4s - WIDE
    Steam rises from the stalls.

Good::

    IMAGES

    market: https://cdn.example.com/looks/neon_market.jpg

    EXT. MARKET - NIGHT

    SHOT 4s - WIDE
    Steam rises from the stalls of @market.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import referenced_names
from kscript.core.diagnostics import Diagnostic
from kscript.language.model import CastMember
from kscript.language.references import as_reference

CODE = "KS306"
SEVERITY = "warning"
SUMMARY = "cast member or image never referenced"
ACROSS = "names"  # compares scenes: reads the names every scene sends (kscript/check/rules: ACROSS)


def check_across(ctx: ScriptContext) -> Iterator[Diagnostic]:
    if not ctx.compiled:
        return  # KS007 says the real thing
    used: set[str] = set()
    for compiled in ctx.compiled:
        used |= referenced_names(compiled)
    for decl in ctx.declarations:
        if decl.name.lower() not in used:
            kind = "cast member" if isinstance(decl, CastMember) else "image"
            yield ctx.report(
                CODE,
                f"{kind} `{decl.name}` is never referenced, so it is never sent",
                decl.span,
                f"refer to it in a shot as `{as_reference(decl.name)}`, or remove the declaration",
            )
