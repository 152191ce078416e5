"""Where each shot and each spoken block falls in time: pure arithmetic over a compiled scene.

The API does not say where one shot ends inside a generated clip, so a clip's
real length is divided among its shots in proportion to their written
durations; a shot's spoken blocks share its time in the order written.
"""

from __future__ import annotations

from dataclasses import dataclass

from kscript.compiler.scenes import CompiledScene


@dataclass(frozen=True, slots=True)
class Segment:
    """One shot's share of a scene: a fraction of the timeline bar and, in a film, seconds."""

    index: int  # 1-based shot number in the scene
    seconds: int  # as written (what the request asks for)
    share: float  # of the scene's written seconds, 0 to 1


@dataclass(frozen=True, slots=True)
class Cue:
    """A subtitle: who speaks, what, from when to when (seconds from the film's start)."""

    start: float
    end: float
    speaker: str
    text: str


def segments(scene: CompiledScene) -> list[Segment]:
    total = scene.total_duration
    if total <= 0:
        return []
    return [Segment(i, s.duration, s.duration / total) for i, s in enumerate(scene.shots, 1)]


def spoken_blocks(scene: CompiledScene) -> list[list[tuple[str, str]]]:
    """Per shot, its dialogue blocks as (speaker as written, spoken lines joined)."""
    blocks: list[list[tuple[str, str]]] = []
    for shot in scene.shots:
        found: list[tuple[str, str]] = []
        for paragraph in shot.shot.paragraphs:
            if paragraph.kind != "dialogue":
                continue
            words = " ".join(" ".join(line.text.split()) for line in paragraph.spoken).strip()
            if words:
                found.append((paragraph.cue.lstrip("@"), words))
        blocks.append(found)
    return blocks


def cues(scene: CompiledScene, start: float, length: float) -> list[Cue]:
    """The subtitles of a scene whose clip starts at `start` and lasts `length` seconds."""
    result: list[Cue] = []
    at = start
    for segment, blocks in zip(segments(scene), spoken_blocks(scene), strict=True):
        span = length * segment.share
        if blocks:
            step = span / len(blocks)
            for n, (speaker, text) in enumerate(blocks):
                result.append(Cue(at + n * step, at + (n + 1) * step, speaker, text))
        at += span
    return result
