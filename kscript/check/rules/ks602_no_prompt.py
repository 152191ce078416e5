"""KS602: a payload with neither `prompt` nor a non-empty `multi_prompt` (payload files).

Without a prompt there is nothing to generate (`"multi_prompt": null` is as
empty as `[]`). The API refuses it when the job runs: "Getting model response
error: 422 - Value error, Either 'prompt' or 'multi_prompt' must be provided."

Bad::

    {"model": "kling-video-o3-pro-reference-to-video", "multi_prompt": []}

Good::

    {"model": "kling-video-o3-pro-reference-to-video", "prompt": "A tram in the rain.", "duration": 5}
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span

CODE = "KS602"
SEVERITY = "error"
SUMMARY = "neither `prompt` nor a non-empty `multi_prompt` (payload files)"
API_MESSAGE = "Getting model response error: 422 - Value error, Either 'prompt' or 'multi_prompt' must be provided."


def check_payload(ctx) -> Iterator[Diagnostic]:
    if "prompt" not in ctx.profile.required:
        return  # motion control: the prompt is optional
    items = ctx.data.get("multi_prompt")
    if "prompt" in ctx.data:
        return
    if "multi_prompt" in ctx.data and items not in (None, []):
        return  # shots (KS603 and KS605 look into them)
    span = ctx.span(("multi_prompt",)) if "multi_prompt" in ctx.data else Span.at(1, 1)
    yield ctx.report(
        CODE,
        f"no `prompt` and no shot in `multi_prompt` (the API says: {API_MESSAGE})",
        span,
        'add `"prompt": "…"` for one shot, or items `{"prompt": "…", "duration": 4}` to `multi_prompt`',
    )
