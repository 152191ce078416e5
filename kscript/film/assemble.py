"""Joining scene clips into one film with PyAV (the `kscript[video]` extra).

Clips that share their codec parameters are joined without re-encoding:
their packets are copied, each clip's timestamps shifted so that its first
decode time follows the previous clip's end (shifting by presentation time
fails on B-frames). Clips that differ are decoded and encoded again to the
first clip's picture size as H.264 and AAC. The film is written to a
temporary file beside the target and moved into place only when whole.

Every clip is checked whole before anything is written (`check_whole`): each
packet must decode, and each stream must hold what the container's index
says, in packets and in length. A download cut short keeps its index when the
index stands at the front (faststart), so it opens and plays, then freezes:
joined as it is, it would put a freeze and silence in the film.
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
    """What the join needs to know of a clip, after checking it is whole (`check_whole`)."""
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
            clip = Clip(path, duration, video_key, audio_key, vc.width, vc.height, v.average_rate)
        with av.open(str(path)) as container:
            problems = check_whole(av, container)
        if problems:
            raise FilmError(f"{path}: a broken clip: {'; '.join(problems)}")
        return clip
    except FilmError:
        raise
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise FilmError(f"{path}: not a readable video ({exc})") from None


# How far a stream's decoded length may differ from its container's figure: a frame of video
# (the last frame's display time), and for sound the encoder's priming and padding.
VIDEO_SLACK_FRAMES = 1.5
AUDIO_SLACK_SECONDS = 0.1
FAILURES_NAMED = 3  # undecodable packets named in the message; the rest are counted


@dataclass(slots=True)
class _Tally:
    """What one stream of a clip held, decoded."""

    kind: str
    packets: int = 0
    frames: int = 0
    samples: int = 0
    end: float = 0.0  # seconds: the end of the last decoded video frame


def check_whole(av: Any, container: Any) -> list[str]:
    """What is wrong with a clip, in a writer's words; empty when every packet of its video
    and sound decodes and each stream holds what the container's index says: as many
    packets (a truncated file keeps an index at its front that lists them all) and the
    length the container gives (within a frame and a half of video, a tenth of a second of
    sound). One pass: each packet is decoded as it is read."""
    streams = [container.streams.video[0]] + list(container.streams.audio[:1])
    tallies = {stream.index: _Tally(stream.type) for stream in streams}
    failures: list[str] = []
    failed = 0
    rate = streams[0].average_rate or streams[0].guessed_rate
    frame_time = float(1 / rate) if rate else 1 / 24
    try:
        for packet in container.demux(streams):
            tally = tallies[packet.stream_index]
            problem = None
            if packet.size:
                tally.packets += 1
                problem = "marked corrupt" if packet.is_corrupt else None
            try:
                frames = packet.decode()
            except av.FFmpegError as exc:
                problem, frames = _reason(exc), []
            if problem is not None:
                failed += 1
                if len(failures) < FAILURES_NAMED:
                    at = packet.pts if packet.pts is not None else packet.dts
                    when = f" at {float(at * packet.time_base):.2f} s" if at is not None and packet.time_base is not None else ""
                    failures.append(f"{tally.kind}{when} ({problem})")
            for frame in frames:
                tally.frames += 1
                if tally.kind == "audio":
                    tally.samples += frame.samples
                elif frame.time is not None:
                    tally.end = max(tally.end, frame.time + frame_time)
    except av.FFmpegError as exc:
        return [f"the file cannot be read to its end ({_reason(exc)})"]
    problems = []
    short = [f"{tallies[s.index].packets} of the {s.frames} {s.type} packets" for s in streams if s.frames and tallies[s.index].packets < s.frames]
    lengths = []
    for stream in streams:
        tally = tallies[stream.index]
        said = float(stream.duration * stream.time_base) if stream.duration is not None and stream.time_base is not None else None
        if said is None:
            continue
        if tally.kind == "video":
            decoded, slack = tally.end, VIDEO_SLACK_FRAMES * frame_time
        else:
            hertz = stream.codec_context.sample_rate or stream.rate
            decoded, slack = (tally.samples / hertz if hertz else 0.0), AUDIO_SLACK_SECONDS
        if abs(decoded - said) > slack:
            lengths.append(f"the {'picture' if tally.kind == 'video' else 'sound'} {'stops' if decoded < said else 'runs'} at {decoded:.2f} s of {said:.2f} s")
    if short:
        problems.append(f"it is cut short: the file holds {' and '.join(short)} its index lists" + (f" ({', '.join(lengths)})" if lengths else ""))
    elif lengths:
        problems.append(f"its length disagrees with its container: {', '.join(lengths)}")
    if failed:
        more = f" and {failed - len(failures)} more" if failed > len(failures) else ""
        problems.append(f"{failed} packet{'s do' if failed != 1 else ' does'} not decode: {', '.join(failures)}{more}")
    return problems


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text.split("] ", 1)[-1].split(":", 1)[0].strip() or type(exc).__name__  # "[Errno 1094995529] Invalid data found...: 'x()'"


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
