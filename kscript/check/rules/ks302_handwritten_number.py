"""KS302: a hand-written `@ElementN` or `@ImageN`.

In a script, the numbers are the compiler's to give: they depend on the order
in which each scene first refers to its cast and images. A hand-written
`@Element2` would point at whatever happens to be second. The names
`Element<N>` and `Image<N>` are reserved and cannot be declared either.

Bad::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    IMAGES

    depot: https://cdn.example.com/depot.jpg

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Element1 walks past @Image1.

Good::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    IMAGES

    depot: https://cdn.example.com/depot.jpg

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara walks past @depot.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext, scene_references
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.language.references import RESERVED

CODE = "KS302"
SEVERITY = "error"
SUMMARY = "hand-written `@ElementN` / `@ImageN`"


def check_script(ctx: ScriptContext) -> Iterator[Diagnostic]:
    yield from _numbered(ctx, ctx.preamble_references)


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    yield from _numbered(ctx, scene_references(compiled.scene))


def _numbered(ctx: ScriptContext, references) -> Iterator[Diagnostic]:
    for ref in references:
        if RESERVED.match(ref.name):
            yield ctx.report(
                CODE,
                f"`@{ref.name}` is numbered by hand; numbers are given per scene by the compiler",
                ref.span,
                "refer to the cast member or image by its name, such as `@Mara`",
            )


def check_cast(ctx: ScriptContext) -> Iterator[Diagnostic]:
    for decl in ctx.declarations:
        if RESERVED.match(decl.name):
            yield ctx.report(
                CODE,
                f"`{decl.name}` is a reserved name",
                decl.span,
                "choose another name: `Element<N>` and `Image<N>` are what the compiler writes",
            )
