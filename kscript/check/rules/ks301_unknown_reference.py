"""KS301: a reference to an undeclared name.

`@name` in sent text must name a cast member or an image. An unknown name
would reach the model as a literal `@name`, which it cannot resolve. Write
`@@` for a literal `@`.

Bad::

    IMAGES

    depot: https://cdn.example.com/depot.jpg

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    Rain drums on the roof of @deppot.

Good::

    IMAGES

    depot: https://cdn.example.com/depot.jpg

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    Rain drums on the roof of @depot.

Fix (unsafe): writes the suggested name, in the case the reference was
written in. Which cast member or image was meant is a guess, and it decides
what is sent.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext, scene_references
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.words import did_you_mean
from kscript.language.references import RESERVED

CODE = "KS301"
SEVERITY = "error"
SUMMARY = "reference to an undeclared name (suggest the closest)"
FIX = "unsafe"


def in_style_of(name: str, typed: str) -> str:
    """`name` written the way the user writes names (`@Mara` for a cast member declared `MARA`)."""
    if typed.isupper():
        return name.upper()
    if typed.islower():
        return name.lower()
    if typed[:1].isupper() and typed[1:].islower():
        return name[:1].upper() + name[1:].lower()
    return name


def check_script(ctx: ScriptContext) -> Iterator[Diagnostic]:
    yield from _check(ctx, ctx.preamble_references)


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    yield from _check(ctx, scene_references(compiled.scene))


def _check(ctx: ScriptContext, references) -> Iterator[Diagnostic]:
    known = ctx.decl.names()
    for ref in references:
        low = ref.name.lower()
        if low in ctx.decl.cast or low in ctx.decl.images or RESERVED.match(ref.name):
            continue
        guess = did_you_mean(ref.name, known)
        fix = None
        if guess:
            written = f"@{in_style_of(guess, ref.name)}"
            help = f"did you mean `{written}`?"
            fix = ctx.replace(ref.span, written, "unsafe", f"write `{written}`")
        elif known:
            help = "declare it under CAST or IMAGES, or write `@@` for a literal `@`"
        else:
            help = "declare it under CAST (`NAME - …` with `front: URL`) or IMAGES (`name: URL`)"
        yield ctx.report(CODE, f"`@{ref.name}` is not declared", ref.span, help, fix)
