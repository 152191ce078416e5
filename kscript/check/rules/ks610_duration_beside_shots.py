"""KS610: a top-level `duration` beside `multi_prompt` that is not the shots' total (payload files).

With `multi_prompt`, each shot says how long it lasts, and the video is as
long as the shots together (a shot without `duration` lasts 5 seconds). A
top-level `duration` beside them that says another length contradicts them:
which of the two the API makes and bills is not documented. kscript writes
no top-level `duration` with `multi_prompt`; one that equals the total is
harmless.

Bad::

    {"model": "kling-video-o3-pro-reference-to-video", "duration": 10,
     "multi_prompt": [{"prompt": "A tram.", "duration": 4}, {"prompt": "Rain on glass.", "duration": 3}]}

Good::

    {"model": "kling-video-o3-pro-reference-to-video",
     "multi_prompt": [{"prompt": "A tram.", "duration": 4}, {"prompt": "Rain on glass.", "duration": 3}]}

Fix (unsafe): writes the shots' total as the top-level `duration`. Which
length was meant is a guess: the shots', or the top-level one.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.rules.ks201_shot_duration import valid
from kscript.core.diagnostics import Diagnostic

CODE = "KS610"
SEVERITY = "warning"
SUMMARY = "a top-level `duration` beside `multi_prompt` that is not the shots' total (payload files)"
FIX = "unsafe"


def check_payload(ctx) -> Iterator[Diagnostic]:
    data = ctx.data
    items = data.get("multi_prompt")
    if "duration" not in data or not isinstance(items, list) or not items or not ctx.profile.multi_shot:
        return
    top = data["duration"]
    shots = [item for item in items if isinstance(item, dict)]
    lengths = [item.get("duration", 5) for item in shots]
    if not valid(top) or len(shots) != len(items) or not all(valid(v) for v in lengths):
        return  # KS201 (or KS605) says what is wrong first
    total = sum(int(v) for v in lengths)
    if int(top) == total:
        return
    sums = " + ".join(str(int(item["duration"])) if "duration" in item else "5 (the default)" for item in shots)
    span = ctx.span(("duration",))
    written = str(total) if not isinstance(top, str) else f'"{total}"'
    fix = ctx.replace(span, written, "unsafe", f"write `{written}`, the shots' total") if _plain(ctx, span, top) else None
    yield ctx.report(
        CODE,
        f"`duration` is {int(top)}, but the shots of `multi_prompt` last {total}s in all ({sums})",
        span,
        "remove the top-level `duration` (the shots' own durations decide), or make the two agree",
        fix,
    )


def _plain(ctx, span, value) -> bool:
    """Whether the span covers the value as plainly written (`10` or `"10"`): a fix replaces only that."""
    line = ctx.lines[span.line - 1] if span.line <= len(ctx.lines) else ""
    written = line[span.column - 1 : span.end_column - 1]
    return written == (f'"{value}"' if isinstance(value, str) else str(value)) or written == f"'{value}'"
