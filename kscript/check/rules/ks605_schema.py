"""KS605: anything else the shipped JSON Schema refuses (payload files).

A payload is checked against the JSON Schema of its `model`
(`schemas/<model id>.schema.json`, generated from the model's profile: the
`/api/ai/videos/generate` body plus `num_generations`; the default model's
when the model is unknown): wrong types, unknown keys, missing `model` or
`frontal_image_url`, more than 3 `reference_image_urls`. What another rule reports more precisely (durations,
prompts, enums, reference counts) is left to that rule.

Bad::

    {"model": "kling-video-o3-pro-reference-to-video", "prompt": "A tram.", "seed": 7}

Good::

    {"model": "kling-video-o3-pro-reference-to-video", "prompt": "A tram."}

`kscript schema kling-video-o3-pro-reference-to-video` prints the schema.

Fix (unsafe): renames an unknown key to the field it probably meant
(`end_image_url` to `tail_image_url`), unless the object already has that
field. What the API receives changes: a guess to review.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.diagnostics import Diagnostic, did_you_mean

CODE = "KS605"
SEVERITY = "error"
SUMMARY = "anything else the shipped JSON Schema refuses (wrong type, unknown key)"
FIX = "unsafe"

# Errors another rule states better: (validator, last path element or None for any).
_COVERED = {
    ("oneOf", None),  # KS601, KS602 and KS201 (duration's integer-or-string)
    ("minItems", "multi_prompt"),  # KS602
    ("maxLength", "prompt"),  # KS401
    ("minLength", "prompt"),  # KS607
    ("enum", "aspect_ratio"),  # KS103
    ("enum", "response_format"),
    ("dependentRequired", None),  # KS105
    ("maxItems", "elements"),  # KS402
    ("maxItems", "input_image"),
    ("minimum", "num_generations"),  # KS606
    ("maximum", "num_generations"),
    ("type", "num_generations"),
    ("const", "model"),  # KS106
}


def _covered(error) -> bool:
    last = error.absolute_path[-1] if error.absolute_path else None
    if error.validator == "required" and "'prompt'" in error.message and error.absolute_path:
        return True  # KS603
    if error.validator == "type" and tuple(error.absolute_path) == ("multi_prompt",) and error.instance is None:
        return True  # KS608 beside a prompt, KS602 without one
    return (error.validator, None) in _COVERED or (error.validator, last) in _COVERED


def check_payload(ctx) -> Iterator[Diagnostic]:
    from kscript.check.payload import json_type
    from kscript.check.schemas import load, validator
    from kscript.models.profiles import FIELD_ORDER, profile

    model = ctx.data.get("model")
    known = isinstance(model, str) and profile(model) is not None
    name = ctx.profile.id
    properties = list(load(name)["properties"])
    for error in sorted(validator(name).iter_errors(ctx.data), key=lambda e: list(map(str, e.absolute_path))):
        if _covered(error):
            continue
        if error.validator == "required" and not error.absolute_path and any(f"'{f}'" in error.message for f in ctx.profile.required):
            continue  # KS705 (KS602 for the prompt)
        path = tuple(error.absolute_path)
        help = None
        message = error.message
        if error.validator == "additionalProperties":
            extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
            if not path and known:
                extra = [k for k in extra if k not in FIELD_ORDER]  # a field of the family this model does not take: KS701
            for key in extra:
                allowed = list(error.schema.get("properties", {})) or properties
                guess = did_you_mean(key, allowed)
                fix = ctx.rename_key((*path, key), guess) if guess and guess not in error.instance else None
                yield ctx.report(
                    CODE,
                    f"unknown key `{key}`" + (f" in `{ctx.path_text(path)}`" if path else ""),
                    ctx.span((*path, key), key=True),
                    f"did you mean `{guess}`?" if guess else "allowed keys: " + ", ".join(f"`{k}`" for k in allowed),
                    fix,
                )
            continue
        if error.validator == "type":
            message = f"`{ctx.path_text(path)}` must be of type {error.validator_value}, not {json_type(error.instance)}"
        elif error.validator == "required":
            help = "add the missing key"
        where = f" (at `{ctx.path_text(path)}`)" if path and error.validator != "type" else ""
        yield ctx.report(CODE, message + where, ctx.span(path), help)
