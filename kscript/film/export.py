"""The editor's timeline: one clip per SHOT, cut from its scene's downloaded video.

Built with OpenTimelineIO (the `kscript[edit]` extra) and written as `.otio`,
CMX 3600 EDL or FCP 7 XML through its adapters; the dialogue as SubRip or
WebVTT subtitles timed to the same cut.

The API does not say where one shot ends inside a generated clip, so each
scene's video is divided among its shots in proportion to their written
durations (kscript/film/timeline.py), counted in whole frames of the
timeline's rate: the cuts fall on frames and the clips of a scene add up to
its video exactly. A scene without a video becomes a gap of its written
length when the caller allows it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from kscript.compiler.scenes import CompiledScene, Declarations
from kscript.film import shots as shot_facts
from kscript.film.timeline import Cue, segments
from kscript.film.videos import Video

INSTALL_HINT = "kscript export needs OpenTimelineIO and its EDL and FCP XML adapters: pip install 'kscript[edit]'"
ADAPTERS = {"otio": "otio_json", "edl": "cmx_3600", "fcpxml": "fcp_xml"}
DEFAULT_RATE = Fraction(24)


class ExportError(Exception):
    """What cannot be exported, said for the user."""


@dataclass(slots=True)
class Placed:
    """A scene on the timeline: its video and the video's real length, or a gap of `frames`."""

    scene: CompiledScene
    video: Video | None
    frames: int  # the scene's length on the timeline, in frames of the timeline's rate


@dataclass(frozen=True, slots=True)
class Cut:
    """One shot's place: in its scene's video (`source`) and on the timeline (`record`), in frames."""

    scene: CompiledScene
    index: int  # 1-based shot number in the scene
    source: int
    record: int
    frames: int


def load_otio() -> Any:
    try:
        import opentimelineio as otio
    except ImportError:
        raise ExportError(INSTALL_HINT) from None
    return otio


def cuts(placed: list[Placed]) -> list[Cut]:
    """Every shot's cut: each scene's frames shared among its shots by their written seconds."""
    found: list[Cut] = []
    record = 0
    for item in placed:
        shares = segments(item.scene)
        written = 0
        before = 0
        total = sum(s.seconds for s in shares)
        for segment in shares:
            written += segment.seconds
            boundary = round(item.frames * written / total) if total else item.frames
            found.append(Cut(item.scene, segment.index, before, record + before, boundary - before))
            before = boundary
        record += item.frames
    return found


def subtitle_cues(placed: list[Placed], rate: Fraction, decl: Declarations) -> list[Cue]:
    """The dialogue timed to the cut: each spoken block within its shot, blocks of one shot sharing it in order."""
    with_video = {id(p.scene) for p in placed if p.video is not None}
    result: list[Cue] = []
    for cut in cuts(placed):
        if id(cut.scene) not in with_video:
            continue  # a gap says nothing
        lines = [line for line in shot_facts.dialogue(cut.scene.shots[cut.index - 1].shot, decl) if shot_facts.spoken_only(line)]
        if not lines:
            continue
        start = Fraction(cut.record) / rate
        step = Fraction(cut.frames, len(lines)) / rate
        for n, line in enumerate(lines):
            result.append(Cue(float(start + n * step), float(start + (n + 1) * step), line.cue, shot_facts.spoken_only(line)))
    return result


def media_url(path: Path, relative_to: Path | None) -> str:
    """A file address for the media: absolute (`file:///...`), or relative to the output's folder."""
    if relative_to is None:
        return path.resolve().as_uri()
    from urllib.parse import quote

    return quote(os.path.relpath(path.resolve(), relative_to.resolve()).replace(os.sep, "/"))


def timeline(title: str, placed: list[Placed], rate: Fraction, decl: Declarations, relative_to: Path | None = None) -> Any:
    """An OpenTimelineIO timeline: one video track of a clip per shot, a marker at each scene's first clip."""
    otio = load_otio()
    fps = float(rate)

    def time(frames: int) -> Any:
        return otio.opentime.RationalTime(frames, fps)

    def span(start: int, frames: int) -> Any:
        return otio.opentime.TimeRange(time(start), time(frames))

    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    by_scene = {id(p.scene): p for p in placed}
    reels = _reels(placed)
    for cut in cuts(placed):
        item = by_scene[id(cut.scene)]
        compiled_shot = cut.scene.shots[cut.index - 1]
        shot = compiled_shot.shot
        label = shot_facts.label(shot)
        name = f"{cut.scene.scene.id}.{cut.index}" + (f" {label}" if label else "")
        first = cut.index == 1
        if item.video is None:
            piece = otio.schema.Gap(name=f"{name} (no video)", source_range=span(0, cut.frames))
        else:
            reference = otio.schema.ExternalReference(target_url=media_url(item.video.path, relative_to), available_range=span(0, item.frames))
            reference.name = item.video.path.name
            piece = otio.schema.Clip(name=name, media_reference=reference, source_range=span(cut.source, cut.frames))
            piece.metadata["cmx_3600"] = {"reel": reels[id(cut.scene)]}
        piece.metadata["kscript"] = {
            "scene": cut.scene.scene.id,
            "heading": cut.scene.scene.heading,
            "shot": cut.index,
            "direction": shot_facts.direction(shot),
            "written_seconds": compiled_shot.duration,
            "prompt": compiled_shot.prompt,
            "cast": [m.name for m in shot_facts.cast(shot, decl)],
            "dialogue": [line.as_dict() for line in shot_facts.dialogue(shot, decl)],
            "generation_id": item.video.generation_id if item.video else None,
            "cost": item.video.cost if item.video else None,
            "video": str(item.video.path) if item.video else None,
            "draft": bool(item.video and item.video.draft),
        }
        if first:
            start = cut.source if item.video is not None else 0
            piece.markers.append(
                otio.schema.Marker(
                    name=f"{cut.scene.scene.id} {cut.scene.scene.heading}",
                    marked_range=span(start, 0),
                    color=otio.schema.MarkerColor.RED,
                    metadata={"kscript": {"scene": cut.scene.scene.id, "heading": cut.scene.scene.heading}},
                )
            )
        track.append(piece)
    made = otio.schema.Timeline(name=title, global_start_time=time(0))
    made.tracks.append(track)
    made.metadata["kscript"] = {"scenes": [p.scene.scene.id for p in placed], "missing": [p.scene.scene.id for p in placed if p.video is None]}
    return made


def _reels(placed: list[Placed]) -> dict[int, str]:
    """An EDL reel name for each scene's video (8 letters and digits at most): `SC1`, `SC12A`,
    or `R003` (its position) where two scene ids would give the same one."""
    import re

    names: dict[int, str] = {}
    taken: set[str] = set()
    for position, item in enumerate(placed, 1):
        reel = ("SC" + re.sub(r"[^A-Za-z0-9]", "", item.scene.scene.id).upper())[:8]
        if reel in taken:
            reel = f"R{position:03d}"
        taken.add(reel)
        names[id(item.scene)] = reel
    return names


def write(made: Any, kind: str) -> str:
    """The timeline as the text of a `.otio`, `.edl` or FCP XML file."""
    otio = load_otio()
    adapter = ADAPTERS[kind]
    if adapter not in otio.adapters.available_adapter_names():
        raise ExportError(INSTALL_HINT)
    try:
        return otio.adapters.write_to_string(made, adapter_name=adapter)
    except otio.exceptions.OTIOError as exc:
        raise ExportError(f"the {kind} writer refused the timeline: {exc}") from None


def vtt(cues: list[Cue]) -> str:
    """WebVTT text: `SPEAKER: words` for each cue, `<`, `>` and `&` escaped as the format asks."""
    from html import escape

    blocks = ["WEBVTT\n"]
    for cue in cues:
        text = escape(" ".join(f"{cue.speaker}: {cue.text}".split()), quote=False)
        blocks.append(f"{_vtt_time(cue.start)} --> {_vtt_time(cue.end)}\n{text}\n")
    return "\n".join(blocks)


def _vtt_time(seconds: float) -> str:
    millis = max(0, round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"
