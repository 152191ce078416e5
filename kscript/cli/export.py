"""`kscript export`: the downloaded videos as an editor's timeline, cut shot by shot, and the dialogue as subtitles."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import click

from kscript.cli.common import Fail
from kscript.core.atomic import write_file
from kscript.core.exits import Exit

FORMATS = ("otio", "edl", "fcpxml", "srt", "vtt")


@click.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--otio", "otio_path", type=click.Path(dir_okay=False), help="Write an OpenTimelineIO timeline (.otio; DaVinci Resolve opens it).")
@click.option("--edl", "edl_path", type=click.Path(dir_okay=False), help="Write a CMX 3600 EDL.")
@click.option("--fcpxml", "fcpxml_path", type=click.Path(dir_okay=False), help="Write Final Cut Pro 7 XML (Premiere, Resolve and Kdenlive read it).")
@click.option("--srt", "srt_path", type=click.Path(dir_okay=False), help="Write the dialogue as SubRip subtitles timed to the cut.")
@click.option("--vtt", "vtt_path", type=click.Path(dir_okay=False), help="Write the dialogue as WebVTT subtitles timed to the cut.")
@click.option("--relative", is_flag=True, help="Refer to the videos by paths relative to each output file's folder, not absolute file addresses.")
@click.option("--allow-missing", is_flag=True, help="Leave a gap of its written length for a scene with no downloaded video (with a warning).")
@click.option("--videos", "videos_dir", type=click.Path(file_okay=False), help="Find videos here by name (<stem>.<scene>.<n>.mp4) instead of through the journal.")
def export(
    file: str,
    otio_path: str | None,
    edl_path: str | None,
    fcpxml_path: str | None,
    srt_path: str | None,
    vtt_path: str | None,
    relative: bool,
    allow_missing: bool,
    videos_dir: str | None,
) -> None:
    """Write the latest downloaded videos of FILE's scenes as an editor's timeline: one clip per SHOT."""
    from kscript.cli.film import scene_videos
    from kscript.film import export as edit
    from kscript.film import subtitles

    outputs = {kind: path for kind, path in zip(FORMATS, (otio_path, edl_path, fcpxml_path, srt_path, vtt_path), strict=True) if path}
    if not outputs:
        raise Fail("say what to write: one or more of --otio, --edl, --fcpxml, --srt, --vtt (each with a file name)")
    timelines = [kind for kind in outputs if kind in edit.ADAPTERS]
    try:
        if timelines:
            edit.load_otio()
        import av  # noqa: F401 - each video's real length is read with PyAV
    except edit.ExportError as exc:
        raise Fail(str(exc), Exit.FAIL) from None
    except ImportError:
        raise Fail(edit.INSTALL_HINT, Exit.FAIL) from None

    result, scenes, found, missing, where = scene_videos(file, videos_dir, allow_missing, " for a gap")
    assert result.script is not None
    if len(missing) == len(scenes):
        raise Fail(f"no scene of {result.path} has a downloaded video (looked in {where}); nothing was written", Exit.FAIL)
    for scene_id in missing:
        click.echo(f"kscript: warning: scene {scene_id} has no downloaded video; the timeline has a gap of its written length", err=True)

    placed, rate = _place(scenes, found, file)
    decl = _declarations(result.script)
    title = _title(result.script, result.path)
    written: list[str] = []
    for kind, path in outputs.items():
        target = Path(path)
        try:
            if kind in edit.ADAPTERS:
                made = edit.timeline(title, placed, rate, decl, target.parent if relative else None)
                text = edit.write(made, kind)
            else:
                cues = edit.subtitle_cues(placed, rate, decl)
                text = subtitles.srt(cues) if kind == "srt" else edit.vtt(cues)
            write_file(target, text)
        except edit.ExportError as exc:
            raise Fail(f"{path}: {exc}", Exit.FAIL) from None
        except OSError as exc:
            raise Fail(f"{path}: cannot write: {exc.strerror or exc}") from None
        written.append(path)
        click.echo(path)
    shots = sum(len(p.scene.shots) for p in placed)
    length = sum(p.frames for p in placed) / rate
    gaps = f", {len(missing)} gap{'s' if len(missing) != 1 else ''}" if missing else ""
    click.echo(f"export: {shots} shot{'s' if shots != 1 else ''} from {len(placed)} scene{'s' if len(placed) != 1 else ''}{gaps}, {float(length):.2f} s at {float(rate):g} fps", err=True)


def _place(scenes, found, file: str):
    """Each scene with its latest video and that video's length in frames of the timeline's rate
    (the first video's frame rate), or a gap of its written seconds."""
    from kscript.film import assemble as film
    from kscript.film.export import DEFAULT_RATE, ExportError, Placed

    probed = {}
    for scene in scenes:
        videos = found.get(scene.scene.id)
        if not videos:
            continue
        video = videos[-1]
        if video.draft:  # the list puts real generations last: a draft is chosen only when there is none
            click.echo(
                f"kscript: warning: scene {scene.scene.id} has only a draft video ({video.path.name}, a cheap preview): the timeline "
                f"uses it; `kscript submit {file} --scene {scene.scene.id} --wait` makes the real one", err=True,
            )
        try:
            probed[scene.scene.id] = (video, film.probe(video.path))
        except film.FilmError as exc:
            raise Fail(f"{exc}; nothing was written", Exit.FAIL) from None
    first = next(iter(probed.values()))[1]
    rate = Fraction(first.rate) if first.rate else DEFAULT_RATE
    if rate <= 0:
        rate = DEFAULT_RATE
    placed = []
    for scene in scenes:
        if scene.scene.id in probed:
            video, clip = probed[scene.scene.id]
            frames = max(1, round(clip.duration * rate))
            placed.append(Placed(scene, video, frames))
        else:
            placed.append(Placed(scene, None, round(scene.total_duration * rate)))
    if any(p.frames < len(p.scene.shots) for p in placed):
        short = next(p for p in placed if p.frames < len(p.scene.shots))
        raise Fail(str(ExportError(f"scene {short.scene.scene.id}'s video is shorter than one frame a shot; nothing was written")), Exit.FAIL)
    return placed, rate


def _declarations(script):
    from kscript.compiler.scenes import Declarations

    return Declarations(script)


def _title(script, path: str) -> str:
    import os

    for setting in script.title_page:
        if not setting.known and setting.key.lower() == "title" and setting.value.strip():
            return setting.value.strip()
    return os.path.basename(path) or "kscript"
