"""--draft: every scene as a cheap preview on the v2.6 text model, every adaptation said."""

from __future__ import annotations

import json
import shutil

import pytest

from kscript.compiler.draft import nearest_length
from tests.helpers import EXAMPLES, ROOT, run_kscript

TRAM = str(EXAMPLES / "the-last-tram.kscript")
TEXT = "kling-video-v2-6-pro-text-to-video"


def test_compile_draft_of_the_last_tram():
    proc = run_kscript("compile", "--draft", TRAM)
    assert proc.returncode == 0, proc.stderr.decode()
    first, second = json.loads(proc.stdout)
    assert first == {
        "model": TEXT,
        "prompt": "WIDE, locked off. Rain drums on the roof of depot. Mara (courier, early 30s, cropped silver hair) walks an empty tram car, "
        "Lantern (brass storm lantern with a cracked green lens) swinging from her hand. CLOSE ON her hands, slow push-in. "
        "Mara sets Lantern on a seat and turns the wick down. MEDIUM, over the shoulder. Mara looks up toward the dark driver's cabin, "
        "breath fogging. [Mara, barely above the rain]: \"You left the light on.\" 35mm film, cold sodium light, shallow focus",
        "duration": 10,
        "negative_prompt": "blur, distorted hands, extra fingers, subtitles",
        "aspect_ratio": "9:16",
        "generate_audio": True,
        "target_namespace": "tram-studio",
    }
    # Each request stands alone: the description comes again on the scene's own first mention.
    assert second["prompt"].startswith("TRACKING alongside, handheld. Mara (courier, early 30s, cropped silver hair) pushes")
    assert second["prompt"].count("(courier") == 1 and second["duration"] == 10
    notes = proc.stderr.decode().splitlines()
    assert "draft: scene 1: its 3 shots became one prompt, in order" in notes
    assert "draft: scene 1: 12 s became 10 s (the draft model makes 5 or 10)" in notes
    assert "draft: scene 1: cast member @Mara became `Mara (courier, early 30s, cropped silver hair)`" in notes
    assert "draft: scene 1: image @depot became `depot`" in notes
    assert "draft: scene 1: dropped `Start frame` (the text model does not take them)" in notes
    assert f"draft: scene 1: drafted on {TEXT} instead of kling-video-o3-pro-reference-to-video" in notes


@pytest.mark.parametrize("seconds,length", [(1, 5), (3, 5), (7, 5), (8, 10), (10, 10), (15, 10)])
def test_length_is_the_nearer_of_5_and_10(seconds, length):
    assert nearest_length(seconds) == length


def test_a_model_without_duration_drafts_its_video_length():
    edit = ROOT / "tests" / "golden" / "models" / "kling-video-o3-pro-video-to-video-edit.kscript"  # Video length: 8s
    proc = run_kscript("compile", "--draft", str(edit))
    (request,) = json.loads(proc.stdout)
    assert request["duration"] == 10 and request["model"] == TEXT and "keep_audio" not in request
    assert "`Video`, `Keep audio`, `Video length`" in proc.stderr.decode()
    motion = ROOT / "tests" / "golden" / "models" / "kling-video-v3-pro-motion-control.kscript"  # no Video length
    proc = run_kscript("compile", "--draft", str(motion))
    assert json.loads(proc.stdout)[0]["duration"] == 5
    assert "the input video's length is unknown, 5 s assumed" in proc.stderr.decode()


def test_the_draft_requests_pass_the_text_models_schema_and_rules(tmp_path):
    proc = run_kscript("compile", "--draft", "-o", str(tmp_path), TRAM)
    assert proc.returncode == 0
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["the-last-tram.1.draft.json", "the-last-tram.2.draft.json"]
    lint = run_kscript("lint", *[str(tmp_path / f) for f in files])
    assert lint.returncode == 0 and lint.stdout == b"", lint.stdout.decode()


def test_plan_draft_shows_the_saving(tmp_path):
    shutil.copy(TRAM, tmp_path / "t.kscript")
    proc = run_kscript("plan", "--draft", "t.kscript", cwd=tmp_path)
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr.decode()
    assert f"({TEXT} at $0.070/s)" in out
    assert "draft: $1.40 instead of $4.93 for the real run (saving $3.53, 72%)" in out


def test_submit_draft_sends_the_drafts(server, api_env, tmp_path):
    shutil.copy(TRAM, tmp_path / "t.kscript")
    proc = run_kscript("submit", "--draft", "t.kscript", "--yes", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "saving $3.53" in proc.stderr.decode()
    assert {g["request"]["model"] for g in server.generations.values()} == {TEXT}
    assert sorted(g["request"]["duration"] for g in server.generations.values()) == [10, 10]
