"""KS607: an empty prompt, or one of only white space (payload files).

A prompt is what the model is asked to show; an empty one asks for nothing.
The shipped JSON Schema refuses an empty `prompt` (at least one character),
in a single-shot request and in each shot of `multi_prompt`; a prompt of only
spaces passes that check but says no more, so it is refused too. Reported
once per empty prompt, at its value.

Bad::

    {"model": "kling-video-o3-pro-reference-to-video",
     "multi_prompt": [{"prompt": "A tram.", "duration": 4}, {"prompt": " ", "duration": 3}]}

Good::

    {"model": "kling-video-o3-pro-reference-to-video",
     "multi_prompt": [{"prompt": "A tram.", "duration": 4}, {"prompt": "Rain on the glass.", "duration": 3}]}
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.rules.ks601_prompt_and_multi_prompt import blank_beside_shots
from kscript.core.diagnostics import Diagnostic

CODE = "KS607"
SEVERITY = "error"
SUMMARY = "an empty prompt, or one of only white space (payload files)"


def check_payload(ctx) -> Iterator[Diagnostic]:
    data = ctx.data
    optional = "prompt" not in ctx.profile.required  # motion control: the prompt may be left out
    if isinstance(data.get("prompt"), str) and not data["prompt"].strip() and not blank_beside_shots(data):  # else KS601
        yield ctx.report(
            CODE,
            f"the prompt is {_what(data['prompt'])}: the model is asked to show nothing",
            ctx.span(("prompt",)),
            "write what the shot shows, such as `\"prompt\": \"A tram crosses the bridge at night.\"`"
            + (", or remove `prompt` (this model's prompt is optional)" if optional else ""),
        )
    items = data.get("multi_prompt")
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get("prompt"), str) and not item["prompt"].strip():
            yield ctx.report(
                CODE,
                f"shot {i + 1} of `multi_prompt` has a prompt that is {_what(item['prompt'])}",
                ctx.span(("multi_prompt", i, "prompt")),
                "write what the shot shows, or remove the shot",
            )


def _what(prompt: str) -> str:
    return "empty" if not prompt else "only white space"
