"""Local files and chained scenes as a user runs them: plan, submit --wait, again, after an
edit, and after a kill, against the local server (real uploads, real MP4s, real last frames)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.clips import make_clip
from tests.helpers import ROOT, run_kscript
from tests.oxen_server import Fault
from tests.test_assets_lint import SCRIPT, png

REPO = "me/film-assets"


def real_videos(tmp_path: Path):
    """Each generation's video made from its request: a real MP4, 480x320, its colour
    from the prompt (so an edited scene ends on another frame)."""
    made: dict[str, bytes] = {}

    def video_for(request: dict) -> bytes:
        prompt = json.dumps(request, sort_keys=True)
        if prompt not in made:
            shade = int(hashlib.sha256(prompt.encode()).hexdigest()[:2], 16)
            path = tmp_path / f"clip-{len(made)}.mp4"
            made[prompt] = make_clip(path, 0.5, size=(480, 320), audio=False, shade=shade).read_bytes()
        return made[prompt]

    return video_for


@pytest.fixture
def chain(server, api_env, tmp_path):
    server.tick = 0.05
    (tmp_path / "clips").mkdir()
    server.video_for = real_videos(tmp_path / "clips")
    work = tmp_path / "film"
    work.mkdir()
    png(work / "mara.png")
    png(work / "depot.png", (800, 600), (10, 200, 10))
    (work / "film.kscript").write_text(SCRIPT.format(front="mara.png", depot="depot.png", start="last frame of scene 1"))
    (work / "kscript.toml").write_text(f'assets-repo = "{REPO}"\n')
    return work, api_env


def enqueued(server) -> list[dict]:
    with server.lock:
        return [r["request"] for r in sorted(server.generations.values(), key=lambda r: r["sequence"])]


def submit_wait(work, env, *extra):
    return run_kscript("submit", "film.kscript", "--wait", "--yes", "--out", "v", *extra, cwd=work, env=env, timeout=180)


def test_plan_lists_the_uploads_and_the_chain(server, chain):
    work, env = chain
    proc = run_kscript("plan", "film.kscript", cwd=work, env=env)
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr.decode()
    assert f"to upload to {REPO}: depot.png (3 KB), mara.png (" in out
    assert "chained (each starts from the last frame of the one before): scene 1 -> scene 2" in out and "waits for the last frame of scene 1" in out
    data = json.loads(run_kscript("plan", "film.kscript", "--format", "json", cwd=work, env=env).stdout)
    assert sorted((u["file"], u["bytes"]) for u in data["uploads"]) == sorted(
        [("mara.png", (work / "mara.png").stat().st_size), ("depot.png", (work / "depot.png").stat().st_size)]
    )
    first, second = data["scenes"]
    assert first["after"] == [] and first["send"] is True
    assert second["after"] == ["1"] and second["waiting"] is True and second["send"] is False
    assert second["cost"] > 0 and data["cost"] == pytest.approx(first["cost"] + second["cost"])  # its cost still counts
    assert server.count("upload") == 0 and server.count("enqueue") == 0


def test_submit_wait_runs_the_chain_and_a_second_run_sends_nothing(server, chain):
    work, env = chain
    proc = submit_wait(work, env)
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    with server.lock:
        stored = dict(server.files)
    assert len(stored) == 3  # two images and one frame
    frame_key = next(k for k in stored if k.endswith("film.2.last-frame.png") or k.endswith("film.1.last-frame.png"))
    assert stored[frame_key][:8] == b"\x89PNG\r\n\x1a\n"
    from io import BytesIO

    from PIL import Image

    assert Image.open(BytesIO(stored[frame_key])).size == (480, 320)  # the last frame at full size
    first, second = enqueued(server)
    assert "start_image_url" not in first
    assert second["start_image_url"] == server.file_address(REPO, frame_key.split("/main/", 1)[1])
    mara = f"kscript/{hashlib.sha256((work / 'mara.png').read_bytes()).hexdigest()[:16]}/mara.png"
    assert first["elements"][0]["frontal_image_url"] == server.file_address(REPO, mara)
    assert sorted(p.name for p in (work / "v").iterdir()) == ["film.1.1.mp4", "film.2.1.mp4"]
    records = [json.loads(line) for line in (work / ".kscript" / "generations.jsonl").read_text().splitlines()]
    uploads = [r for r in records if r["kind"] == "upload"]
    assert len(uploads) == 3 and all(r["commit"] and r["sha256"] and r["size"] > 0 for r in uploads)
    # Each upload is journalled before the enqueue that names it.
    kinds = [r["kind"] for r in records]
    assert kinds.index("upload") < kinds.index("intent")
    assert max(i for i, r in enumerate(records) if r["kind"] == "upload") < max(i for i, r in enumerate(records) if r["kind"] == "intent")

    again = submit_wait(work, env)
    assert again.returncode == 0, again.stderr.decode()
    assert server.count("upload") == 3 and server.count("enqueue") == 2
    assert "nothing to send" in again.stderr.decode()


def test_editing_scene_one_resends_both_and_uploads_one_new_frame(server, chain):
    work, env = chain
    assert submit_wait(work, env).returncode == 0
    script = work / "film.kscript"
    script.write_text(script.read_text().replace("walks through", "runs through"))
    plan = run_kscript("plan", "film.kscript", cwd=work, env=env).stdout.decode()
    assert "its start frame comes from scene 1, which changes" in plan
    proc = submit_wait(work, env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert server.count("enqueue") == 4 and server.count("upload") == 4
    requests = enqueued(server)
    assert requests[3]["start_image_url"] != requests[1]["start_image_url"]


def test_a_changed_image_says_which_and_is_uploaded_once(server, chain):
    work, env = chain
    assert submit_wait(work, env).returncode == 0
    png(work / "mara.png", colour=(1, 2, 3))
    plan = run_kscript("plan", "film.kscript", cwd=work, env=env).stdout.decode()
    assert "front image of MARA changed" in plan
    assert "mara.png (" in plan and "depot.png" not in plan.split("to upload", 1)[1]


def test_a_bad_image_stops_submit_before_anything_is_sent(server, chain):
    work, env = chain
    png(work / "depot.png", (120, 120))
    proc = submit_wait(work, env)
    assert proc.returncode == 1
    assert "error[KS313] image `depot`, `depot.png`, is 120x120 px" in proc.stderr.decode()
    assert server.log == []


def test_submit_without_wait_sends_what_is_ready_and_says_what_waits(server, chain):
    work, env = chain
    proc = run_kscript("submit", "film.kscript", "--yes", cwd=work, env=env)
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "scene 2: not sent: it waits for the last frame of scene 1; `kscript submit --wait film.kscript` sends it" in err
    assert server.count("enqueue") == 1 and server.count("upload") == 2
    # Later, `submit --wait` finishes the chain without sending scene 1 again.
    proc = submit_wait(work, env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert server.count("enqueue") == 2 and server.count("upload") == 3


def test_dry_run_shows_the_uploads_with_the_key_masked(server, chain):
    work, env = chain
    proc = run_kscript("submit", "film.kscript", "--dry-run", cwd=work, env=env)
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr.decode()
    assert f"PUT {server.base_url}/api/repos/{REPO}/file/main/kscript/" in out and "Bearer ****" in out
    assert env["OXEN_API_KEY"] not in out + proc.stderr.decode()
    assert server.log == []


def test_a_failed_upload_is_retried_and_nothing_names_a_failed_one(server, chain):
    work, env = chain
    server.fault("upload", Fault("status", status=503), Fault("drop"))
    proc = run_kscript("submit", "film.kscript", "--yes", cwd=work, env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    with server.lock:
        assert len(server.files) == 2
    # Retry-After 0: the client retries at once, so running out of tries costs no backoff time.
    server.fault("upload", *[Fault("status", status=500, headers={"Retry-After": "0"}) for _ in range(10)])
    png(work / "mara.png", colour=(9, 9, 9))
    before = server.count("enqueue")
    proc = run_kscript("submit", "film.kscript", "--yes", cwd=work, env=env)
    assert proc.returncode != 0
    assert "the upload of" in proc.stderr.decode() and "nothing naming it was sent" in proc.stderr.decode()
    assert server.count("enqueue") == before


def test_a_private_repository_is_warned_about(server, chain):
    work, env = chain
    server.private_repos.add(REPO)
    proc = run_kscript("submit", "film.kscript", "--yes", cwd=work, env=env)
    assert "answers 404 without the key: the model service may not be able to read a private repository" in proc.stderr.decode()


def test_the_server_fails_a_generation_whose_input_it_cannot_serve(server, chain):
    work, env = chain
    (work / "kscript.toml").write_text(f'assets-repo = "{REPO}"\nbase-url = "{server.base_url}"\n')
    body = json.loads(run_kscript("compile", "film.kscript", "--scene", "1", cwd=work, env=env).stdout)
    # Sent by hand without its uploads: the model cannot fetch the images, the job fails.
    import httpx

    answer = httpx.post(f"{server.base_url}/api/ai/queue", json=body, headers={"Authorization": f"Bearer {env['OXEN_API_KEY']}"}).json()
    gid = answer["generations"][0]["generation_id"]
    for _ in range(100):
        record = httpx.get(f"{server.base_url}/api/ai/queue/{gid}", headers={"Authorization": f"Bearer {env['OXEN_API_KEY']}"}).json()
        if record["status"] in ("failed", "succeeded"):
            break
        time.sleep(0.05)
    assert record["status"] == "failed" and "Failed to download input" in record["error_message"]


@pytest.mark.parametrize("point", ["upload", "enqueue", "download", "frame upload", "second enqueue"])
def test_a_kill_at_any_point_resumes_without_sending_or_uploading_twice(server, chain, point):
    """Kill `submit --wait` while it is inside an upload, an enqueue (after the server
    took it), a download or the frame's upload; the next `submit --wait` finishes the
    chain and nothing is sent or uploaded twice."""
    work, env = chain
    route = point.split()[-1]
    hold = Fault("hold", after=route == "enqueue")
    before = {"frame upload": 2, "second enqueue": 1}.get(point, 0)
    server.fault(route, *[Fault("slow", seconds=0) for _ in range(before)], hold)
    full_env = {**env, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    import os

    proc = subprocess.Popen([sys.executable, "-m", "kscript", "submit", "film.kscript", "--wait", "--yes", "--out", "v"], cwd=work,
                            env={**os.environ, **full_env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert hold.reached.wait(60), proc.communicate(timeout=5)
    proc.kill()
    proc.wait()
    hold.gate.set()
    time.sleep(0.2)
    done = submit_wait(work, env)
    assert done.returncode == 0, done.stderr.decode()
    requests = enqueued(server)
    assert len(requests) == 2, requests
    with server.lock:
        paths = [c["path"] for c in server.commits]
    assert len(paths) == len(set(paths)) == 3  # two images and one frame, each once
    assert sorted(p.name for p in (work / "v").iterdir() if p.suffix == ".mp4") == ["film.1.1.mp4", "film.2.1.mp4"]


def test_sync_uploads_first_and_refuses_a_chain(server, chain):
    work, env = chain
    proc = run_kscript("submit", "film.kscript", "--sync", "--yes", cwd=work, env=env)
    assert proc.returncode == 2 and "--sync cannot run a chain" in proc.stderr.decode()
    assert server.log == []
    proc = run_kscript("submit", "film.kscript", "--sync", "--yes", "--scene", "1", "--out", "v", cwd=work, env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    with server.lock:
        assert len(server.files) == 2
    assert server.count("generate") == 1


def test_the_storyboard_embeds_local_images_and_draws_the_chain(server, chain):
    import base64

    work, env = chain
    before = run_kscript("storyboard", "film.kscript", cwd=work, env=env)
    assert before.returncode == 0, before.stderr.decode()
    page = (work / "film.board.html").read_text()
    mara = base64.b64encode((work / "mara.png").read_bytes()).decode()
    assert f"data:image/png;base64,{mara}" in page  # embedded: the page stays one file
    assert 'href="#scene-1">⤷ starts where scene 1 ends</a>' in page
    assert 'href="#scene-2">scene 2 starts from this scene\'s last frame ⤵</a>' in page
    assert page.count("data:image/png;base64,") == 2  # no frame yet
    assert submit_wait(work, env).returncode == 0
    run_kscript("storyboard", "film.kscript", cwd=work, env=env)
    page = (work / "film.board.html").read_text()
    frame = next((work / ".kscript" / "frames").iterdir())
    assert f"data:image/png;base64,{base64.b64encode(frame.read_bytes()).decode()}" in page  # scene 2's start frame, as it will be sent


def test_a_last_frame_too_small_for_the_image_limits_stops_the_chain(server, chain, tmp_path):
    work, env = chain
    server.video_for = lambda request: make_clip(tmp_path / "small.mp4", 0.5, size=(320, 240), audio=False).read_bytes()
    proc = submit_wait(work, env)
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert "error[KS313] the start frame of scene 2 is last frame of scene 1, which is 320x240 px; an image's shorter side must be at least 300 px" in err
    assert server.count("enqueue") == 1 and server.count("upload") == 2  # scene 2 and its frame: neither sent


def test_a_file_uploaded_from_another_script_in_the_folder_is_not_uploaded_again(server, chain):
    work, env = chain
    assert run_kscript("submit", "film.kscript", "--yes", cwd=work, env=env).returncode == 0
    (work / "other.kscript").write_text("CAST\n\nMARA - courier\n  front: mara.png\n\nINT. YARD - DAY\n\nSHOT 4s - WIDE\n@Mara waits.\n")
    plan = run_kscript("plan", "other.kscript", "--format", "json", cwd=work, env=env)
    assert json.loads(plan.stdout)["uploads"] == []
    proc = run_kscript("submit", "other.kscript", "--yes", cwd=work, env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert server.count("upload") == 2 and server.count("enqueue") == 2
