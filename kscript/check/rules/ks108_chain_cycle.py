"""KS108: scenes that start from each other's last frames, in a circle.

`Start frame: last frame of scene ID` makes a scene wait for scene ID's
video. When scene 1 waits for scene 2 and scene 2 for scene 1 (or a scene
for itself), none of them can ever be sent.

Bad::

    INT. DEPOT - NIGHT #1#
    Start frame: last frame of scene 2

    SHOT 4s - WIDE
    Rain drums on the roof.

    INT. TRAM - NIGHT #2#
    Start frame: last frame of scene 1

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

CODE = "KS108"
SEVERITY = "error"
SUMMARY = "scenes whose start frames wait for each other in a circle"
ACROSS = "scenes"  # follows the chains from scene to scene


def check_across(ctx: ScriptContext) -> Iterator[Diagnostic]:
    by_id = {c.scene.id.lower(): c for c in ctx.compiled}
    reported: set[str] = set()
    for compiled in ctx.compiled:
        path = [compiled.scene.id]
        current = compiled
        while current.after:
            nxt = by_id.get(current.after[0].lower())
            if nxt is None:
                break
            if nxt.scene.id in path:
                circle = path[path.index(nxt.scene.id):]
                if compiled.scene.id == nxt.scene.id and compiled.scene.id not in reported:
                    reported.update(circle)
                    setting = compiled.scene.setting("start frame")
                    loop = " -> ".join(f"scene {s}" for s in [*circle, circle[0]])
                    yield ctx.report(
                        CODE,
                        f"scene {compiled.scene.id} waits for its own last frame: {loop}"
                        if len(circle) == 1 else f"these scenes wait for each other's last frames: {loop}",
                        setting.value_span if setting is not None else compiled.scene.span,
                        "start one of them from an image, or from a scene outside the circle",
                    )
                break
            path.append(nxt.scene.id)
            current = nxt
