"""KS106: a model other than the supported one.

kscript compiles for `kling-video-o3-pro-reference-to-video`: its prompt
rules, reference numbering and prices are that model's. Another model name
would be sent rules it does not follow (or refused as "Model not found").

Bad::

    Model: kling-video-o3-omni

Good::

    Model: kling-video-o3-pro-reference-to-video

(or leave `Model` out: that model is the default).
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.check.diagnostics import Diagnostic
from kscript.language.settings import SUPPORTED_MODEL

CODE = "KS106"
SEVERITY = "error"
SUMMARY = "a model other than the supported one"
HELP = f"use `{SUPPORTED_MODEL}`, or leave the model out: it is the default"


def check(ctx: ScriptContext) -> Iterator[Diagnostic]:
    for setting in ctx.script.title_page:
        if setting.known and setting.key == "model" and setting.value.strip() != SUPPORTED_MODEL:
            yield ctx.report(CODE, f"model `{setting.value.strip()}` is not supported", setting.value_span, HELP)


def check_payload(ctx) -> Iterator[Diagnostic]:
    model = ctx.data.get("model")
    if isinstance(model, str) and model != SUPPORTED_MODEL:
        yield ctx.report(CODE, f"model `{model}` is not supported", ctx.span(("model",)), HELP)
