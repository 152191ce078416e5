"""`kscript export`: real clips made with PyAV, exported as OTIO, EDL, FCP XML and subtitles, and every file read back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.clips import make_clip
from tests.helpers import EXAMPLES, ROOT, run_kscript

pytest.importorskip("av")
otio = pytest.importorskip("opentimelineio")

# Scene A1: two shots (4 s and 2 s written), MARA speaks in the first, a stranger in the second; B2: three shots.
SCRIPT = """\
Title: Two Scenes
Audio: on

CAST

MARA - courier
  front: https://cdn.example.com/mara.png

INT. TRAM - NIGHT #A1#

SHOT 4s - WIDE, locked off
@Mara boards.

MARA
(quietly)
Last stop?

SHOT 2s - CLOSE ON her ticket
@Mara sits.

CONDUCTOR
End of the line.

EXT. STREET - NIGHT #B2#

SHOT 3s - slow push in
@Mara steps out into the rain.

SHOT 3s - LOW ANGLE
The tram pulls away.

SHOT 3s
Rain on the empty rails.
"""
RATE = 24


def _project(tmp_path: Path, a: float = 3.0, b: float = 4.5) -> Path:
    (tmp_path / "two.kscript").write_text(SCRIPT, encoding="utf-8")
    if a:
        make_clip(tmp_path / "two.A1.1.mp4", a, audio=False)
    if b:
        make_clip(tmp_path / "two.B2.1.mp4", b, audio=False, shade=90)
    return tmp_path / "two.kscript"


def _frames(time) -> int:
    return round(time.value * RATE / time.rate)


def _clips(timeline) -> list:
    return list(timeline.find_clips())


def _markers(timeline) -> list:
    return [m for clip in timeline.find_clips() for m in clip.markers]


def test_every_format_reads_back_shot_for_shot(tmp_path: Path) -> None:
    _project(tmp_path)
    outputs = ["--otio", "cut.otio", "--edl", "cut.edl", "--fcpxml", "cut.xml", "--srt", "cut.srt", "--vtt", "cut.vtt"]
    result = run_kscript("export", "two.kscript", *outputs, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().split() == ["cut.otio", "cut.edl", "cut.xml", "cut.srt", "cut.vtt"]
    assert "export: 5 shots from 2 scenes, 7.50 s at 24 fps" in result.stderr.decode()
    film_frames = round(3.0 * RATE) + round(4.5 * RATE)
    for name, adapter in (("cut.otio", None), ("cut.edl", "cmx_3600"), ("cut.xml", "fcp_xml")):
        read = otio.adapters.read_from_file(str(tmp_path / name), adapter_name=adapter, **({"rate": RATE} if adapter == "cmx_3600" else {}))
        clips = _clips(read)
        assert len(clips) == 5, name  # one clip per SHOT
        assert sum(_frames(c.source_range.duration) for c in clips) == film_frames, name  # the film's length, to the frame
        assert len(_markers(read)) == 2, name  # one marker a scene
        assert [c.name.strip() for c in clips] == ["A1.1 WIDE", "A1.2 CLOSE ON", "B2.1 slow push in", "B2.2 LOW ANGLE", "B2.3"], name
    # A1's 72 frames divide 4:2 between its shots (48 + 24), B2's 108 frames 3:3:3.
    timeline = otio.adapters.read_from_file(str(tmp_path / "cut.otio"))
    clips = _clips(timeline)
    assert [(_frames(c.source_range.start_time), _frames(c.source_range.duration)) for c in clips] == [(0, 48), (48, 24), (0, 36), (36, 36), (72, 36)]
    assert [c.media_reference.target_url for c in clips] == [(tmp_path / "two.A1.1.mp4").resolve().as_uri()] * 2 + [
        (tmp_path / "two.B2.1.mp4").resolve().as_uri()
    ] * 3
    facts = clips[0].metadata["kscript"]
    assert facts["heading"] == "INT. TRAM - NIGHT" and facts["scene"] == "A1" and facts["shot"] == 1
    assert facts["prompt"] == 'WIDE, locked off. @Element1 boards. [@Element1, quietly]: "Last stop?"'
    assert list(facts["cast"]) == ["MARA"]
    assert [dict(line) for line in facts["dialogue"]] == [{"speaker": "MARA", "parenthetical": "quietly", "line": "Last stop?"}]
    assert set(facts) >= {"generation_id", "cost"}
    assert [m.name for m in _markers(timeline)] == ["A1 INT. TRAM - NIGHT", "B2 EXT. STREET - NIGHT"]
    # The EDL names each scene's video as its own reel and says which file it is.
    edl = (tmp_path / "cut.edl").read_text()
    assert "SC1" not in edl and "SCA1" in edl and "SCB2" in edl
    assert f"* FROM CLIP: {(tmp_path / 'two.A1.1.mp4').resolve().as_uri()}" in edl
    # The dialogue is timed to its shot: A1.1 is frames 0-48 (2 s), A1.2 frames 48-72.
    assert (tmp_path / "cut.srt").read_text() == (
        "1\n00:00:00,000 --> 00:00:02,000\nMARA: Last stop?\n\n2\n00:00:02,000 --> 00:00:03,000\nCONDUCTOR: End of the line.\n"
    )
    assert (tmp_path / "cut.vtt").read_text() == (
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nMARA: Last stop?\n\n00:00:02.000 --> 00:00:03.000\nCONDUCTOR: End of the line.\n"
    )


def test_relative_media_paths(tmp_path: Path) -> None:
    _project(tmp_path)
    (tmp_path / "edit").mkdir()
    result = run_kscript("export", "two.kscript", "--otio", "edit/cut.otio", "--relative", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    timeline = otio.adapters.read_from_file(str(tmp_path / "edit" / "cut.otio"))
    assert {c.media_reference.target_url for c in _clips(timeline)} == {"../two.A1.1.mp4", "../two.B2.1.mp4"}


def test_a_missing_scene_is_an_error_or_a_gap(tmp_path: Path) -> None:
    _project(tmp_path, b=0)
    result = run_kscript("export", "two.kscript", "--otio", "cut.otio", "--srt", "cut.srt", cwd=tmp_path)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "no downloaded video for scene B2" in err and "--allow-missing" in err and "Traceback" not in err
    assert not (tmp_path / "cut.otio").exists() and not (tmp_path / "cut.srt").exists()

    allowed = run_kscript("export", "two.kscript", "--otio", "cut.otio", "--edl", "cut.edl", "--allow-missing", cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr.decode()
    assert "scene B2 has no downloaded video; the timeline has a gap of its written length" in allowed.stderr.decode()
    timeline = otio.adapters.read_from_file(str(tmp_path / "cut.otio"))
    track = timeline.tracks[0]
    gaps = [item for item in track if isinstance(item, otio.schema.Gap)]
    assert len(_clips(timeline)) == 2 and len(gaps) == 3
    assert sum(_frames(g.source_range.duration) for g in gaps) == 9 * RATE  # B2's written 9 s
    assert _frames(track.duration()) == 3 * RATE + 9 * RATE


def test_nothing_to_write_and_no_scene_video(tmp_path: Path) -> None:
    _project(tmp_path, a=0, b=0)
    nothing = run_kscript("export", "two.kscript", cwd=tmp_path)
    assert nothing.returncode == 2
    assert "one or more of --otio, --edl, --fcpxml, --srt, --vtt" in nothing.stderr.decode()
    none = run_kscript("export", "two.kscript", "--otio", "cut.otio", "--allow-missing", cwd=tmp_path)
    assert none.returncode == 1
    assert "no scene of two.kscript has a downloaded video" in none.stderr.decode()


def test_without_opentimelineio_the_user_is_told_the_extra(tmp_path: Path) -> None:
    _project(tmp_path)
    blocker = tmp_path / "blocker"
    (blocker / "opentimelineio").mkdir(parents=True)
    (blocker / "opentimelineio" / "__init__.py").write_text("raise ImportError('no OTIO here')\n")
    result = run_kscript("export", "two.kscript", "--otio", "cut.otio", cwd=tmp_path, env={"PYTHONPATH": f"{ROOT}:{blocker}"})
    assert result.returncode == 1
    assert "pip install 'kscript[edit]'" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_after_submit_wait_the_example_exports_from_the_journal(server, api_env, tmp_path: Path) -> None:
    """The whole loop on the example: submit and wait against the local API, then a timeline of the downloads."""
    clip = make_clip(tmp_path / "clip.mp4", 2.0)
    server.video = clip.read_bytes()
    clip.unlink()
    shutil.copy(EXAMPLES / "the-last-tram.kscript", tmp_path / "tram.kscript")
    sent = run_kscript("submit", "tram.kscript", "--yes", "--wait", "--out", "videos", cwd=tmp_path, env=api_env)
    assert sent.returncode == 0, sent.stderr.decode()
    made = run_kscript("export", "tram.kscript", "--otio", "tram.otio", "--edl", "tram.edl", "--srt", "tram.srt", cwd=tmp_path, env=api_env)
    assert made.returncode == 0, made.stderr.decode()
    timeline = otio.adapters.read_from_file(str(tmp_path / "tram.otio"))
    clips = _clips(timeline)
    assert [c.name for c in clips] == ["1.1 WIDE", "1.2 CLOSE ON", "1.3 MEDIUM", "2.1 TRACKING", "2.2 LOW ANGLE"]
    journal_ids = {c.metadata["kscript"]["generation_id"] for c in clips}
    assert None not in journal_ids and len(journal_ids) == 2  # one generation a scene, from the journal
    assert all(c.media_reference.target_url.startswith("file:///") and "/videos/tram." in c.media_reference.target_url for c in clips)
    edl = otio.adapters.read_from_file(str(tmp_path / "tram.edl"), adapter_name="cmx_3600", rate=RATE)
    assert len(_clips(edl)) == 5 and len(_markers(edl)) == 2
    assert "MARA: You left the light on." in (tmp_path / "tram.srt").read_text()
    json.loads((tmp_path / "tram.otio").read_text())  # plain JSON a script can read too
