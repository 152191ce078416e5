"""The settings a title page or a scene may give, and how their values read."""

from __future__ import annotations

import re
from dataclasses import dataclass

SUPPORTED_MODEL = "kling-video-o3-pro-reference-to-video"


@dataclass(frozen=True, slots=True)
class SettingSpec:
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
}

ALIASES = {"negative": "avoid"}

TITLE_KEYS = ("model", "aspect", "audio", "avoid", "style", "output", "namespace", "generations")
SCENE_KEYS = ("aspect", "audio", "avoid", "style", "output", "namespace", "generations", "start frame", "end frame")

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
    if key == "audio":
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
    # Model, Avoid, Style and the frames are text; frames are checked as URLs (KS308).
    return " ".join(text.split()), None


def allowed_text(key: str) -> str:
    spec = SPECS[key]
    if key == "audio":
        return "`on` or `off` (`yes`/`no`, `true`/`false` too)"
    if key == "output":
        return "`url` or `base64` (`b64_json` too)"
    if spec.allowed:
        return ", ".join(f"`{a}`" for a in spec.allowed[:-1]) + f" or `{spec.allowed[-1]}`"
    if key == "namespace":
        return "a user or organisation name such as `tram-studio`"
    return "a value"
