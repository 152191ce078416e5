"""KS605: anything else the shipped JSON Schema refuses (payload files).

A payload is checked against the JSON Schema of its `model`
(`schemas/<model id>.schema.json`, generated from the model's profile: the
`/api/ai/videos/generate` body plus `num_generations`; the default model's
when the model is unknown): wrong types, unknown keys, missing `model` or
`frontal_image_url`, more than 3 `reference_image_urls`. What another rule reports more precisely (durations,
prompts, enums, reference counts) is left to that rule.

Messages are kscript's, never the validator's: what is wrong, where, and
what to write (`generate_audio` is the string `"yes"`; it must be `true` or
`false`). A field name from another provider (`image_urls`, `image_url`,
`model_name`, `end_image_url`, `video_url`, `start_image`: the table in
kscript/models/other_names.py, which `kscript import` shares) is named with
the Oxen field it means on the payload's model, or said to be one the model
does not take. The same finding in several items (an unknown key in every
shot of `multi_prompt`, elements without `frontal_image_url`) is one
diagnostic at the first, with the count.

Bad::

    {"model": "kling-video-o3-pro-reference-to-video", "prompt": "A tram.", "seed": 7}

Good::

    {"model": "kling-video-o3-pro-reference-to-video", "prompt": "A tram."}

`kscript schema kling-video-o3-pro-reference-to-video` prints the schema.

Fix (unsafe): renames an unknown key to the field it probably meant
(`end_image_url` to `tail_image_url`, `durration` to `duration` in every
shot that has it), unless the object already has that field; writes the
closest allowed value of an enum (`4K` to `4k`). What the API receives
changes: a guess to review.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.core.diagnostics import Diagnostic

CODE = "KS605"
SEVERITY = "error"
SUMMARY = "anything else the shipped JSON Schema refuses (wrong type, unknown key; payload files)"
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
    from kscript.check.schema_words import said_all
    from kscript.check.schemas import load, validator
    from kscript.models.other_names import guessed_model, meant
    from kscript.models.profiles import profile

    model = ctx.data.get("model")
    if "model" not in ctx.data:  # `model_name` and the like: their diagnostic says to rename them
        model = next((v for k, v in ctx.data.items() if meant(k) == "model"), None) or guessed_model(ctx.data)
    prof = profile(model) if isinstance(model, str) else None
    known = prof is not None
    name = prof.id if prof is not None else ctx.profile.id
    properties = list(load(name)["properties"])
    errors = []
    for error in sorted(validator(name).iter_errors(ctx.data), key=lambda e: list(map(str, e.absolute_path))):
        if _covered(error):
            continue
        if error.validator == "required" and not error.absolute_path and all(f in ctx.profile.required for f in error.validator_value if f not in error.instance):
            continue  # KS705 (KS602 for the prompt)
        errors.append(error)
    seen: set[tuple] = set()
    for said in said_all(errors, ctx, name, properties, known):
        if (said.path, said.message) in seen:  # a schema that requires a field in two places says so twice
            continue
        seen.add((said.path, said.message))
        yield ctx.report(CODE, said.message, ctx.span(said.path, key=said.key), said.help, said.fix)
