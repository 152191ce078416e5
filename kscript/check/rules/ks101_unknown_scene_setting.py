"""KS101: an unknown scene setting.

`Key: value` lines directly under a scene heading override the title page for
that scene. Only `Aspect`, `Audio`, `Avoid` (or `Negative`), `Style`,
`Output`, `Namespace`, `Generations`, `Start frame` and `End frame` may stand
there; anything else would be silently lost, so it is an error.

Bad::

    EXT. NIGHT MARKET - NIGHT
    Aspekt: 16:9

Good::

    EXT. NIGHT MARKET - NIGHT
    Aspect: 16:9

To write action that looks like a setting, leave a blank line under the
heading first, or force the line with `!`.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.check.diagnostics import Diagnostic, did_you_mean
from kscript.language.settings import SCENE_KEYS, SPECS, display

CODE = "KS101"
SEVERITY = "error"
SUMMARY = "unknown scene setting (suggest the closest)"


def check(ctx: ScriptContext) -> Iterator[Diagnostic]:
    names = [SPECS[k].name for k in SCENE_KEYS] + ["Negative"]
    for scene in ctx.script.scenes:
        for setting in scene.settings:
            if setting.known:
                continue
            if setting.key == "model":
                help = "the model is set once, on the title page: `Model: …`"
            else:
                guess = did_you_mean(setting.written_key, names)
                help = (
                    f"did you mean `{guess}`?"
                    if guess
                    else "a scene takes " + ", ".join(f"`{display(k)}`" for k in SCENE_KEYS)
                )
            yield ctx.report(CODE, f"unknown scene setting `{setting.written_key}`", setting.key_span, help)
