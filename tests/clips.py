"""Real video clips for the film tests, made with PyAV (H.264 and AAC)."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path


def make_clip(
    path: Path, seconds: float, size: tuple[int, int] = (320, 240), rate: int = 24, audio: bool = True, shade: int = 0, faststart: bool = False
) -> Path:
    """A clip; `faststart`: its index (`moov`) before the media, as web videos are written."""
    import av

    width, height = size
    with av.open(str(path), "w", format="mp4", options={"movflags": "faststart"} if faststart else {}) as container:
        video = container.add_stream("libx264", rate=rate)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"preset": "ultrafast"}
        sound = None
        if audio:
            sound = container.add_stream("aac", rate=48000)
            sound.layout = "mono"
        frames = round(seconds * rate)
        for n in range(frames):
            frame = av.VideoFrame(width, height, "rgb24")
            plane = frame.planes[0]
            value = (shade + n * 7) % 256
            plane.update(bytes([value, 255 - value, 128]) * (plane.buffer_size // 3) + bytes(plane.buffer_size % 3))
            frame.pts = n
            frame.time_base = Fraction(1, rate)
            for packet in video.encode(frame):
                container.mux(packet)
        for packet in video.encode(None):
            container.mux(packet)
        if sound is not None:
            total = round(seconds * 48000)
            done = 0
            while done < total:
                count = min(1024, total - done)
                frame = av.AudioFrame(format="s16", layout="mono", samples=count)
                samples = bytearray()
                for i in range(count):
                    v = int(8000 * math.sin(2 * math.pi * 440 * (done + i) / 48000))
                    samples += v.to_bytes(2, "little", signed=True)
                frame.planes[0].update(bytes(samples) + bytes(frame.planes[0].buffer_size - len(samples)))
                frame.sample_rate = 48000
                frame.pts = done
                done += count
                for packet in sound.encode(frame):
                    container.mux(packet)
            for packet in sound.encode(None):
                container.mux(packet)
    return path


def duration_of(path: Path) -> float:
    """The film's length as a player sees it: the end of its last video frame."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        end = 0.0
        for frame in container.decode(stream):
            end = max(end, float(frame.time) + 1 / float(stream.average_rate or 24))
        return end


def cut_short(path: Path, share: float) -> Path:
    """Keep only the first `share` of the file's bytes, as a download broken off would."""
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * share)])
    return path


def damage(path: Path, at: float = 0.5, length: int = 2000) -> Path:
    """Scramble `length` bytes from `at` of the way into the file (its media, in a faststart clip)."""
    data = bytearray(path.read_bytes())
    start = int(len(data) * at)
    for i in range(start, min(len(data), start + length)):
        data[i] = (data[i] * 31 + 7) & 0xFF
    path.write_bytes(bytes(data))
    return path
