"""A still per shot from a scene's downloaded video, for the storyboard (PyAV, the `kscript[video]` extra).

Each shot's still is the frame at the middle of its share of the video (its
written seconds scaled to the video's real length, as kscript/film/timeline.py
divides it), made small (320 pixels wide) and encoded as JPEG by FFmpeg's own
encoder, so no imaging package is needed, then embedded in the page as a
`data:` address so that the page stays one file.
"""

from __future__ import annotations

import base64
from fractions import Fraction
from pathlib import Path
from typing import Any

from kscript.compiler.scenes import CompiledScene
from kscript.film.timeline import segments

WIDTH = 320


def middles(scene: CompiledScene, length: float) -> list[float]:
    """Seconds into a video of `length` seconds at which each shot's middle falls."""
    found: list[float] = []
    at = 0.0
    for segment in segments(scene):
        span = length * segment.share
        found.append(at + span / 2)
        at += span
    return found


def grab(path: Path, scene: CompiledScene) -> list[str | None]:
    """A `data:image/jpeg` address per shot of `scene`, from the video at `path`; None for a
    shot whose frame cannot be read. ImportError when PyAV is missing; a video that cannot be
    opened gives None for every shot."""
    import av

    shots = len(scene.shots)
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return [None] * shots
            stream = container.streams.video[0]
            length = _length(container, stream)
            if length <= 0:
                return [None] * shots
            return [_still(av, container, stream, t) for t in middles(scene, length)]
    except (av.FFmpegError, OSError, ValueError):
        return [None] * shots


def _length(container: Any, stream: Any) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000
    return 0.0


def _still(av: Any, container: Any, stream: Any, seconds: float) -> str | None:
    try:
        container.seek(int(seconds / stream.time_base), stream=stream, backward=True, any_frame=False)
        frame = None
        for frame in container.decode(stream):
            if frame.time is not None and frame.time >= seconds - 0.001:
                break
        if frame is None:
            return None
        return "data:image/jpeg;base64," + base64.b64encode(_jpeg(av, frame)).decode("ascii")
    except (av.FFmpegError, ValueError, IndexError):
        return None


def _jpeg(av: Any, frame: Any) -> bytes:
    width = min(WIDTH, frame.width - frame.width % 2) or 2
    height = max(2, round(frame.height * width / frame.width / 2) * 2)
    encoder = av.CodecContext.create("mjpeg", "w")
    encoder.width, encoder.height, encoder.pix_fmt = width, height, "yuvj420p"
    encoder.time_base = Fraction(1, 25)
    encoder.options = {"qmin": "2", "qmax": "8"}
    packets = encoder.encode(frame.reformat(width=width, height=height, format="yuvj420p")) + encoder.encode(None)
    return bytes(packets[0])
