"""The JSON Schemas in schemas/, generated from the profiles (one source of truth).

One schema per model (`<model id>.schema.json`: the queue request body, which
is the generate body plus `num_generations`), and the two generic ones of the
default model (`generate-request`, `queue-request`). `python -m
kscript.models.schema` rewrites the files; tests/test_models_schema.py fails
when a file differs from what the profiles give.
"""

from __future__ import annotations

import json
import os
from typing import Any

from kscript.models.profiles import DEFAULT_MODEL, FIELD_ORDER, PROFILES, Profile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://kscript.dev/schemas/"
IMAGE = "An https (or http) URL of a JPEG or PNG image that the API fetches itself."
VIDEO = "An https (or http) URL of an MP4 or MOV video that the API fetches itself."


def _url(description: str) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": description}


def _duration(prof: Profile) -> dict[str, Any]:
    durations = prof.durations
    assert durations is not None
    if durations.choices:
        return {
            "description": f"Seconds: {durations.text()} only; {durations.default} when left out.",
            "oneOf": [
                {"type": "integer", "enum": list(durations.choices)},
                {"type": "string", "enum": [str(c) for c in durations.choices]},
            ],
        }
    low, high = durations.shot
    return {
        "description": f"Seconds, a whole number from {low} to {high} (the API's enum '{low}' to '{high}'); {durations.default} when left out.",
        "oneOf": [
            {"type": "integer", "minimum": low, "maximum": high},
            {"type": "string", "enum": [str(n) for n in range(low, high + 1)]},
        ],
    }


def _prompt(prof: Profile) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": prof.prompt_max}


def _field(prof: Profile, name: str) -> dict[str, Any]:
    if name == "prompt":
        return {**_prompt(prof), "description": f"A single shot's prompt, at most {prof.prompt_max} characters."}
    if name == "duration":
        return _duration(prof)
    if name == "multi_prompt":
        item: dict[str, Any] = {"prompt": _prompt(prof)}
        if prof.durations is not None:
            item["duration"] = _duration(prof)
        return {
            "type": "array",
            "minItems": 1,
            "items": {"type": "object", "required": ["prompt"], "properties": item, "additionalProperties": False},
        }
    if name == "input_image":
        if prof.start_frame_is_input_image:
            return _url("The start frame: one URL, " + IMAGE[3:])
        return {
            "type": "array",
            "maxItems": prof.slots.total,
            "items": _url(IMAGE),
            "description": "Images referred to as @Image1, @Image2, ... in the prompts.",
        }
    if name == "elements":
        return {
            "type": "array",
            "maxItems": prof.slots.elements if prof.slots.elements is not None else prof.slots.total,
            "description": "Elements referred to as @Element1, @Element2, ...",
            "items": {
                "type": "object",
                "required": ["frontal_image_url"],
                "properties": {
                    "frontal_image_url": _url(IMAGE),
                    "reference_image_urls": {"type": "array", "maxItems": 3, "items": _url(IMAGE)},
                },
                "additionalProperties": False,
            },
        }
    if name in ("start_image_url", "tail_image_url"):
        return _url(IMAGE)
    if name == "input_video":
        return _url(VIDEO)
    if name == "video_mode":
        return {"enum": ["edit", "reference"]}
    if name == "resolution":
        return {"enum": ["720p", "1080p", "4k"]}
    if name == "character_orientation":
        return {"enum": ["image", "video"]}
    if name == "cfg_scale":
        return {"type": "number", "minimum": 0, "maximum": 10}
    if name in ("generate_audio", "keep_audio", "keep_original_sound"):
        return {"type": "boolean"}
    if name == "negative_prompt":
        return {"type": "string"}
    if name == "aspect_ratio":
        return {"enum": ["16:9", "9:16", "1:1"]}
    if name == "response_format":
        return {"enum": ["url", "b64_json"]}
    if name == "target_namespace":
        return {"type": "string", "minLength": 1}
    if name == "num_generations":
        return {"type": "integer", "minimum": 1, "maximum": 4}
    raise ValueError(f"no schema for the field {name}")


def request_schema(prof: Profile, *, name: str | None = None, queue: bool = True, generic_model: bool = False) -> dict[str, Any]:
    """The request body `prof` takes; `generic_model` leaves `model` any string (the generic schemas)."""
    name = name or prof.id
    fields = [f for f in prof.fields if queue or f != "num_generations"]
    properties: dict[str, Any] = {}
    for field in fields:
        if field == "model":
            properties["model"] = (
                {"type": "string", "minLength": 1, "description": f"The model; kscript targets {DEFAULT_MODEL} by default."}
                if generic_model
                else {"const": prof.id, "description": prof.label}
            )
        else:
            properties[field] = _field(prof, field)
    required = ["model"] + [f for f in prof.required if f != "prompt" or not prof.multi_shot]
    what = "POST /api/ai/queue" if queue else "POST /api/ai/videos/generate"
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"{BASE}{name}.schema.json",
        "title": f"{what} request body ({prof.id})",
        "description": _description(prof, queue),
        "type": "object",
        "required": required,
    }
    schema["properties"] = properties
    if prof.multi_shot and "prompt" in prof.required:
        schema["oneOf"] = [{"required": ["prompt"]}, {"required": ["multi_prompt"]}]
    if prof.takes("tail_image_url") and prof.takes("start_image_url"):
        schema["dependentRequired"] = {"tail_image_url": ["start_image_url"]}
    schema["additionalProperties"] = False
    return schema


def _description(prof: Profile, queue: bool) -> str:
    parts = [f"{prof.label} (${prof.price:.3f}/s{'' if prof.price_confirmed else ', unconfirmed'})."]
    if prof.multi_shot:
        parts.append("Exactly one of prompt and multi_prompt.")
    if prof.durations is None:
        parts.append("No duration: the output is as long as the input video.")
    if prof.slots.total:
        limit = f"at most {prof.slots.total} elements and input images in all"
        if prof.slots.with_video is not None:
            limit += f", {prof.slots.with_video} with an input video"
        parts.append(limit[0].upper() + limit[1:] + ".")
    if queue:
        parts.append("num_generations: 1 to 4, default 1; each generation is billed.")
    return " ".join(parts)


def generated() -> dict[str, dict[str, Any]]:
    """File stem -> schema, for every file this module owns in schemas/."""
    from kscript.models.profiles import default

    out = {
        "generate-request": request_schema(default(), name="generate-request", queue=False, generic_model=True),
        "queue-request": request_schema(default(), name="queue-request", queue=True, generic_model=True),
    }
    for prof in PROFILES:
        out[prof.id] = request_schema(prof)
    return out


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write(folder: str) -> list[str]:
    from kscript.core.atomic import write_file

    written = []
    for stem, schema in generated().items():
        path = os.path.join(folder, f"{stem}.schema.json")
        write_file(path, render(schema))
        written.append(path)
    return written


assert set(FIELD_ORDER) >= {f for p in PROFILES for f in p.fields}

if __name__ == "__main__":
    from kscript.core.resources import schema_dir

    for path in write(schema_dir()):
        print(path)
