"""KS101: an unknown scene setting.

`Key: value` lines directly under a scene heading override the title page for
that scene. Only `Model`, `Aspect`, `Audio`, `Avoid` (or `Negative`), `Style`,
`Output`, `Namespace`, `Generations`, `Start frame`, `End frame` and the
model settings (`Video`, `Video mode`, `Keep audio`, `Orientation`,
`Resolution`, `Guidance`, `Video length`) may stand there; anything else would
be silently lost, so it is an error. (Whether the scene's model takes a
setting is KS701's question.)

Bad::

    EXT. NIGHT MARKET - NIGHT
    Aspekt: 16:9

Good::

    EXT. NIGHT MARKET - NIGHT
    Aspect: 16:9

To write action that looks like a setting, leave a blank line under the
heading first, or force the line with `!`. A line that looks like a SHOT
line (`Shot: 4s - WIDE`) is KS013's, not this rule's.

Fix (unsafe): renames the key to the suggested setting, unless the scene
already gives that setting. The line was not sent before and is after, so
what is sent changes: a guess to review.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.words import did_you_mean
from kscript.language.settings import SCENE_KEYS, SPECS, canonical, display
from kscript.language.shot_like import looks_like_shot

CODE = "KS101"
SEVERITY = "error"
SUMMARY = "unknown scene setting (suggest the closest)"
FIX = "unsafe"


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    names = [SPECS[k].name for k in SCENE_KEYS] + ["Negative"]
    scene = compiled.scene
    given = {s.key for s in scene.settings if s.known}
    for setting in scene.settings:
        if setting.known or looks_like_shot(f"{setting.written_key}: {setting.value}"):
            continue  # `Shot: 4s - WIDE` is a SHOT line gone wrong: KS013 says so
        fix = None
        guess = did_you_mean(setting.written_key, names)
        help = f"did you mean `{guess}`?" if guess else "a scene takes " + ", ".join(f"`{display(k)}`" for k in SCENE_KEYS)
        if guess and canonical(guess) not in given:
            fix = ctx.replace(setting.key_span, guess, "unsafe", f"rename `{setting.written_key}` to `{guess}`")
        yield ctx.report(CODE, f"unknown scene setting `{setting.written_key}`", setting.key_span, help, fix)
