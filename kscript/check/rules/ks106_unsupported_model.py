"""KS106: an unknown model.

`Model:` (on the title page, or in a scene for that scene alone) takes the id
of one of the Kling models kscript has a profile for (`kscript models` lists
them). Any other name would be refused by the API as "Model not found", and
kscript could not check the scene against the model's rules. The message
suggests the closest id.

Bad::

    Model: kling-video-o3-omnii

Good::

    Model: kling-video-o3-omni

(or leave `Model` out: `kling-video-o3-pro-reference-to-video` is the default).

Fix (unsafe): writes the closest id, in a script or a payload file. Which
model was meant is a guess, and it decides what is sent and what it costs.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.models.profiles import DEFAULT_MODEL, IDS, closest, profile

CODE = "KS106"
SEVERITY = "error"
SUMMARY = "an unknown model (suggest the closest id)"
FIX = "unsafe"


def suggestion(model: str) -> str | None:
    """The id to write instead: kept as data so that a fix can use it."""
    return closest(model)


def _help(model: str) -> str:
    guess = suggestion(model)
    if guess:
        return f"did you mean `{guess}`?"
    return f"`kscript models` lists the {len(IDS)} models; leave `Model` out for the default, `{DEFAULT_MODEL}`"


def check_script(ctx: ScriptContext) -> Iterator[Diagnostic]:
    yield from _check(ctx, ctx.script.title_page)


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    yield from _check(ctx, compiled.scene.settings)


def _check(ctx: ScriptContext, settings) -> Iterator[Diagnostic]:
    for setting in settings:
        if setting.known and setting.key == "model" and profile(setting.value) is None:
            model = setting.value.strip()
            guess = suggestion(model)
            fix = ctx.replace_value(setting, guess, "unsafe", f"write `{guess}`") if guess else None
            yield ctx.report(CODE, f"unknown model `{model}`", setting.value_span, _help(model), fix)


def check_payload(ctx) -> Iterator[Diagnostic]:
    model = ctx.data.get("model")
    if isinstance(model, str) and profile(model) is None:
        guess = suggestion(model)
        fix = ctx.rewrite_string(("model",), guess, f"write `{guess}`") if guess else None
        yield ctx.report(CODE, f"unknown model `{model}`", ctx.span(("model",)), _help(model), fix)
