"""`kscript submit`, `status`, `cancel` and `download` as a user runs them: a real
subprocess against the local Oxen server, through faults."""

import json
import shutil
from pathlib import Path

from tests.conftest import KEY
from tests.helpers import EXAMPLES, run_kscript
from tests.oxen_server import Fault

TRAM = "the-last-tram.kscript"


def copy_example(tmp_path: Path, name: str = TRAM) -> str:
    shutil.copy(EXAMPLES / name, tmp_path / name)
    return name


def journal(tmp_path: Path, kind: str | None = None) -> list[dict]:
    """The journal's enqueue records (kind `enqueued`, or none in version 1), or those of one kind ("status", "download")."""
    path = tmp_path / ".kscript" / "generations.jsonl"
    records = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
    return [r for r in records if r.get("kind", "enqueued") == (kind or "enqueued")]


def test_two_scenes_through_faults_end_with_two_whole_videos(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    server.fault("enqueue", Fault("status", 429, {"Retry-After": "0"}), Fault("status", 503, {"Retry-After": "0"}))
    server.fault("get", Fault("status", 500, {"Retry-After": "0"}), Fault("status", 429, {"Retry-After": "0"}), Fault("drop"))
    server.fault("download", Fault("truncate"), Fault("status", 503))
    proc = run_kscript("submit", script, "--yes", "--wait", "--out", "videos", cwd=tmp_path, env=api_env)
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    videos = sorted(p.name for p in (tmp_path / "videos").iterdir())
    assert videos == ["the-last-tram.1.1.mp4", "the-last-tram.2.1.mp4"]
    for name in videos:
        data = (tmp_path / "videos" / name).read_bytes()
        assert data[4:8] == b"ftyp" and len(data) > 1000
    entries = journal(tmp_path)
    assert [(e["scene"], e["index"]) for e in entries] == [("1", 1), ("2", 1)]
    assert {e["generation_id"] for e in entries} == set(server.generations)
    assert server.enqueued == 2  # exactly one enqueue per scene
    assert "$4.93" in err and "saved" in err


def test_failed_generation_exits_1_with_the_apis_message(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    server.runtime_failure = "Prompt flagged by the safety filter"
    proc = run_kscript("submit", script, "--scene", "1", "--yes", "--wait", cwd=tmp_path, env=api_env)
    assert proc.returncode == 1
    assert b"Prompt flagged by the safety filter" in proc.stderr
    assert len(journal(tmp_path)) == 1


def test_generations_and_queue_shape(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    proc = run_kscript("submit", script, "--scene", "2", "--generations", "3", "--yes", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, proc.stderr
    assert [e["index"] for e in journal(tmp_path)] == [1, 2, 3]
    (record,) = {id(r["request"]): r["request"] for r in server.generations.values()}.values()
    assert record["num_generations"] == 3 and record["aspect_ratio"] == "16:9"
    assert len(proc.stdout.decode().splitlines()) == 3
    assert b"$6.72" in proc.stderr  # 10 s x $0.224 x 3 generations


def test_wrong_key_exits_3(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    proc = run_kscript("submit", script, "--yes", cwd=tmp_path, env={**api_env, "OXEN_API_KEY": "wrong"})
    assert proc.returncode == 3
    assert b"refused the key" in proc.stderr
    assert server.enqueued == 0


def test_no_key_sends_nothing(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    env = {k: v for k, v in api_env.items() if k != "OXEN_API_KEY"}
    proc = run_kscript("submit", script, "--yes", cwd=tmp_path, env=env)
    assert proc.returncode == 2 and b"OXEN_API_KEY is not set" in proc.stderr
    assert server.log == []


def test_invalid_script_sends_nothing(server, api_env, tmp_path):
    (tmp_path / "bad.kscript").write_text("INT. A - DAY\n\nSHOT 20s\nRain.\n")
    proc = run_kscript("submit", "bad.kscript", "--yes", cwd=tmp_path, env=api_env)
    assert proc.returncode == 1 and b"KS201" in proc.stderr
    assert server.log == []


def test_dry_run_sends_nothing_and_masks_the_key(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    proc = run_kscript("submit", script, "--dry-run", cwd=tmp_path, env=api_env)
    out = proc.stdout.decode()
    assert proc.returncode == 0
    assert out.count(f"POST {server.base_url}/api/ai/queue") == 2
    assert "Authorization: Bearer ****" in out and KEY not in out
    assert server.log == []


def test_max_cost_refuses(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    proc = run_kscript("submit", script, "--yes", "--max-cost", "1", cwd=tmp_path, env=api_env)
    assert proc.returncode == 1 and b"over --max-cost" in proc.stderr
    # Only the model's price was asked (the guard uses the API's live price); nothing was sent.
    assert [(m, p) for m, p, _ in server.log] == [("GET", "/api/ai/models/kling-video-o3-pro-reference-to-video")]


def test_unknown_model_is_refused_before_enqueue(server, api_env, tmp_path):
    text = (EXAMPLES / "one-shot.kscript").read_text()
    (tmp_path / "m.kscript").write_text(text.replace("Aspect: 16:9", "Aspect: 16:9\nModel: kling-video-o3-pro-reference-to-video"))
    server.retired_models.add("kling-video-o3-pro-reference-to-video")
    proc = run_kscript("submit", "m.kscript", "--yes", cwd=tmp_path, env=api_env)
    assert proc.returncode == 1 and b"no longer serves `kling-video-o3-pro-reference-to-video`" in proc.stderr
    assert server.enqueued == 0


def test_lost_enqueue_answer_stops_and_says_what_to_do(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    server.fault("enqueue", Fault("lost"))
    proc = run_kscript("submit", script, "--yes", cwd=tmp_path, env=api_env)
    assert proc.returncode == 3
    assert b"kscript status --queue" in proc.stderr
    assert server.enqueued == 1  # never repeated blindly
    listed = run_kscript("status", "--queue", cwd=tmp_path, env=api_env)
    assert listed.returncode == 0 and list(server.generations)[0].encode() in listed.stdout


def test_status_reads_the_journal_cancel_and_download(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    assert run_kscript("submit", script, "--yes", cwd=tmp_path, env=api_env).returncode == 0
    first, second = [e["generation_id"] for e in journal(tmp_path)]
    status = run_kscript("status", cwd=tmp_path, env=api_env)
    assert status.returncode == 0
    assert first.encode() in status.stdout and b"the-last-tram scene 2 #1" in status.stdout
    cancel = run_kscript("cancel", second, cwd=tmp_path, env=api_env)
    assert cancel.returncode == 0 and b"success" in cancel.stdout
    assert server.generations[second]["status"] == "cancelled"
    early = run_kscript("download", first, cwd=tmp_path, env=api_env)
    assert early.returncode == 1 and b"--wait" in early.stderr
    done = run_kscript("download", "--wait", first, "--out", "v", cwd=tmp_path, env=api_env)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "v" / "the-last-tram.1.1.mp4").exists()
    again = run_kscript("download", first, "--out", "v", cwd=tmp_path, env=api_env)
    assert again.returncode == 0 and (tmp_path / "v" / "the-last-tram.1.1-2.mp4").exists()
    unknown = run_kscript("cancel", "no-such-id", cwd=tmp_path, env=api_env)
    assert unknown.returncode == 1 and b"not found" in unknown.stderr


def test_wait_timeout_says_how_to_resume(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    server.polls_queued = 10_000
    proc = run_kscript("submit", script, "--scene", "1", "--yes", "--wait", "--timeout", "0.5", cwd=tmp_path, env=api_env)
    assert proc.returncode == 1
    assert b"resume with: kscript download --wait" in proc.stderr


def test_sync_url_and_b64(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    proc = run_kscript("submit", script, "--sync", "--scene", "1", "--yes", "--out", "s", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "s" / "the-last-tram.1.1.mp4").read_bytes()[4:8] == b"ftyp"
    text = (EXAMPLES / "one-shot.kscript").read_text().replace("Aspect: 16:9", "Aspect: 16:9\nOutput: base64")
    (tmp_path / "b.kscript").write_text(text)
    proc = run_kscript("submit", "b.kscript", "--sync", "--yes", "--out", "s", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "s" / "b.1.1.mp4").read_bytes()[4:8] == b"ftyp"


def test_unreachable_api_exits_3_without_traceback(tmp_path):
    shutil.copy(EXAMPLES / TRAM, tmp_path / TRAM)
    proc = run_kscript("status", "abc", cwd=tmp_path, env={"OXEN_API_KEY": "k", "KSCRIPT_BASE_URL": "http://127.0.0.1:9"})
    assert proc.returncode == 3 and b"cannot reach" in proc.stderr and b"Traceback" not in proc.stderr


def test_the_key_never_appears_in_output_journal_names_or_errors(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    runs = [
        run_kscript("submit", script, "--yes", "--wait", "--out", "v", cwd=tmp_path, env=api_env),
        run_kscript("submit", script, "--dry-run", cwd=tmp_path, env=api_env),
        run_kscript("status", cwd=tmp_path, env=api_env),
        run_kscript("status", "missing-id", cwd=tmp_path, env=api_env),
        run_kscript("cancel", "missing-id", cwd=tmp_path, env=api_env),
        run_kscript("download", "missing-id", cwd=tmp_path, env=api_env),
        run_kscript("submit", script, "--yes", cwd=tmp_path, env={**api_env, "KSCRIPT_BASE_URL": "http://127.0.0.1:9"}),
        run_kscript("submit", script, "--yes", "--debug", cwd=tmp_path, env={**api_env, "KSCRIPT_BASE_URL": "not a url"}),
    ]
    for proc in runs:
        assert KEY.encode() not in proc.stdout + proc.stderr
    for path in tmp_path.rglob("*"):
        assert KEY not in path.name
        if path.is_file():
            assert KEY.encode() not in path.read_bytes()
    # ...and it went only to the API's own origin, never to the file host.
    assert all(auth is None for _, _, auth in server.requests_to("GET", "/files/"))


def test_ctrl_c_stops_waiting_without_cancelling(server, api_env, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.helpers import ROOT

    script = copy_example(tmp_path)
    server.polls_queued = 10_000
    env = {**os.environ, **api_env, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kscript", "submit", script, "--scene", "1", "--yes", "--wait"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while not journal(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # let it reach the polling loop
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    (entry,) = journal(tmp_path)
    assert proc.returncode == 130
    assert b"nothing was cancelled" in err and f"kscript download --wait {entry['generation_id']}".encode() in err
    assert b"Traceback" not in err
    assert server.generations[entry["generation_id"]]["status"] == "queued"
    assert server.requests_to("DELETE", "/api/ai/queue") == []


def test_a_refusal_midway_says_how_to_send_only_the_rest(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    server.fault("enqueue", Fault("status", 200, body={"generations": [{"generation_id": "g-1", "status": "queued"}]}), Fault("status", 400, body={"error": {"type": "invalid_params", "title": "Bad", "detail": "nope"}}))
    proc = run_kscript("submit", script, "--yes", cwd=tmp_path, env=api_env)
    assert proc.returncode == 1
    assert b"nope" in proc.stderr
    assert f"kscript submit {script} --scene 2".encode() in proc.stderr
    assert [e["generation_id"] for e in journal(tmp_path)] == ["g-1"]


def test_a_failed_save_does_not_stop_the_other_downloads(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    server.fault("download", Fault("status", 200, body=b"<html>not a video</html>", content_type="text/html"))
    proc = run_kscript("submit", script, "--yes", "--wait", "--out", "v", cwd=tmp_path, env=api_env)
    assert proc.returncode == 1
    assert b"succeeded but was not saved" in proc.stderr and b"kscript download " in proc.stderr
    assert len(list((tmp_path / "v").glob("*.mp4"))) == 1


def test_many_generations_end_with_a_short_resume_hint(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    proc = run_kscript("submit", script, "--scene", "2", "--generations", "4", "--yes", cwd=tmp_path, env=api_env)
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    gids = [e["generation_id"] for e in journal(tmp_path)]
    assert len(gids) == 4
    hint = err.strip().splitlines()[-1]
    assert hint == f"follow with: kscript status, or kscript submit {script} --scene 2 --generations 4 --wait (it waits for the 4 unfinished generations; nothing is sent twice)"
    assert not any(gid in hint for gid in gids)
    # and it does what it says: the same command with --wait sends nothing and saves the four videos
    resumed = run_kscript("submit", script, "--scene", "2", "--generations", "4", "--wait", "--out", "v", cwd=tmp_path, env=api_env)
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert server.enqueued == 1 and len(journal(tmp_path)) == 4  # one queue request made the four; none more
    assert len(list((tmp_path / "v").iterdir())) == 4
