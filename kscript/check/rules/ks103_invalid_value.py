"""KS103: an invalid setting value.

Each setting takes a fixed kind of value: `Aspect` is `16:9`, `9:16` or `1:1`;
`Audio` is `on` or `off`; `Output` is `url` or `base64`; `Generations` is a
whole number from 1 to 4; `Namespace` a user or organisation name. The API
would refuse anything else when the job runs, after the request was paid for.
In payload files the same holds for `aspect_ratio`, `response_format` and
`generate_audio`.

Bad::

    Aspect: 4:3
    Audio: loud

Good::

    Aspect: 16:9
    Audio: on

Fix (unsafe): writes the closest allowed value (`Audio: of` to `off`,
`"aspect_ratio": "16:10"` to `"16:9"`) when one is close. The value sent
changes: a guess to review.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.words import did_you_mean
from kscript.language.settings import SPECS, allowed_text, parse_value

CODE = "KS103"
SEVERITY = "error"
SUMMARY = "invalid setting value (list the allowed ones)"
FIX = "unsafe"

PAYLOAD_ENUMS = {"aspect_ratio": ("16:9", "9:16", "1:1"), "response_format": ("url", "b64_json")}


def check_script(ctx: ScriptContext) -> Iterator[Diagnostic]:
    yield from _check(ctx, ctx.script.title_page)


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    yield from _check(ctx, compiled.scene.settings)


def _check(ctx: ScriptContext, settings) -> Iterator[Diagnostic]:
    for setting in settings:
        if not setting.known or setting.key in ("model", "start frame", "end frame"):
            continue  # the model is KS106's, frames are URLs (KS308)
        _, problem = parse_value(setting.key, setting.value)
        if problem is None:
            continue
        guess = did_you_mean(setting.value.strip(), SPECS[setting.key].allowed) if setting.value.strip() else None
        help = f"did you mean `{guess}`? " if guess else ""
        help += f"`{SPECS[setting.key].name}` takes {allowed_text(setting.key)}"
        fix = ctx.replace_value(setting, guess, "unsafe", f"write `{guess}`") if guess else None
        yield ctx.report(CODE, f"invalid `{SPECS[setting.key].name}`: {problem}", setting.value_span, help, fix)


def check_payload(ctx) -> Iterator[Diagnostic]:
    data = ctx.data
    for key, allowed in PAYLOAD_ENUMS.items():
        value = data.get(key)
        if key in data and isinstance(value, str) and value not in allowed:
            guess = did_you_mean(value, allowed)
            yield ctx.report(
                CODE,
                f"invalid `{key}`: `{value}`",
                ctx.span((key,)),
                (f"did you mean `{guess}`? " if guess else "") + "allowed: " + ", ".join(f"`{a}`" for a in allowed),
                ctx.rewrite_string((key,), guess, f"write `{guess}`") if guess else None,
            )
