"""KS601: a payload with both `prompt` and `multi_prompt` (payload files).

A request is either one shot (`prompt`, `duration`) or several
(`multi_prompt`), never both (a `multi_prompt` of `null` or `[]` beside
a `prompt` adds nothing: KS608 notes it instead). The API refuses it when the job runs:
"Getting model response error: 422 - Value error, Cannot provide both
'prompt' and 'multi_prompt'." An empty or null `prompt` beside shots is
refused the same way; it is said once, here, at `prompt` (not also as
KS607's empty prompt).

Bad::

    {"model": "kling-video-o3-pro-reference-to-video",
     "prompt": "A tram in the rain.", "multi_prompt": [{"prompt": "A tram.", "duration": 4}]}

Good::

    {"model": "kling-video-o3-pro-reference-to-video",
     "multi_prompt": [{"prompt": "A tram.", "duration": 4}]}
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.rules.ks608_empty_multi_prompt import empty_beside_prompt
from kscript.core.diagnostics import Diagnostic

CODE = "KS601"
SEVERITY = "error"
SUMMARY = "both `prompt` and `multi_prompt` (payload files)"
API_MESSAGE = "Getting model response error: 422 - Value error, Cannot provide both 'prompt' and 'multi_prompt'."


def blank_beside_shots(data: dict) -> bool:
    """Whether `prompt` is given empty (null, "" or white space) beside a `multi_prompt`
    with shots: one finding of this rule, not KS607's "empty prompt" as well."""
    prompt = data.get("prompt", 0)
    blank = prompt is None or (isinstance(prompt, str) and not prompt.strip())
    return blank and isinstance(data.get("multi_prompt"), list) and bool(data["multi_prompt"])


def check_payload(ctx) -> Iterator[Diagnostic]:
    if "prompt" in ctx.data and "multi_prompt" in ctx.data and not empty_beside_prompt(ctx.data):  # KS608
        if blank_beside_shots(ctx.data):
            written = "null" if ctx.data["prompt"] is None else "empty"
            yield ctx.report(
                CODE,
                f"`prompt` is {written} beside the shots of `multi_prompt`, but the API refuses the two together"
                f" (it says: {API_MESSAGE})",
                ctx.span(("prompt",), key=True),
                "remove `prompt`: each shot of `multi_prompt` carries its own",
            )
            return
        yield ctx.report(
            CODE,
            f"both `prompt` and `multi_prompt` are given (the API says: {API_MESSAGE})",
            ctx.span(("multi_prompt",), key=True),
            "keep `prompt` and `duration` for one shot, or `multi_prompt` for several",
        )
