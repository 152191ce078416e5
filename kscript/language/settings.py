"""The settings a title page or a scene may give, and how their values read."""

from __future__ import annotations

import re
from typing import NamedTuple


class SettingSpec(NamedTuple):
    name: str  # canonical, as shown to users
    field: str  # request field ("" when the setting is not a field of its own)
    allowed: tuple[str, ...] = ()  # shown in KS103; empty when free text


SPECS: dict[str, SettingSpec] = {
    "model": SettingSpec("Model", "model"),
    "aspect": SettingSpec("Aspect", "aspect_ratio", ("16:9", "9:16", "1:1")),
    "audio": SettingSpec("Audio", "generate_audio", ("on", "off", "yes", "no", "true", "false")),
    "avoid": SettingSpec("Avoid", "negative_prompt"),
    "style": SettingSpec("Style", ""),
    "output": SettingSpec("Output", "response_format", ("url", "base64", "b64_json")),
    "namespace": SettingSpec("Namespace", "target_namespace"),
    "generations": SettingSpec("Generations", "num_generations", ("1", "2", "3", "4")),
    "start frame": SettingSpec("Start frame", "start_image_url"),
    "end frame": SettingSpec("End frame", "tail_image_url"),
    # Valid only on the models that take the field (KS701); the profile says which field.
    "video": SettingSpec("Video", "input_video"),
    "video mode": SettingSpec("Video mode", "video_mode", ("edit", "reference")),
    "keep audio": SettingSpec("Keep audio", "keep_audio", ("on", "off", "yes", "no", "true", "false")),
    "orientation": SettingSpec("Orientation", "character_orientation", ("image", "video")),
    "resolution": SettingSpec("Resolution", "resolution", ("720p", "1080p", "4k")),
    "guidance": SettingSpec("Guidance", "cfg_scale"),
    "video length": SettingSpec("Video length", ""),
}

ALIASES = {"negative": "avoid"}

MODEL_KEYS = ("video", "video mode", "keep audio", "orientation", "resolution", "guidance", "video length")
TITLE_KEYS = ("model", "aspect", "audio", "avoid", "style", "output", "namespace", "generations", *MODEL_KEYS)
SCENE_KEYS = ("model", "aspect", "audio", "avoid", "style", "output", "namespace", "generations", "start frame", "end frame", *MODEL_KEYS)

METADATA_KEYS = ("title", "author", "authors", "credit", "source", "draft date", "contact", "copyright", "notes")

_NAMESPACE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*\Z")


def canonical(key: str) -> str:
    low = " ".join(key.lower().split())
    return ALIASES.get(low, low)


def display(key: str) -> str:
    spec = SPECS.get(key)
    return spec.name if spec else key


def parse_value(key: str, value: str) -> tuple[object, str | None]:
    """The request value of a setting, or None and the reason it is invalid (KS103)."""
    text = value.strip()
    spec = SPECS[key]
    if not text:
        return None, f"`{spec.name}` has no value"
    low = text.lower()
    if key == "aspect":
        if text in spec.allowed:
            return text, None
        return None, f"`{text}` is not an aspect ratio the model takes"
    if key in ("audio", "keep audio"):
        if low in ("on", "yes", "true"):
            return True, None
        if low in ("off", "no", "false"):
            return False, None
        return None, f"`{text}` is not on or off"
    if key == "output":
        if low == "url":
            return "url", None
        if low in ("base64", "b64_json"):
            return "b64_json", None
        return None, f"`{text}` is not a response format"
    if key == "generations":
        if re.fullmatch(r"[1-4]", text):
            return int(text), None
        return None, f"`{text}` is not a whole number of generations from 1 to 4"
    if key == "namespace":
        if _NAMESPACE.match(text):
            return text, None
        return None, f"`{text}` is not a user or organisation name (letters, digits, `-`, `_`, `.`)"
    if key in ("video mode", "orientation", "resolution"):
        if low in spec.allowed:
            return low, None
        return None, f"`{text}` is not one of {allowed_text(key)}"
    if key == "guidance":
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if not 0 <= number <= 10:  # nan fails too
            return None, f"`{text}` is not a number from 0 to 10"
        return (int(number) if re.fullmatch(r"\d+", text) else number), None
    if key == "video length":
        match = re.fullmatch(r"(\d{1,3})\s*s?", low)
        if match and 1 <= int(match.group(1)) <= 60:
            return int(match.group(1)), None
        return None, f"`{text}` is not a whole number of seconds such as `8s`"
    # Model, Avoid, Style, the frames and Video are text; URLs are checked by KS308.
    return " ".join(text.split()), None


def allowed_text(key: str) -> str:
    spec = SPECS[key]
    if key in ("audio", "keep audio"):
        return "`on` or `off` (`yes`/`no`, `true`/`false` too)"
    if key == "guidance":
        return "a number from 0 to 10, such as `0.5`"
    if key == "video length":
        return "the input video's length in whole seconds, such as `8s`"
    if key == "output":
        return "`url` or `base64` (`b64_json` too)"
    if spec.allowed:
        return ", ".join(f"`{a}`" for a in spec.allowed[:-1]) + f" or `{spec.allowed[-1]}`"
    if key == "namespace":
        return "a user or organisation name such as `tram-studio`"
    return "a value"
