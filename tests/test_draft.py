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


def _plan(tmp_path, env, *args: str) -> dict[str, str]:
    proc = run_kscript("plan", "t.kscript", "--format", "json", *args, cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    return {s["scene"]: s["action"] for s in json.loads(proc.stdout)["scenes"]}


def test_a_draft_never_stands_for_the_real_scene(server, api_env, tmp_path):
    """Drafts are journalled apart (`draft: true`): the real plan still sends the scenes, the
    film prefers the real videos and says so when it has only a draft."""
    pytest.importorskip("av")
    from tests.clips import duration_of, make_clip

    server.video = make_clip(tmp_path / "clip.mp4", 1.0).read_bytes()
    (tmp_path / "clip.mp4").unlink()
    shutil.copy(TRAM, tmp_path / "t.kscript")
    drafted = run_kscript("submit", "--draft", "t.kscript", "--yes", "--wait", "--out", "v", "--scene", "1", cwd=tmp_path, env=api_env)
    assert drafted.returncode == 0, drafted.stderr.decode()
    assert "\tscene 1 draft #1\tqueued" in drafted.stdout.decode()
    assert sorted(p.name for p in (tmp_path / "v").iterdir()) == ["t.1.draft.1.mp4"]
    records = [json.loads(line) for line in (tmp_path / ".kscript" / "generations.jsonl").read_text().splitlines()]
    assert {r["kind"] for r in records if r.get("draft") is True} == {"intent", "enqueued"}
    # The real scene was never sent: new, not unchanged nor "changed" against the draft.
    assert _plan(tmp_path, api_env) == {"1": "new", "2": "new"}
    assert _plan(tmp_path, api_env, "--draft") == {"1": "unchanged", "2": "new"}
    shown = run_kscript("status", cwd=tmp_path, env=api_env).stdout.decode()
    assert "t scene 1 draft #1" in shown and "v/t.1.draft.1.mp4" in shown
    # With only a draft, the film uses it and says so; the page labels it.
    film = run_kscript("assemble", "t.kscript", "-o", "film.mp4", "--allow-missing", cwd=tmp_path, env=api_env)
    assert film.returncode == 0, film.stderr.decode()
    assert "scene 1 has only a draft video (t.1.draft.1.mp4, a cheap preview): the film uses it" in film.stderr.decode()
    board = run_kscript("storyboard", "t.kscript", cwd=tmp_path, env=api_env)
    assert board.returncode == 0, board.stderr.decode()
    page = (tmp_path / "t.board.html").read_text()
    assert '<figure class="video draft">' in page and "draft · " in page
    # The real run sends both scenes; then the film and the page take the real videos.
    real = run_kscript("submit", "t.kscript", "--yes", "--wait", "--out", "v", cwd=tmp_path, env=api_env)
    assert real.returncode == 0, real.stderr.decode()
    assert len(server.generations) == 3
    assert _plan(tmp_path, api_env) == {"1": "unchanged", "2": "unchanged"}
    assert _plan(tmp_path, api_env, "--draft") == {"1": "unchanged", "2": "new"}
    film = run_kscript("assemble", "t.kscript", "-o", "film.mp4", cwd=tmp_path, env=api_env)
    assert film.returncode == 0, film.stderr.decode()
    assert "draft" not in film.stderr.decode() and duration_of(tmp_path / "film.mp4") == pytest.approx(2.0, abs=0.05)
    from tests.test_storyboard import Page

    run_kscript("storyboard", "t.kscript", cwd=tmp_path, env=api_env)
    page = Page((tmp_path / "t.board.html").read_text())
    assert [v["src"] for v in page.all("video")] == ["v/t.1.draft.1.mp4", "v/t.1.1.mp4", "v/t.2.1.mp4"]
    # A folder read by name tells drafts apart the same way.
    folder = run_kscript("assemble", "t.kscript", "-o", "film2.mp4", "--videos", "v", cwd=tmp_path, env=api_env)
    assert folder.returncode == 0 and "draft" not in folder.stderr.decode()
