"""KS104: a setting given twice in the same place.

When the title page, one scene's settings, or one cast member gives the same
key twice, only the first counts; the second is a mistake waiting to confuse a
reader. (A scene setting that overrides the title page is not a duplicate.)

Bad::

    Aspect: 9:16
    Aspect: 16:9

Good::

    Aspect: 9:16
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.language.settings import display

CODE = "KS104"
SEVERITY = "error"
SUMMARY = "a setting given twice in the same place"


def _duplicates(settings, where: str, ctx: ScriptContext) -> Iterator[Diagnostic]:
    first: dict[str, int] = {}
    for setting in settings:
        if not setting.known:
            continue
        if setting.key in first:
            yield ctx.report(
                CODE,
                f"`{display(setting.key)}` is given twice {where}; only the first, on line {first[setting.key]}, counts",
                setting.key_span,
                "delete one of the two lines",
            )
        else:
            first[setting.key] = setting.span.line


def check_script(ctx: ScriptContext) -> Iterator[Diagnostic]:
    yield from _duplicates(ctx.script.title_page, "on the title page", ctx)


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    yield from _duplicates(compiled.scene.settings, f"in scene {compiled.scene.id}", ctx)


def check_cast(ctx: ScriptContext) -> Iterator[Diagnostic]:
    for member in ctx.script.cast:
        seen: dict[str, int] = {}
        for attribute in member.attributes:
            if attribute.key == "also":
                continue  # repeatable by design
            if attribute.key in seen:
                yield ctx.report(
                    CODE,
                    f"`{attribute.key}` is given twice for {member.name}; only the first, on line {seen[attribute.key]}, counts",
                    attribute.span,
                    "more images of the member go in `also: URL, URL`" if attribute.key == "front" else "delete one of the two lines",
                )
            else:
                seen[attribute.key] = attribute.span.line
