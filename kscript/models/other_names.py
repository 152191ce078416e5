"""Field names other providers (fal, Replicate, Kling's own API, older Oxen
docs) use, and the Oxen field each means: one table for `kscript lint`
(KS605's "did you mean") and `kscript import`.

A name may mean one of several fields, in order of preference: `start_image`
is `start_image_url` on a model with a start frame of its own, and the
`input_image` of a model whose one input image is the first frame. Plain data:
importing this costs nothing.
"""

from __future__ import annotations

from collections.abc import Collection

OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "image_urls": ("input_image",),
    "image_url": ("input_image",),
    "images": ("input_image",),
    "reference_images": ("input_image",),
    "model_name": ("model",),
    "end_image_url": ("tail_image_url",),
    "end_image": ("tail_image_url",),
    "image_tail": ("tail_image_url",),
    "tail_image": ("tail_image_url",),
    "start_image": ("start_image_url", "input_image"),
    "image": ("start_image_url", "input_image"),  # Kling's own API: the first frame
    "first_frame_image": ("start_image_url", "input_image"),
    "video_url": ("input_video",),
    "video_list": ("input_video",),  # Kling's own API: the videos a generation refers to
    "scene_image_urls": ("input_image",),  # images a prompt addresses as @Image1, @Image2...
    "sound": ("generate_audio",),
    "negative": ("negative_prompt",),
    "aspect": ("aspect_ratio",),
    "audio": ("generate_audio",),
    "n": ("num_generations",),
}

# Fields of other providers that have no Oxen field, and why (what to do instead).
NO_FIELD: dict[str, str] = {
    "mode": "on Oxen the quality is part of the model id (`kling-video-o3-pro-…`)",
    "callback_url": "the Oxen API calls no webhook: `kscript wait` follows the generation",
    "webhook": "the Oxen API calls no webhook: `kscript wait` follows the generation",
    "webhook_events_filter": "the Oxen API calls no webhook: `kscript wait` follows the generation",
    "version": "Replicate's model version; on Oxen the model id says it",
    "seed": "the Oxen API documents no seed",
}


# With no `model`, the fields tell which model a body was written for: a video to work on means the edit model.
_GUESSED_BY_FIELD = (("input_video", "kling-video-o3-pro-video-to-video-edit"),)


def guessed_model(body: dict) -> str | None:
    """The model a body without `model` was most likely written for, from its fields
    (one with `input_video`, or another provider's `video_url`, is for the edit model);
    None when the fields do not tell (the default model applies)."""
    fields = {meant(key) or key for key in body}
    return next((model for field, model in _GUESSED_BY_FIELD if field in fields), None)


def meant(name: str, fields: Collection[str] | None = None) -> str | None:
    """The Oxen field another provider's `name` means: the first of its fields in
    `fields` (what the model or the script takes), or, with no `fields`, the first."""
    candidates = OTHER_NAMES.get(name, ())
    if fields is None:
        return candidates[0] if candidates else None
    return next((c for c in candidates if c in fields), None)
