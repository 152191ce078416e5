"""KS609: a body wrapped in another provider's `input` object (payload files).

Replicate's and fal's APIs take a model's fields inside `{"input": {...}}`;
the Oxen API takes them at the top level, and would find no prompt and an
unknown key `input`. kscript says so once, at `input`, and checks the fields
inside as if they stood at the top level (each diagnostic still points into
the wrapper), rather than reporting the missing prompt and model that only
the wrapper hides. A payload with a top-level `prompt` or `multi_prompt` is
not read as wrapped: its `input` is an unknown key (KS605).

Bad::

    {"input": {"model": "kling-video-o3-pro-reference-to-video",
               "prompt": "A tram in the rain.", "duration": 5}}

Good::

    {"model": "kling-video-o3-pro-reference-to-video",
     "prompt": "A tram in the rain.", "duration": 5}
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.core.diagnostics import Diagnostic

CODE = "KS609"
SEVERITY = "error"
SUMMARY = "a body wrapped in another provider's `input` object (payload files)"


def check_payload(ctx) -> Iterator[Diagnostic]:
    if ctx.wrapper is None:
        return
    yield ctx.report(
        CODE,
        f"the request is wrapped in an `{ctx.wrapper}` object, as Replicate and fal take it; "
        "the Oxen API takes its fields at the top level",
        ctx.span((ctx.wrapper,), key=True),
        f"move the fields of `{ctx.wrapper}` up one level and remove the wrapper "
        "(kscript has checked them as if they were there)",
    )

