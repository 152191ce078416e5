"""`kscript assemble`: real clips made with PyAV, joined, measured, with subtitles timed to the shots."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.clips import cut_short, damage, duration_of, make_clip
from tests.helpers import EXAMPLES, ROOT, run_kscript

pytest.importorskip("av")

# Scene 1 of the dialogue example: two shots, MARA speaks in the first, the conductor in the second.
SCRIPT = """\
Title: Two Scenes
Audio: on

CAST

MARA - courier
  front: https://cdn.example.com/mara.png

INT. TRAM - NIGHT #A1#

SHOT 4s - WIDE
@Mara boards.

MARA
(quietly)
Last stop?

SHOT 2s - CLOSE
@Mara sits.

CONDUCTOR
End of the line.

EXT. STREET - NIGHT #B2#

SHOT 3s - WIDE
@Mara steps out into the rain.
"""


def _project(tmp_path: Path) -> Path:
    script = tmp_path / "two.kscript"
    script.write_text(SCRIPT, encoding="utf-8")
    return script


def _packets(path: Path) -> int:
    import av

    with av.open(str(path)) as container:
        return sum(1 for p in container.demux(container.streams.video[0]) if p.dts is not None)


def test_clips_that_match_are_joined_without_re_encoding(tmp_path: Path) -> None:
    _project(tmp_path)
    a = make_clip(tmp_path / "two.A1.1.mp4", 3.0)
    b = make_clip(tmp_path / "two.B2.1.mp4", 2.0, shade=90)
    result = run_kscript("assemble", "two.kscript", "-o", "film.mp4", "--srt", "film.srt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert "joined without re-encoding" in result.stderr.decode()
    film = tmp_path / "film.mp4"
    assert duration_of(film) == pytest.approx(5.0, abs=0.05)
    assert _packets(film) == _packets(a) + _packets(b)  # every packet copied, none made anew
    umask = os.umask(0)
    os.umask(umask)
    assert film.stat().st_mode & 0o777 == 0o666 & ~umask  # as any file the user writes, not the temporary file's 0600
    # Scene A1's 3 s clip divides 4:2 between its shots; B2 has no dialogue.
    assert (tmp_path / "film.srt").read_text() == (
        "1\n00:00:00,000 --> 00:00:02,000\nMARA: Last stop?\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nCONDUCTOR: End of the line.\n"
    )


def test_clips_that_differ_are_re_encoded_to_one_film(tmp_path: Path) -> None:
    import av

    _project(tmp_path)
    make_clip(tmp_path / "two.A1.1.mp4", 2.0, size=(320, 240), rate=24)
    make_clip(tmp_path / "two.B2.1.mp4", 1.5, size=(640, 360), rate=30, audio=False)
    result = run_kscript("assemble", "two.kscript", "-o", "film.mp4", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert "re-encoded" in result.stderr.decode()
    film = tmp_path / "film.mp4"
    assert duration_of(film) == pytest.approx(3.5, abs=0.1)
    with av.open(str(film)) as container:
        video = container.streams.video[0]
        assert (video.codec_context.name, video.width, video.height) == ("h264", 320, 240)
        audio = container.streams.audio[0]  # the silent clip got silence, so sound stays in sync
        assert float(audio.duration * audio.time_base) == pytest.approx(3.5, abs=0.1)


def test_the_latest_video_of_a_scene_is_used(tmp_path: Path) -> None:
    _project(tmp_path)
    make_clip(tmp_path / "two.A1.1.mp4", 1.0)
    make_clip(tmp_path / "two.A1.2.mp4", 2.0)
    make_clip(tmp_path / "two.B2.1.mp4", 1.0)
    result = run_kscript("assemble", "two.kscript", "-o", "film.mp4", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert duration_of(tmp_path / "film.mp4") == pytest.approx(3.0, abs=0.05)


def test_a_missing_scene_is_an_error_that_writes_nothing(tmp_path: Path) -> None:
    _project(tmp_path)
    make_clip(tmp_path / "two.A1.1.mp4", 1.0)
    result = run_kscript("assemble", "two.kscript", "-o", "film.mp4", "--srt", "film.srt", cwd=tmp_path)
    assert result.returncode == 1
    assert "no downloaded video for scene B2" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    assert not (tmp_path / "film.mp4").exists() and not (tmp_path / "film.srt").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kscript-")]

    allowed = run_kscript("assemble", "two.kscript", "-o", "film.mp4", "--allow-missing", cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr.decode()
    assert "scene B2 has no downloaded video" in allowed.stderr.decode()
    assert duration_of(tmp_path / "film.mp4") == pytest.approx(1.0, abs=0.05)


def test_a_clip_that_is_not_a_video_is_named(tmp_path: Path) -> None:
    _project(tmp_path)
    make_clip(tmp_path / "two.A1.1.mp4", 1.0)
    (tmp_path / "two.B2.1.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"junk" * 100)
    result = run_kscript("assemble", "two.kscript", "-o", "film.mp4", cwd=tmp_path)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "two.B2.1.mp4: not a readable video" in err and "Traceback" not in err
    assert not (tmp_path / "film.mp4").exists()


def test_the_example_from_a_folder_of_downloads(tmp_path: Path) -> None:
    script = tmp_path / "the-last-tram.kscript"
    shutil.copy(EXAMPLES / "the-last-tram.kscript", script)
    videos = tmp_path / "videos"
    videos.mkdir()
    make_clip(videos / "the-last-tram.1.1.mp4", 3.0)
    make_clip(videos / "the-last-tram.2.1.mp4", 2.0)
    result = run_kscript("assemble", str(script), "-o", "film.mp4", "--srt", "film.srt", "--videos", str(videos), cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    # Scene 1's dialogue is in its third shot (5 of 12 s): the last 5/12 of its 3 s clip.
    assert (tmp_path / "film.srt").read_text() == "1\n00:00:01,750 --> 00:00:03,000\nMARA: You left the light on.\n"


def test_without_pyav_the_user_is_told_what_to_install(tmp_path: Path) -> None:
    _project(tmp_path)
    make_clip(tmp_path / "two.A1.1.mp4", 1.0)
    make_clip(tmp_path / "two.B2.1.mp4", 1.0)
    blocker = tmp_path / "blocker"
    (blocker / "av").mkdir(parents=True)
    (blocker / "av" / "__init__.py").write_text("raise ImportError('no PyAV here')\n")
    result = run_kscript("assemble", "two.kscript", "-o", "film.mp4", cwd=tmp_path, env={"PYTHONPATH": f"{ROOT}:{blocker}"})
    assert result.returncode == 1
    assert "pip install 'kscript[video]'" in result.stderr.decode()


def test_after_submit_wait_the_film_is_assembled_from_the_journal(server, api_env, tmp_path: Path) -> None:
    """The whole loop: submit and wait against the local API, then one film of the downloads."""
    clip = make_clip(tmp_path / "clip.mp4", 2.0)
    server.video = clip.read_bytes()
    clip.unlink()
    shutil.copy(EXAMPLES / "the-last-tram.kscript", tmp_path / "tram.kscript")
    sent = run_kscript("submit", "tram.kscript", "--yes", "--wait", "--out", "videos", cwd=tmp_path, env=api_env)
    assert sent.returncode == 0, sent.stderr.decode()
    made = run_kscript("assemble", "tram.kscript", "-o", "film.mp4", "--srt", "film.srt", cwd=tmp_path, env=api_env)
    assert made.returncode == 0, made.stderr.decode()
    assert duration_of(tmp_path / "film.mp4") == pytest.approx(4.0, abs=0.05)
    assert "MARA: You left the light on." in (tmp_path / "film.srt").read_text()
    board = run_kscript("storyboard", "tram.kscript", cwd=tmp_path, env=api_env)
    assert board.returncode == 0, board.stderr.decode()
    page = (tmp_path / "tram.board.html").read_text()
    assert 'src="videos/tram.1.1.mp4"' in page and 'src="videos/tram.2.1.mp4"' in page


# -- a broken clip is refused (issue 19, item 6) -------------------------------------------------


def _nothing_written(folder: Path) -> None:
    assert not (folder / "film.mp4").exists() and not (folder / "film.srt").exists()
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix in (".tmp", ".part")]


def test_a_clip_cut_short_with_its_index_in_front_is_refused_by_name(tmp_path: Path) -> None:
    """A download broken off at 60 %: the index at the front lists every frame, so the file
    opens and plays, then freezes. It is an error naming the clip, and no film is written."""
    _project(tmp_path)
    make_clip(tmp_path / "two.A1.1.mp4", 2.0)
    cut_short(make_clip(tmp_path / "two.B2.1.mp4", 4.0, faststart=True), 0.6)
    result = run_kscript("assemble", "two.kscript", "-o", "film.mp4", "--srt", "film.srt", cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "two.B2.1.mp4: a broken clip: it is cut short: the file holds" in err
    assert "of the 96 video packets" in err and "of the 189 audio packets its index lists" in err
    assert "the picture stops at" in err and "of 4.00 s" in err
    assert "two.A1.1.mp4" not in err  # the whole clip is not blamed
    assert "1 of 2 clips cannot be joined (above); nothing was written" in err
    _nothing_written(tmp_path)


def test_a_clip_with_damaged_bytes_is_refused_and_every_broken_clip_is_named(tmp_path: Path) -> None:
    _project(tmp_path)
    damage(make_clip(tmp_path / "two.A1.1.mp4", 4.0, faststart=True))
    cut_short(make_clip(tmp_path / "two.B2.1.mp4", 4.0, faststart=True), 0.6)
    (tmp_path / "film.mp4").write_bytes(b"an earlier film")
    result = run_kscript("assemble", "two.kscript", "-o", "film.mp4", cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "two.A1.1.mp4: a broken clip:" in err and "not decode: " in err and "(Invalid data found when processing input)" in err
    assert "two.B2.1.mp4: a broken clip: it is cut short" in err
    assert "2 of 2 clips cannot be joined" in err
    assert (tmp_path / "film.mp4").read_bytes() == b"an earlier film"


def test_whole_faststart_clips_are_joined(tmp_path: Path) -> None:
    _project(tmp_path)
    make_clip(tmp_path / "two.A1.1.mp4", 2.0, faststart=True)
    make_clip(tmp_path / "two.B2.1.mp4", 3.0, faststart=True, audio=False)
    result = run_kscript("assemble", "two.kscript", "-o", "film.mp4", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert duration_of(tmp_path / "film.mp4") == pytest.approx(5.0, abs=0.05)


def test_a_download_cut_short_is_refused_with_how_to_fetch_it_again(server, api_env, tmp_path: Path) -> None:
    """The server's video itself is cut short: downloaded whole as the server sent it, the
    film refuses it and says which generation to download again."""
    clip = cut_short(make_clip(tmp_path / "clip.mp4", 2.0, faststart=True), 0.6)
    server.video = clip.read_bytes()
    clip.unlink()
    shutil.copy(EXAMPLES / "the-last-tram.kscript", tmp_path / "tram.kscript")
    sent = run_kscript("submit", "tram.kscript", "--yes", "--wait", "--scene", "1", "--out", "videos", cwd=tmp_path, env=api_env)
    assert sent.returncode == 0, sent.stderr.decode()
    (gid,) = server.generations
    made = run_kscript("assemble", "tram.kscript", "-o", "film.mp4", "--allow-missing", cwd=tmp_path, env=api_env)
    err = made.stderr.decode()
    assert made.returncode == 1, err
    assert "videos/tram.1.1.mp4: a broken clip: it is cut short" in err and f"download it again: kscript download {gid}" in err
    assert not (tmp_path / "film.mp4").exists()
