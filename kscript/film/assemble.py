"""Joining scene clips into one film with PyAV (the `kscript[video]` extra).

Clips that share their codec parameters are joined without re-encoding:
their packets are copied, each clip's timestamps shifted so that its first
decode time follows the previous clip's end (shifting by presentation time
fails on B-frames). Clips that differ are decoded and encoded again to the
first clip's picture size as H.264 and AAC. The film is written to a
temporary file beside the target and moved into place only when whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from kscript.core.atomic import replacing

INSTALL_HINT = "kscript assemble needs PyAV: pip install 'kscript[video]'"


class FilmError(Exception):
    """A clip that cannot be read, or a film that cannot be written."""


@dataclass(frozen=True, slots=True)
class Clip:
    path: Path
    duration: float  # seconds
    video: tuple[Any, ...]  # codec parameters that must match for a copy
    audio: tuple[Any, ...] | None
    width: int
    height: int
    rate: Fraction | None


def load_av() -> Any:
    try:
        import av
    except ImportError:
        raise FilmError(INSTALL_HINT) from None
    return av


def probe(path: Path) -> Clip:
    av = load_av()
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise FilmError(f"{path}: has no video stream")
            v = container.streams.video[0]
            vc = v.codec_context
            video_key = (vc.name, vc.width, vc.height, vc.pix_fmt, bytes(vc.extradata or b""), v.time_base)
            audio_key = None
            if container.streams.audio:
                a = container.streams.audio[0]
                ac = a.codec_context
                audio_key = (ac.name, ac.sample_rate, ac.layout.name, ac.format.name if ac.format else None, bytes(ac.extradata or b""))
            duration = _duration(container, v)
            return Clip(path, duration, video_key, audio_key, vc.width, vc.height, v.average_rate)
    except FilmError:
        raise
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise FilmError(f"{path}: not a readable video ({exc})") from None


def _duration(container: Any, stream: Any) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000
    # Neither the stream nor the container says: count to the last packet.
    end = 0.0
    for packet in container.demux(stream):
        if packet.pts is not None and packet.time_base is not None:
            end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
    return end


def can_copy(clips: list[Clip]) -> bool:
    first = clips[0]
    return all(c.video == first.video and c.audio == first.audio for c in clips)


def assemble(clips: list[Clip], target: Path) -> str:
    """Write the film; returns how it was made ("copied" or "re-encoded")."""
    if not clips:
        raise FilmError("no clips to join")
    av = load_av()
    mode = "copied" if can_copy(clips) else "re-encoded"
    with replacing(target) as temporary, av.open(temporary, "w", format="mp4") as output:
        if mode == "copied":
            _copy(av, clips, output)
        else:
            _encode(av, clips, output)
    return mode


def _copy(av: Any, clips: list[Clip], output: Any) -> None:
    streams: dict[str, Any] = {}
    offset = Fraction(0)  # where the next clip starts in the film, in seconds
    for clip in clips:
        with av.open(str(clip.path)) as source:
            inputs = [source.streams.video[0]] + ([source.streams.audio[0]] if source.streams.audio else [])
            for stream in inputs:
                if stream.type not in streams:
                    streams[stream.type] = output.add_stream_from_template(stream)
            first: dict[str, int] = {}
            end = offset
            for packet in source.demux(inputs):
                if packet.dts is None:
                    continue  # the demuxer's empty packet at the end of a stream
                kind = packet.stream.type
                base = packet.time_base
                first.setdefault(kind, packet.dts)
                shift = round(offset / base) - first[kind]
                packet.dts += shift
                if packet.pts is not None:
                    packet.pts += shift
                end = max(end, Fraction(packet.dts + (packet.duration or 0)) * base)
                packet.stream = streams[kind]
                output.mux(packet)
            offset = max(end, offset + Fraction(clip.duration).limit_denominator(1_000_000))


def _encode(av: Any, clips: list[Clip], output: Any) -> None:
    first = clips[0]
    width, height = first.width - first.width % 2, first.height - first.height % 2
    rate = first.rate if first.rate else Fraction(24)
    video = output.add_stream("libx264", rate=rate)
    video.width, video.height, video.pix_fmt = width, height, "yuv420p"
    # The muxer changes the stream's time base when it writes the header: frames keep the encoder's.
    frame_base = 1 / Fraction(rate)
    video.codec_context.time_base = frame_base
    audio = None
    if any(c.audio is not None for c in clips):
        audio = output.add_stream("aac", rate=48000)
        audio.layout = "stereo"
        audio.time_base = Fraction(1, 48000)
    fifo = av.AudioFifo() if audio is not None else None
    film_start = 0.0
    next_video_pts = 0
    next_sample = 0
    for clip in clips:
        with av.open(str(clip.path)) as source:
            v_in = source.streams.video[0]
            origin: float | None = None
            for frame in source.decode(v_in):
                if frame.time is None:
                    continue
                if origin is None:
                    origin = frame.time
                pts = round((film_start + frame.time - origin) * rate)
                if pts < next_video_pts:
                    continue  # a source faster than the film's rate: drop the extra frame
                out = frame.reformat(width=width, height=height, format="yuv420p")
                out.pts = pts
                out.time_base = frame_base
                for packet in video.encode(out):
                    output.mux(packet)
                next_video_pts = pts + 1
        if audio is not None and fifo is not None:
            next_sample = _clip_audio(av, clip, fifo, audio, output, next_sample)
        film_start += clip.duration
    for packet in video.encode(None):
        output.mux(packet)
    if audio is not None and fifo is not None:
        _drain(fifo, audio, output, next_sample, final=True)
        for packet in audio.encode(None):
            output.mux(packet)


def _silence(av: Any, samples: int) -> Any:
    frame = av.AudioFrame(format="fltp", layout="stereo", samples=samples)
    for plane in frame.planes:
        plane.update(bytes(plane.buffer_size))
    frame.sample_rate = 48000
    return frame


def _clip_audio(av: Any, clip: Clip, fifo: Any, audio: Any, output: Any, next_sample: int) -> int:
    """Exactly the clip's length of sound (its own, cut or padded with silence) into the film."""
    wanted = round(clip.duration * 48000)
    own = av.AudioFifo()
    if clip.audio is not None:
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48000)
        with av.open(str(clip.path)) as source:
            for frame in source.decode(source.streams.audio[0]):
                for chunk in resampler.resample(frame):
                    chunk.pts = None
                    own.write(chunk)
        for chunk in resampler.resample(None):
            chunk.pts = None
            own.write(chunk)
    taken = min(own.samples, wanted)
    if taken:
        sound = own.read(taken)
        sound.pts = None  # the film's fifo counts its own samples
        fifo.write(sound)
    if wanted > taken:
        fifo.write(_silence(av, wanted - taken))
    return _drain(fifo, audio, output, next_sample)


def _drain(fifo: Any, audio: Any, output: Any, next_sample: int, final: bool = False) -> int:
    size = audio.codec_context.frame_size or 1024
    while fifo.samples >= size or (final and fifo.samples):
        frame = fifo.read(min(size, fifo.samples))
        frame.pts = next_sample
        frame.time_base = Fraction(1, 48000)
        next_sample += frame.samples
        for packet in audio.encode(frame):
            output.mux(packet)
    return next_sample
