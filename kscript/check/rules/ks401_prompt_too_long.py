"""KS401: a compiled prompt longer than 512 characters.

The API takes at most 512 characters in each shot's prompt (and in a single
`prompt`). The limit applies to the compiled text: with the camera direction,
dialogue blocks, the `Style` appended and references numbered.

Bad: a shot whose action and style add up to more than 512 characters::

    Style: 35mm film, cold sodium light, shallow focus

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    Rain drums on the corrugated roof of the depot while the night shift
    drifts between the parked trams, their breath fogging under the sodium
    lamps; a courier in a wet coat walks the length of the empty car, counting
    the seats aloud, stops at the cracked window, wipes the glass with a sleeve,
    and watches the signal at the end of the line turn from red to green and
    back again while the wind rattles loose panels, puddles ripple with every
    passing truck, a stray dog shelters under the platform, and far away a
    church bell counts the hour that nobody in the depot is listening for.

Good: cut the action to what the camera sees, or split the shot in two; a
long `Style` counts in every shot, so keep it short::

    Style: 35mm film, cold sodium light, shallow focus

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    A courier walks the empty tram car, counting seats.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic

CODE = "KS401"
SEVERITY = "error"
SUMMARY = "a compiled prompt longer than 512 characters (give the length)"
LIMIT = 512


def _characters(n: int) -> str:
    return f"{n} character" + ("" if n == 1 else "s")


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    style = compiled.effective.get("style")
    style_len = len(" ".join(style.value.split())) if style is not None else 0
    for cshot in compiled.shots:
        length = len(cshot.prompt)
        if length > LIMIT:
            note = f"; the style adds {style_len + 1}" if style_len else ""
            yield ctx.report(
                CODE,
                f"this shot compiles to a prompt of {length} characters; the API takes at most {LIMIT}{note}",
                cshot.shot.span,
                f"cut {_characters(length - LIMIT)}, or split the shot in two",
            )


def check_payload(ctx) -> Iterator[Diagnostic]:
    for path, prompt in ctx.prompts():
        if len(prompt) > LIMIT:
            yield ctx.report(
                CODE,
                f"prompt of {len(prompt)} characters; the API takes at most {LIMIT}",
                ctx.span(path),
                f"cut {_characters(len(prompt) - LIMIT)}, or split the shot in two",
            )
