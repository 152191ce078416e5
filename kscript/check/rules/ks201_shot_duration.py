"""KS201: a shot's duration is not a whole number from 1 to 15.

Each shot of a request lasts whole seconds, 1 to 15. The API refuses anything
else with "Input should be '1', '2', … or '15'", but only when the job runs:
after the request was queued. (On a model whose durations are 5 or 10, or
that takes none, KS702 says what is wrong instead.) In a payload file, a
top-level `duration` beside `multi_prompt` is checked too.

Bad::

    INT. DEPOT - NIGHT

    SHOT 2.5s - WIDE
    Rain drums on the roof.

    SHOT 16s - CLOSE
    Water drips from the lamp.

Good::

    INT. DEPOT - NIGHT

    SHOT 3s - WIDE
    Rain drums on the roof.

    SHOT 12s - CLOSE
    Water drips from the lamp.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic

CODE = "KS201"
SEVERITY = "error"
SUMMARY = "shot duration not a whole number from 1 to 15"
API_MESSAGE = "Input should be " + ", ".join(f"'{n}'" for n in range(1, 15)) + " or '15'"


def valid(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return isinstance(value, int) and 1 <= value <= 15


def _help(value: float, unit: str = "s") -> str:
    """What to write instead, in the syntax of where it stands: `15s` in a SHOT line, `15` in a payload."""
    near = min(15, max(1, round(value))) if value == value and abs(value) != float("inf") else 5
    return f"use whole seconds from 1 to 15, such as `{near}{unit}`; a longer moment takes several shots"


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    from kscript.check.by_model import ranged

    if not ranged(compiled.profile):
        return  # KS702's
    for shot in compiled.scene.shots:
        if shot.duration is not None and not valid(shot.duration) and shot.duration_span is not None:
            yield ctx.report(
                CODE,
                f"shot duration `{shot.duration_text}` is not a whole number from 1 to 15 (the API says: {API_MESSAGE})",
                shot.duration_span,
                _help(shot.duration),
            )


def check_payload(ctx) -> Iterator[Diagnostic]:
    from kscript.check.by_model import ranged

    if not ranged(ctx.profile):
        return
    found = ctx.durations()
    if "duration" in ctx.data and any(path[:1] == ("multi_prompt",) for path, _ in found):
        found.append((("duration",), ctx.data["duration"]))  # a top-level one beside the shots (KS610 compares it)
    for path, value in found:
        if value is not None and not valid(value):
            yield ctx.report(
                CODE,
                f"duration `{value}` is not a whole number from 1 to 15 (the API says: {API_MESSAGE})",
                ctx.span(path),
                _help(value, "") if isinstance(value, (int, float)) and not isinstance(value, bool) else "use a whole number of seconds from 1 to 15",
            )
