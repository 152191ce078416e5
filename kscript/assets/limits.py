"""The limits of what a request may name (ASSETS.md), and what a file breaks of them.

Pure functions over a file's facts (kscript/assets/files.py) and a model id.
"""

from __future__ import annotations

from typing import NamedTuple

from kscript.assets.files import Facts

MB = 1 << 20
IMAGE_MAX_BYTES = 10 * MB
IMAGE_MIN_SIDE = 300
IMAGE_MAX_RATIO = 2.5
VIDEO_MAX_BYTES = 200 * MB

# Every model takes JPEG and PNG; the v2.x schemas also list GIF and WebP (ASSETS.md).
_IMAGE_FORMATS = ("JPEG", "PNG")
_MORE_IMAGE_FORMATS = {"kling-video-v2-6-pro-image-to-video": ("JPEG", "PNG", "GIF", "WEBP")}


class VideoLimits(NamedTuple):
    seconds: tuple[float, float]
    sides: tuple[int, int] | None  # None: not documented for this model


_EDIT = VideoLimits((3, 15), (720, 3840))
# Motion control: at least 3 s; at most 10 s with `Orientation: image`, 30 s with `video` (the default).
_VIDEO_LIMITS = {
    "kling-video-o3-pro-video-to-video-edit": _EDIT,
    "kling-video-o3-omni": _EDIT,
    "kling-video-v3-pro-motion-control": VideoLimits((3, 30), None),
}
_MOTION_IMAGE = VideoLimits((3, 10), None)


def image_formats(model: str) -> tuple[str, ...]:
    return _MORE_IMAGE_FORMATS.get(model, _IMAGE_FORMATS)


def video_limits(model: str, orientation: str | None = None) -> VideoLimits:
    if model == "kling-video-v3-pro-motion-control" and orientation == "image":
        return _MOTION_IMAGE
    return _VIDEO_LIMITS.get(model, _EDIT)


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.0f} KB"


def _listed(formats: tuple[str, ...]) -> str:
    names = ["WebP" if f == "WEBP" else f for f in formats]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def type_problem(facts: Facts, kind: str, model: str) -> str | None:
    """Why the file's type (by its content) is not what this place takes on `model`, or None."""
    if kind == "image":
        allowed = image_formats(model)
        if facts.format in allowed:
            return None
        found = "a video" if facts.kind == "video" else (f"a {facts.format} image" if facts.format else "not an image (its bytes begin as no JPEG, PNG, GIF or WebP does)")
        return f"is {found}; `{model}` takes {_listed(allowed)} images here"
    if facts.format in ("MP4", "MOV"):
        return None
    found = "an image" if facts.kind == "image" else "not a video (its bytes begin as no MP4 or MOV does)"
    return f"is {found}; `{model}` takes MP4 or MOV videos here"


def limit_problems(facts: Facts, kind: str, model: str, orientation: str | None = None) -> list[str]:
    """Every limit the file breaks (size, dimensions, aspect ratio, length), each said with the limit."""
    out: list[str] = []
    if kind == "image":
        if facts.size > IMAGE_MAX_BYTES:
            out.append(f"is {_size(facts.size)}; an image may be at most 10 MB")
        if facts.width and facts.height:
            short = min(facts.width, facts.height)
            if short < IMAGE_MIN_SIDE:
                out.append(f"is {facts.width}x{facts.height} px; an image's shorter side must be at least {IMAGE_MIN_SIDE} px")
            ratio = max(facts.width, facts.height) / max(1, short)
            if ratio > IMAGE_MAX_RATIO + 1e-9:
                out.append(f"has an aspect ratio of {ratio:.2f}:1 ({facts.width}x{facts.height}); it must be between 1:2.5 and 2.5:1")
        return out
    limits = video_limits(model, orientation)
    if facts.size > VIDEO_MAX_BYTES:
        out.append(f"is {_size(facts.size)}; a video may be at most 200 MB")
    if facts.seconds is not None:
        low, high = limits.seconds
        if not low <= facts.seconds <= high + 0.05:  # containers round a clip's end
            out.append(f"lasts {facts.seconds:.1f} s; `{model}` takes videos of {low:g} to {high:g} s")
    if limits.sides is not None and facts.width and facts.height:
        low, high = limits.sides
        if min(facts.width, facts.height) < low or max(facts.width, facts.height) > high:
            out.append(f"is {facts.width}x{facts.height} px; `{model}` takes videos whose sides are {low} to {high} px")
    return out
