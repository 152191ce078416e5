"""KS603: a `multi_prompt` item without `prompt` (payload files).

Every shot of `multi_prompt` needs its own prompt. The API refuses it when the
job runs with "Field required".

Bad::

    {"model": "kling-video-o3-pro-reference-to-video",
     "multi_prompt": [{"prompt": "A tram.", "duration": 4}, {"duration": 3}]}

Good::

    {"model": "kling-video-o3-pro-reference-to-video",
     "multi_prompt": [{"prompt": "A tram.", "duration": 4}, {"prompt": "Rain on glass.", "duration": 3}]}
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.core.diagnostics import Diagnostic

CODE = "KS603"
SEVERITY = "error"
SUMMARY = "a `multi_prompt` item without `prompt` (payload files)"
API_MESSAGE = "Field required"


def check_payload(ctx) -> Iterator[Diagnostic]:
    items = ctx.data.get("multi_prompt")
    if not isinstance(items, list):
        return
    for i, item in enumerate(items):
        if isinstance(item, dict) and "prompt" not in item:
            yield ctx.report(
                CODE,
                f"shot {i + 1} of `multi_prompt` has no `prompt` (the API says: {API_MESSAGE})",
                ctx.span(("multi_prompt", i)),
                'add `"prompt": "…"` to this item',
            )
