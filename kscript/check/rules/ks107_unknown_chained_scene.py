"""KS107: `Start frame: last frame of scene ID` names no scene.

A scene may start where another ends: `Start frame: last frame of scene 1`
(any case) takes its start frame from the last frame of scene 1's latest
downloaded video, and `kscript submit --wait` sends it once that video is
there. The id must be a scene of the same script (its `#number#`, or its
position).

Bad::

    INT. DEPOT - NIGHT #1#

    SHOT 4s - WIDE
    Rain drums on the roof.

    INT. TRAM - NIGHT #2#
    Start frame: last frame of scene 7

    SHOT 4s - WIDE
    The tram pulls away.

Good::

    INT. DEPOT - NIGHT #1#

    SHOT 4s - WIDE
    Rain drums on the roof.

    INT. TRAM - NIGHT #2#
    Start frame: last frame of scene 1

    SHOT 4s - WIDE
    The tram pulls away.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.core.diagnostics import Diagnostic
from kscript.core.words import did_you_mean

CODE = "KS107"
SEVERITY = "error"
SUMMARY = "`Start frame: last frame of scene ID` names no scene"
ACROSS = "scenes"  # reads every scene's id (kscript/check/rules: ACROSS)


def check_across(ctx: ScriptContext) -> Iterator[Diagnostic]:
    ids = [c.scene.id for c in ctx.compiled]
    lowered = {i.lower() for i in ids}
    for compiled in ctx.compiled:
        setting = compiled.scene.setting("start frame")
        for upstream in compiled.after:
            if upstream.lower() in lowered or setting is None:
                continue
            guess = did_you_mean(upstream, ids)
            yield ctx.report(
                CODE,
                f"scene {compiled.scene.id} starts from the last frame of scene {upstream}, and the script has no scene {upstream}",
                setting.value_span,
                (f"did you mean scene {guess}? " if guess else "") + f"the script's scenes are {', '.join(ids)}",
            )
