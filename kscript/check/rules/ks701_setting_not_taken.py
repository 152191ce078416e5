"""KS701: a setting the scene's model does not take.

Each model takes its own fields (docs/MODELS.md): `Aspect` means nothing to
the v2.6 image-to-video model (the image decides), `End frame` nothing to a
model without a last frame, `Guidance` exists only on the v2.6 text model.
kscript never sends a field the model does not take, so such a setting would
be silently lost: it is an error at its key. A title-page setting is
reported only when none of the scenes it reaches has a model that takes it.
In a payload file, a field of the Kling family that the payload's `model`
does not take is reported at its key.

Bad::

    Model: kling-video-v2-6-pro-image-to-video
    Aspect: 9:16

Good::

    Model: kling-video-v2-6-pro-image-to-video

(the start frame's shape decides the aspect ratio).
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.by_model import known
from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.language.settings import SPECS
from kscript.models.profiles import COMMON_SETTINGS, FIELD_ORDER, Profile, profile

CODE = "KS701"
SEVERITY = "error"
SUMMARY = "a setting the scene's model does not take"
# The title page's settings are judged against the models of every scene they reach.
ACROSS = "settings"


def _takes_text(prof: Profile) -> str:
    names = [SPECS[key].name for key, _ in prof.settings]
    return f"`{prof.id}` takes " + (", ".join(f"`{n}`" for n in names) if names else "no setting of its own") + " besides Style, Output, Namespace and Generations"


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    prof = known(compiled)
    if prof is None:
        return  # an unknown model: KS106 says so
    for setting in compiled.scene.settings:
        if setting.known and setting.key not in COMMON_SETTINGS and prof.field_of(setting.key) is None:
            yield ctx.report(
                CODE,
                f"`{SPECS[setting.key].name}` is not taken by `{prof.id}`, the model of scene {compiled.scene.id}",
                setting.key_span,
                f"remove it; {_takes_text(prof)}",
            )


def check_across(ctx: ScriptContext) -> Iterator[Diagnostic]:
    for setting in ctx.script.title_page:
        if not setting.known or setting.key in COMMON_SETTINGS:
            continue
        reached = [c for c in ctx.compiled if c.scene.setting(setting.key) is None]
        if not ctx.compiled:
            title_model = ctx.script.setting("model")
            prof = profile(title_model.value if title_model else None)
            models = [prof] if prof is not None else []
        else:
            models = [p for p in (known(c) for c in reached) if p is not None]
            if len(models) < len(reached):
                continue  # an unknown model (KS106): nothing to say about its settings
        if models and all(p.field_of(setting.key) is None for p in models):
            ids = sorted({p.id for p in models})
            yield ctx.report(
                CODE,
                f"`{SPECS[setting.key].name}` is not taken by " + ", ".join(f"`{i}`" for i in ids) + (", the script's model" if len(ids) == 1 else ", the scenes' models"),
                setting.key_span,
                f"remove it; {_takes_text(models[0])}",
            )


def check_payload(ctx) -> Iterator[Diagnostic]:
    model = ctx.data.get("model")
    prof = profile(model) if isinstance(model, str) else None
    if prof is None:
        return
    said_elsewhere = {"multi_prompt"} if not prof.multi_shot else set()  # KS703
    if prof.durations is None:
        said_elsewhere.add("duration")  # KS702
    for key in ctx.data:
        if key in FIELD_ORDER and not prof.takes(key) and key not in said_elsewhere:
            yield ctx.report(
                CODE,
                f"`{key}` is not taken by `{prof.id}`",
                ctx.span((key,), key=True),
                f"remove it; `{prof.id}` takes " + ", ".join(f"`{f}`" for f in prof.fields if f != "model"),
            )
