"""KS205: more than 6 shots in one scene.

Kling documents at most 6 shots in one multi-shot request; upstream providers
enforce it. More shots may be refused or merged unpredictably.

Bad: a scene with seven `SHOT` lines::

    INT. DEPOT - NIGHT

    SHOT 2s - WIDE
    Rain falls.

    SHOT 2s - CLOSE
    A lamp blinks.

    SHOT 2s - LOW
    A tram waits.

    SHOT 2s - HIGH
    Wet rails shine.

    SHOT 2s - WIDE
    A door opens.

    SHOT 2s - CLOSE
    A hand waves.

    SHOT 2s - WIDE
    The tram leaves.

Good: at most six shots a scene; the seventh starts a scene of its own::

    INT. DEPOT - NIGHT #1#

    SHOT 2s - WIDE
    Rain falls.

    SHOT 2s - CLOSE
    A lamp blinks.

    SHOT 2s - LOW
    A tram waits.

    SHOT 2s - HIGH
    Wet rails shine.

    SHOT 2s - WIDE
    A door opens.

    SHOT 2s - CLOSE
    A hand waves.

    EXT. DEPOT - NIGHT #2#

    SHOT 3s - WIDE
    The tram leaves.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic

CODE = "KS205"
SEVERITY = "warning"
SUMMARY = "more than 6 shots in one scene (Kling's documented multi-shot limit)"
LIMIT = 6


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    scene = compiled.scene
    if not compiled.profile.multi_shot:
        return  # a one-shot model: KS703's
    if len(scene.shots) > LIMIT:
        yield ctx.report(
            CODE,
            f"scene {scene.id} has {len(scene.shots)} shots; Kling documents at most {LIMIT} in one request",
            scene.shots[LIMIT].span,
            "split the scene in two at this shot",
        )


def check_payload(ctx) -> Iterator[Diagnostic]:
    if not ctx.profile.multi_shot:
        return
    items = ctx.data.get("multi_prompt")
    if isinstance(items, list) and len(items) > LIMIT:
        yield ctx.report(
            CODE,
            f"`multi_prompt` has {len(items)} shots; Kling documents at most {LIMIT} in one request",
            ctx.span(("multi_prompt", LIMIT)),
            "split the request in two",
        )
