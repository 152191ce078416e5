"""KS608: an empty `multi_prompt` (`null` or `[]`) beside `prompt` (payload files).

A request with a `prompt` is one shot; a `multi_prompt` of `null` or `[]`
beside it adds no shot. The API reads an empty `multi_prompt` as not given
(its message for `"multi_prompt": []` alone is that one of the two "must be
provided"), so the request is not refused for having both; the key is a
leftover that can go. The shipped JSON Schema, which describes what kscript
writes, has no such key: exactly one of the two.

Bad::

    {"model": "kling-video-o3-pro-reference-to-video",
     "prompt": "A tram in the rain.", "duration": 5, "multi_prompt": null}

Good::

    {"model": "kling-video-o3-pro-reference-to-video",
     "prompt": "A tram in the rain.", "duration": 5}

Fix (safe): deletes the key, with its comma (or, in block YAML, its line).
What the API does is the same.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.core.diagnostics import Diagnostic

CODE = "KS608"
SEVERITY = "info"
SUMMARY = "an empty `multi_prompt` (`null` or `[]`) beside `prompt` (payload files)"
FIX = "safe"


def empty_beside_prompt(data: dict) -> bool:
    """Whether `multi_prompt` is given empty (null or []) next to a `prompt`: this rule's case, not KS601's."""
    return "prompt" in data and "multi_prompt" in data and data["multi_prompt"] in (None, [])


def check_payload(ctx) -> Iterator[Diagnostic]:
    if not empty_beside_prompt(ctx.data):
        return
    written = "`null`" if ctx.data["multi_prompt"] is None else "`[]`"
    yield ctx.report(
        CODE,
        f"`multi_prompt` is {written} beside `prompt`: it adds no shot, and the key can go",
        ctx.span(("multi_prompt",), key=True),
        "delete `multi_prompt`; `prompt` and `duration` make the one shot",
        ctx.delete_key(("multi_prompt",), "delete `multi_prompt`"),
    )
