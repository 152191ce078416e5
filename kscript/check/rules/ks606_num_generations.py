"""KS606: `num_generations` not an integer from 1 to 4 (payload files).

A queue request makes 1 to 4 generations of the same request, each billed.
Anything else is refused at enqueue: "num_generations must be an integer
between 1 and 4".

Bad::

    {"model": "kling-video-o3-pro-reference-to-video", "prompt": "A tram in the rain.", "duration": 5,
     "num_generations": 8}

Good::

    {"model": "kling-video-o3-pro-reference-to-video", "prompt": "A tram in the rain.", "duration": 5,
     "num_generations": 4}
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.core.diagnostics import Diagnostic

CODE = "KS606"
SEVERITY = "error"
SUMMARY = "`num_generations` not an integer from 1 to 4 (payload files)"
API_MESSAGE = "num_generations must be an integer between 1 and 4"


def check_payload(ctx) -> Iterator[Diagnostic]:
    if "num_generations" not in ctx.data:
        return
    value = ctx.data["num_generations"]
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
        yield ctx.report(
            CODE,
            f"`num_generations` is `{value}` (the API says: {API_MESSAGE})",
            ctx.span(("num_generations",)),
            "use 1, 2, 3 or 4; each generation is billed",
        )
