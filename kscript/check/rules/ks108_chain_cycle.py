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


def _next(by_id: dict, compiled):
    return by_id.get(compiled.after[0].lower()) if compiled.after else None


def _circles(by_id: dict) -> dict[str, tuple[list[str], int]]:
    """Scene id -> (the circle through it, its place there), for every id on one. Each scene
    waits for at most one other, so each chain is followed once: a walk stops where an
    earlier one went (a chain of thousands of scenes stays linear)."""
    on_circle: dict[str, tuple[list[str], int]] = {}
    followed: set[str] = set()
    for compiled in by_id.values():
        path: dict[str, int] = {}  # scene id -> its place on this walk
        current = compiled
        while current is not None and current.scene.id not in followed and current.scene.id not in path:
            path[current.scene.id] = len(path)
            current = _next(by_id, current)
        if current is not None and current.scene.id in path:
            circle = list(path)[path[current.scene.id] :]
            for k, scene_id in enumerate(circle):
                on_circle[scene_id] = (circle, k)
        followed.update(path)
    return on_circle


def _walk(by_id: dict, compiled) -> list[str] | None:
    """The circle back to `compiled`'s own id, when following its chain leads there first."""
    path: dict[str, int] = {compiled.scene.id: 0}
    current = _next(by_id, compiled)
    while current is not None:
        if current.scene.id in path:
            return list(path) if current.scene.id == compiled.scene.id else None
        path[current.scene.id] = len(path)
        current = _next(by_id, current)
    return None


def check_across(ctx: ScriptContext) -> Iterator[Diagnostic]:
    by_id = {c.scene.id.lower(): c for c in ctx.compiled}
    on_circle = _circles(by_id)
    reported: set[str] = set()
    for compiled in ctx.compiled:
        if compiled.scene.id in reported:
            continue
        if by_id.get(compiled.scene.id.lower()) is compiled:
            found = on_circle.get(compiled.scene.id)
            circle = None if found is None else found[0][found[1] :] + found[0][: found[1]]  # from this scene on
        else:  # a second scene with an id another has: its own chain (duplicate ids are KS008's)
            circle = _walk(by_id, compiled)
        if circle is None:
            continue
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
