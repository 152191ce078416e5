"""`kscript storyboard` and `kscript assemble`: the page before paying, the film after."""

from __future__ import annotations

from pathlib import Path

import click

from kscript.cli.common import Fail, load_config
from kscript.core.atomic import write_file
from kscript.core.exits import Exit
from kscript.formats.escape import untrusted


def scene_videos(file: str, videos_dir: str | None, allow_missing: bool, gap: str):
    """FILE read and compiled, and the latest downloaded video of each scene: (result, scenes, found, missing,
    where looked). Scenes without one are an error unless `allow_missing` (`gap` ends the error's advice)."""
    from kscript.film import videos

    result = _read_script(file, load_config())
    scenes = result.compiled
    if not scenes:
        raise Fail(f"{result.path}: the script has no scene", Exit.FAIL)
    found, notes = videos.find(file, [c.scene.id for c in scenes], Path(videos_dir) if videos_dir else None, Path.cwd())
    for note in notes:
        click.echo(f"kscript: warning: {untrusted(note)}", err=True)
    missing = [c.scene.id for c in scenes if not found.get(c.scene.id)]
    where = videos_dir or "the journal or this folder"
    if missing and not allow_missing:
        raise Fail(
            f"no downloaded video for scene{'s' if len(missing) != 1 else ''} {', '.join(missing)} (looked in {where}); "
            f"nothing was written. Download them (kscript submit FILE --wait) or pass --allow-missing{gap}",
            Exit.FAIL,
        )
    return result, scenes, found, missing, where


def _read_script(file: str, cfg):
    """Lint FILE as compile does (queue-shaped, so the cost counts generations), without refusing errors."""
    from kscript.check.runner import lint_path
    from kscript.oxen.frames import find

    result = lint_path(file, cfg, queue=True, frames=find)  # a chained scene shows the frame it starts from, when there is one
    if result.read_error:
        raise Fail(f"{result.path}: cannot read: {result.read_error}")
    if result.script is None:
        raise Fail(f"{file}: takes a .kscript script, not a payload file")
    return result


def _pricer(option: str | None, cfg):
    """A request's price per second (with sound where it asks for sound and the API priced it),
    and whether it is published: the live price when
    `kscript models --check` or a submit fetched one from the API the user sends to
    (`--base-url`, else KSCRIPT_BASE_URL, else the configuration's), else the profile's."""
    from kscript.models.live import Prices, base_url

    prices = Prices(base_url(option, cfg.base_url))

    def price(request: dict) -> tuple[float, bool]:
        found = prices.of(str(request.get("model", "")))
        return found.for_request(request), found.confirmed

    return price


def _default_page(file: str) -> Path:
    from kscript.language.source import stem_of

    if file == "-":
        return Path(f"{stem_of(file)}.board.html")
    return Path(file).with_name(f"{stem_of(file)}.board.html")


@click.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False), help="The page to write (default: <stem>.board.html beside FILE).")
@click.option("--videos", "videos_dir", type=click.Path(file_okay=False), help="Find videos here by name (<stem>.<scene>.<n>.mp4) instead of through the journal.")
@click.option("--base-url", help="Price with the live prices fetched from this API (else KSCRIPT_BASE_URL, else the configuration's, else https://hub.oxen.ai).")
def storyboard(file: str, out: str | None, videos_dir: str | None, base_url: str | None) -> None:
    """Write FILE as one self-contained HTML storyboard page: cast, scenes, shots, costs, diagnostics, videos."""
    from kscript.film import board, videos

    cfg = load_config()
    result = _read_script(file, cfg)
    assert result.script is not None
    target = Path(out) if out else _default_page(file)
    found, notes = videos.find(file, [c.scene.id for c in result.compiled], Path(videos_dir) if videos_dir else None, Path.cwd())
    for note in notes:
        click.echo(f"kscript: warning: {untrusted(note)}", err=True)
    page = board.render(
        result.path, result.script, result.compiled, result.diagnostics, found, target.resolve().parent, _pricer(base_url, cfg),
        _stills(result.compiled, found),
        board.local_pictures(result.assets),
    )
    try:
        write_file(target, page)
    except OSError as exc:
        raise Fail(f"{target}: cannot write: {exc.strerror or exc}") from None
    errors = sum(1 for d in result.diagnostics if d.severity == "error")
    warnings = sum(1 for d in result.diagnostics if d.severity == "warning")
    shown = sum(len(v) for v in found.values())
    click.echo(str(target))
    notes = [f"{len(result.compiled)} scene{'s' if len(result.compiled) != 1 else ''}"]
    if shown:
        notes.append(f"{shown} video{'s' if shown != 1 else ''}")
    if errors or warnings:
        notes.append(f"{errors} error{'s' if errors != 1 else ''} and {warnings} warning{'s' if warnings != 1 else ''} shown on the page")
    click.echo("storyboard: " + ", ".join(notes), err=True)


def _stills(compiled, found) -> dict[str, list[str | None]]:
    """A picture per shot of each scene that has a downloaded video (its latest), from the middle
    of the shot; PyAV is imported only here, and its absence is a warning, not a failure."""
    chosen = {c.scene.id: found[c.scene.id][-1] for c in compiled if found.get(c.scene.id)}
    if not chosen:
        return {}
    try:
        from kscript.film import stills
    except ImportError:
        return {}
    pictures: dict[str, list[str | None]] = {}
    for scene in compiled:
        video = chosen.get(scene.scene.id)
        if video is None:
            continue
        try:
            pictures[scene.scene.id] = stills.grab(video.path, scene)
        except ImportError:
            click.echo("kscript: warning: a picture per shot from the videos needs PyAV: pip install 'kscript[video]'", err=True)
            return {}
    return pictures


@click.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False), help="The film to write (.mp4).")
@click.option("--srt", "srt_path", type=click.Path(dir_okay=False), help="Also write the dialogue as SubRip subtitles.")
@click.option("--allow-missing", is_flag=True, help="Skip scenes that have no downloaded video (with a warning).")
@click.option("--videos", "videos_dir", type=click.Path(file_okay=False), help="Find videos here by name (<stem>.<scene>.<n>.mp4) instead of through the journal.")
def assemble(file: str, out: str, srt_path: str | None, allow_missing: bool, videos_dir: str | None) -> None:
    """Join the latest downloaded video of each of FILE's scenes, in script order, into one film."""
    from kscript.film import assemble as film
    from kscript.film import subtitles, timeline

    result, scenes, found, missing, where = scene_videos(file, videos_dir, allow_missing, "")
    for scene_id in missing:
        click.echo(f"kscript: warning: scene {scene_id} has no downloaded video; it is left out of the film", err=True)
    chosen = [(c, found[c.scene.id][-1]) for c in scenes if found.get(c.scene.id)]
    for scene, video in chosen:
        if video.draft:  # the list puts real generations last: a draft is chosen only when there is none
            click.echo(
                f"kscript: warning: scene {scene.scene.id} has only a draft video ({video.path.name}, a cheap preview): the film "
                f"uses it; `kscript submit {file} --scene {scene.scene.id} --wait` makes the real one", err=True,
            )
    if not chosen:
        raise Fail(f"no scene of {result.path} has a downloaded video (looked in {where}); nothing was written", Exit.FAIL)
    clips = []
    broken = 0
    for _, video in chosen:  # every clip checked whole before anything is written
        try:
            clips.append(film.probe(video.path))
        except film.FilmError as exc:
            if str(exc) == film.INSTALL_HINT:
                raise Fail(f"{exc}; nothing was written", Exit.FAIL) from None
            broken += 1
            again = f"; download it again: kscript download {untrusted(video.generation_id)}" if video.generation_id else ""
            click.echo(f"kscript: error: {untrusted(exc)}{again}", err=True)
    if broken:
        raise Fail(f"{broken} of {len(chosen)} clips cannot be joined (above); nothing was written", Exit.FAIL)
    try:
        target = Path(out)
        mode = film.assemble(clips, target)
    except film.FilmError as exc:
        raise Fail(f"{exc}; nothing was written", Exit.FAIL) from None
    except OSError as exc:
        raise Fail(f"{out}: cannot write: {exc.strerror or exc}; nothing was written") from None
    length = sum(c.duration for c in clips)
    click.echo(str(target))
    how = "joined without re-encoding" if mode == "copied" else "re-encoded (the clips differ in codec parameters)"
    click.echo(f"assemble: {len(clips)} scene{'s' if len(clips) != 1 else ''}, {length:.1f} s, {how}", err=True)
    if srt_path:
        cues: list[timeline.Cue] = []
        start = 0.0
        for (scene, _), clip in zip(chosen, clips, strict=True):
            cues.extend(timeline.cues(scene, start, clip.duration))
            start += clip.duration
        try:
            write_file(Path(srt_path), subtitles.srt(cues))
        except OSError as exc:
            raise Fail(f"{srt_path}: cannot write: {exc.strerror or exc}") from None
        click.echo(srt_path)
