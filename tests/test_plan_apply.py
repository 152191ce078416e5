"""`kscript plan` and `submit` applying it: pay only for what changed; the journal's life
records; reconciling lost answers; the folder lock. Real subprocesses against the local
Oxen server."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import KEY
from tests.helpers import EXAMPLES, ROOT, run_kscript
from tests.oxen_server import Fault

TRAM = "the-last-tram.kscript"


def copy_example(tmp_path: Path, name: str = TRAM) -> str:
    shutil.copy(EXAMPLES / name, tmp_path / name)
    return name


def records(tmp_path: Path) -> list[dict]:
    path = tmp_path / ".kscript" / "generations.jsonl"
    out = []
    for line in path.read_text().splitlines() if path.exists() else []:
        try:
            out.append(json.loads(line))
        except ValueError:
            pass
    return out


def of_type(tmp_path: Path, kind: str) -> list[dict]:
    return [r for r in records(tmp_path) if isinstance(r, dict) and r.get("kind", "enqueued") == kind]


def plan_json(tmp_path: Path, env: dict, *args: str) -> dict:
    proc = run_kscript("plan", TRAM, "--format", "json", *args, cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def actions(plan: dict) -> dict[str, str]:
    return {s["scene"]: s["action"] for s in plan["scenes"]}


def popen(args: list[str], tmp_path: Path, env: dict) -> subprocess.Popen:
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.Popen([sys.executable, "-m", "kscript", *args], cwd=tmp_path, env=full, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def edit_scene_2(tmp_path: Path) -> None:
    path = tmp_path / TRAM
    path.write_text(path.read_text().replace("hood up.", "hood down."))


# -- plan states ------------------------------------------------------------------------------------


def test_plan_states_after_submit_resubmit_edit_and_force(server, api_env, tmp_path):
    copy_example(tmp_path)
    first = plan_json(tmp_path, api_env)
    assert actions(first) == {"1": "new", "2": "new"}
    assert first["cost"] == pytest.approx(22 * 0.224)
    assert first["scenes"][0]["seconds"] == 12 and first["scenes"][0]["cost"] == pytest.approx(12 * 0.224)
    assert server.enqueued == 0  # plan sends nothing

    assert run_kscript("submit", TRAM, "--yes", cwd=tmp_path, env=api_env).returncode == 0
    assert server.enqueued == 2
    after = plan_json(tmp_path, api_env)
    assert actions(after) == {"1": "unchanged", "2": "unchanged"} and after["cost"] == 0

    again = run_kscript("submit", TRAM, "--yes", cwd=tmp_path, env=api_env)
    assert again.returncode == 0, again.stderr
    assert b"nothing to send" in again.stderr and server.enqueued == 2

    edit_scene_2(tmp_path)
    edited = plan_json(tmp_path, api_env)
    assert actions(edited) == {"1": "unchanged", "2": "changed"}
    assert edited["scenes"][1]["changes"] == ["shot 1 prompt"]
    assert edited["cost"] == pytest.approx(10 * 0.224)
    text = run_kscript("plan", TRAM, cwd=tmp_path, env=api_env)
    assert b"changed: shot 1 prompt" in text.stdout and b"$2.24" in text.stdout

    sent = run_kscript("submit", TRAM, "--yes", cwd=tmp_path, env=api_env)
    assert sent.returncode == 0 and server.enqueued == 3
    assert [r["scene"] for r in of_type(tmp_path, "intent")] == ["1", "2", "2"]

    more = plan_json(tmp_path, api_env, "--generations", "2", "--scene", "1")
    assert actions(more) == {"1": "changed"} and more["scenes"][0]["changes"] == ["num_generations 1 -> 2"]

    forced = run_kscript("submit", TRAM, "--yes", "--force", "--scene", "1", cwd=tmp_path, env=api_env)
    assert forced.returncode == 0, forced.stderr
    assert server.enqueued == 4 and of_type(tmp_path, "intent")[-1]["scene"] == "1"


def test_settings_changes_are_named(server, api_env, tmp_path):
    copy_example(tmp_path)
    assert run_kscript("submit", TRAM, "--yes", "--scene", "2", cwd=tmp_path, env=api_env).returncode == 0
    path = tmp_path / TRAM
    path.write_text(path.read_text().replace("Aspect: 16:9\n", "Aspect: 1:1\n").replace("SHOT 4s - LOW", "SHOT 5s - LOW"))
    plan = plan_json(tmp_path, api_env, "--scene", "2")
    assert plan["scenes"][0]["changes"] == ["shot 2 duration 4 -> 5", 'aspect_ratio "16:9" -> "1:1"']


def test_failed_generations_are_retried_and_the_journal_has_their_lives(server, api_env, tmp_path):
    copy_example(tmp_path)
    server.runtime_failure = "Prompt flagged by the safety filter"
    first = run_kscript("submit", TRAM, "--scene", "1", "--yes", "--wait", cwd=tmp_path, env=api_env)
    assert first.returncode == 1
    (status,) = of_type(tmp_path, "status")
    assert status["status"] == "failed" and status["error"] == "Prompt flagged by the safety filter"
    plan = plan_json(tmp_path, api_env, "--scene", "1")
    assert actions(plan) == {"1": "retry"} and plan["cost"] == pytest.approx(12 * 0.224)
    server.runtime_failure = None
    again = run_kscript("submit", TRAM, "--scene", "1", "--yes", "--wait", "--out", "v", cwd=tmp_path, env=api_env)
    assert again.returncode == 0, again.stderr
    assert server.enqueued == 2
    (download,) = of_type(tmp_path, "download")
    saved = tmp_path / "v" / "the-last-tram.1.1.mp4"
    assert download["path"] == str(Path("v") / "the-last-tram.1.1.mp4") and download["size"] == saved.stat().st_size
    import hashlib

    assert download["sha256"] == hashlib.sha256(saved.read_bytes()).hexdigest()
    status = run_kscript("status", cwd=tmp_path, env=api_env)
    assert status.returncode == 0
    line = next(ln for ln in status.stdout.decode().splitlines() if "scene 1" in ln)
    assert "succeeded" in line and "the-last-tram.1.1.mp4" in line


def test_plan_without_a_key_says_states_are_as_recorded(server, api_env, tmp_path):
    copy_example(tmp_path)
    assert run_kscript("submit", TRAM, "--yes", cwd=tmp_path, env=api_env).returncode == 0
    env = {k: v for k, v in api_env.items() if k != "OXEN_API_KEY"}
    before = len(server.log)
    proc = run_kscript("plan", TRAM, cwd=tmp_path, env=env)
    assert proc.returncode == 0 and b"OXEN_API_KEY is not set" in proc.stderr
    assert b"unchanged" in proc.stdout and len(server.log) == before


def test_plan_refreshes_in_flight_states_with_one_list_call(server, api_env, tmp_path):
    copy_example(tmp_path)
    assert run_kscript("submit", TRAM, "--yes", cwd=tmp_path, env=api_env).returncode == 0
    plan_json(tmp_path, api_env)
    plan_json(tmp_path, api_env)
    assert server.count("list") == 2 and server.count("get") == 0  # one list call a plan, none per id
    assert {r["status"] for r in of_type(tmp_path, "status")} == {"processing"}  # recorded when it changed


def test_submit_wait_resumes_skipped_scenes(server, api_env, tmp_path):
    copy_example(tmp_path)
    assert run_kscript("submit", TRAM, "--yes", cwd=tmp_path, env=api_env).returncode == 0
    proc = run_kscript("submit", TRAM, "--yes", "--wait", "--out", "v", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, proc.stderr
    assert server.enqueued == 2 and b"nothing to send" in proc.stderr
    assert sorted(p.name for p in (tmp_path / "v").iterdir()) == ["the-last-tram.1.1.mp4", "the-last-tram.2.1.mp4"]
    again = run_kscript("submit", TRAM, "--yes", "--wait", "--out", "v", cwd=tmp_path, env=api_env)
    assert again.returncode == 0 and len(list((tmp_path / "v").iterdir())) == 2  # downloaded once only


# -- the journal -------------------------------------------------------------------------------------


def test_bad_journal_records_are_counted_and_skipped(server, api_env, tmp_path):
    copy_example(tmp_path)
    assert run_kscript("submit", TRAM, "--yes", "--scene", "1", cwd=tmp_path, env=api_env).returncode == 0
    path = tmp_path / ".kscript" / "generations.jsonl"
    with path.open("a") as handle:
        handle.write('{"generation_id": 5, "script": "x.kscript", "scene": "1", "index": 1, "model": "m", "payload_sha256": "a", "time": 1, "base_url": "u"}\n')
        handle.write('{"generation_id": "g", "script": null, "scene": "1", "index": 1, "model": "m", "payload_sha256": "a", "time": 1, "base_url": "u"}\n')
        handle.write('{"v": 2, "kind": "status", "generation_id": "g", "status": 3, "time": 1}\n')
        handle.write('{"v": 2, "kind": "intent", "request_id": "r", "script": "a", "scene": "1"}\n')
        handle.write('[1, 2]\n"text"\n{"v": 3, "kind": "from-the-future"}\n{"generation_id": "torn", "scr')
    for args in (["status"], ["plan", TRAM], ["submit", TRAM, "--yes", "--scene", "1"]):
        proc = run_kscript(*args, cwd=tmp_path, env=api_env)
        assert proc.returncode == 0, proc.stderr
        assert b"7 unreadable records" in proc.stderr and b"Traceback" not in proc.stderr
    assert server.enqueued == 1


def test_version_1_records_stay_readable(server, api_env, tmp_path):
    copy_example(tmp_path)
    compiled = json.loads(run_kscript("compile", TRAM, "--queue", cwd=tmp_path).stdout)
    from kscript.oxen.journal import payload_hash

    (tmp_path / ".kscript").mkdir()
    lines = []
    for body in compiled:
        gid = f"old-{body['multi_prompt'][0]['prompt'][:4]}"
        server.generations[gid] = {"generation_id": gid, "model_name": body["model"], "media_type": "video", "status": "succeeded",
                                   "result_url": None, "error_message": None, "enqueued_at": 1, "started_at": 1, "completed_at": 2,
                                   "namespace": "n", "repo": None, "folder": None, "request": body, "sequence": 0}
        scene = "1" if body["aspect_ratio"] == "9:16" else "2"
        lines.append(json.dumps({"generation_id": gid, "script": TRAM, "scene": scene, "index": 1, "model": body["model"],
                                 "payload_sha256": payload_hash(body), "time": 1.0, "base_url": server.base_url}))
    (tmp_path / ".kscript" / "generations.jsonl").write_text("\n".join(lines) + "\n")
    assert actions(plan_json(tmp_path, api_env)) == {"1": "unchanged", "2": "unchanged"}
    edit_scene_2(tmp_path)
    plan = plan_json(tmp_path, api_env)
    assert actions(plan) == {"1": "unchanged", "2": "changed"}
    assert "no copy to compare" in plan["scenes"][1]["changes"][0]


def test_an_unwritable_journal_refuses_before_sending(server, api_env, tmp_path):
    copy_example(tmp_path)
    (tmp_path / ".kscript").write_text("not a folder")
    proc = run_kscript("submit", TRAM, "--yes", cwd=tmp_path, env=api_env)
    assert proc.returncode == 1 and b"nothing was sent" in proc.stderr and b"cannot write the journal" in proc.stderr
    assert server.enqueued == 0 and server.count("model") == 0


def test_a_journal_failing_after_a_send_prints_the_ids(server, api_env, tmp_path):
    copy_example(tmp_path)
    hold = Fault("hold", after=True)
    server.fault("enqueue", hold)
    proc = popen(["submit", TRAM, "--yes", "--scene", "1"], tmp_path, api_env)
    try:
        assert hold.reached.wait(30)
        journal = tmp_path / ".kscript" / "generations.jsonl"
        journal.rename(tmp_path / ".kscript" / "aside.jsonl")
        journal.mkdir()  # the journal can no longer be opened for writing
    finally:
        hold.gate.set()
    out, err = proc.communicate(timeout=60)
    (gid,) = server.generations
    assert proc.returncode == 1
    assert gid.encode() in out and gid.encode() in err and b"WAS queued" in err


def test_an_empty_queue_answer_is_an_error_naming_the_scene(server, api_env, tmp_path):
    copy_example(tmp_path)
    server.fault("enqueue", Fault("status", 200, body={"generations": []}))
    proc = run_kscript("submit", TRAM, "--yes", cwd=tmp_path, env=api_env)
    assert proc.returncode == 1 and b"scene 1: the queue answered with no generation" in proc.stderr
    assert server.enqueued == 0  # the fault answered without enqueuing; scene 2 was not sent after the error
    plan = plan_json(tmp_path, api_env)
    assert actions(plan) == {"1": "pending", "2": "new"}  # unknown fate: not sent again blindly


# -- lost answers --------------------------------------------------------------------------------------


def test_a_lost_answer_is_found_on_the_api_and_never_sent_again(server, api_env, tmp_path):
    copy_example(tmp_path)
    server.fault("enqueue", Fault("lost"))
    proc = run_kscript("submit", TRAM, "--yes", cwd=tmp_path, env=api_env)
    assert proc.returncode == 3 and b"found on the API and journalled" in proc.stderr
    (lost,) = server.generations
    assert [r["generation_id"] for r in of_type(tmp_path, "enqueued")] == [lost]
    assert of_type(tmp_path, "enqueued")[0]["adopted"] is True
    proc = run_kscript("submit", TRAM, "--yes", "--wait", "--out", "v", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, proc.stderr
    assert server.enqueued == 2 and len(list((tmp_path / "v").iterdir())) == 2


def test_an_old_unmatched_intent_is_unconfirmed_and_the_user_decides(server, api_env, tmp_path):
    copy_example(tmp_path)
    compiled = json.loads(run_kscript("compile", TRAM, "--queue", "--scene", "1", cwd=tmp_path).stdout)
    from kscript.oxen.journal import payload_hash

    (tmp_path / ".kscript").mkdir()
    intent = {"v": 2, "kind": "intent", "request_id": "r1", "script": TRAM, "scene": "1", "model": compiled["model"],
              "payload_sha256": payload_hash(compiled), "num_generations": 1, "payload": compiled, "base_url": server.base_url,
              "time": time.time() - 3600}
    (tmp_path / ".kscript" / "generations.jsonl").write_text(json.dumps(intent) + "\n")
    plan = plan_json(tmp_path, api_env)
    assert actions(plan) == {"1": "unconfirmed", "2": "new"} and "--force --scene 1" in plan["scenes"][0]["note"]
    proc = run_kscript("submit", TRAM, "--yes", cwd=tmp_path, env=api_env)
    assert proc.returncode == 1 and b"scene 1: not sent" in proc.stderr and server.enqueued == 1
    status = run_kscript("status", cwd=tmp_path, env=api_env)
    assert b"answer lost" in status.stdout
    proc = run_kscript("submit", TRAM, "--yes", "--force", "--scene", "1", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0 and server.enqueued == 2
    assert actions(plan_json(tmp_path, api_env)) == {"1": "unchanged", "2": "unchanged"}


# -- kill -9 and Ctrl-C at every step ------------------------------------------------------------------


def assert_all_journalled_once(server, tmp_path, scenes: int = 2) -> None:
    journalled = [r["generation_id"] for r in of_type(tmp_path, "enqueued")]
    assert sorted(set(journalled)) == sorted(server.generations)
    assert server.enqueued == scenes  # no scene enqueued twice


def finish(server, api_env, tmp_path) -> None:
    proc = run_kscript("submit", TRAM, "--yes", "--wait", "--out", "v", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, proc.stderr
    assert_all_journalled_once(server, tmp_path)
    assert sorted(p.name for p in (tmp_path / "v").iterdir()) == ["the-last-tram.1.1.mp4", "the-last-tram.2.1.mp4"]
    assert len(of_type(tmp_path, "download")) == 2


def test_kill_before_the_enqueue(server, api_env, tmp_path):
    copy_example(tmp_path)
    hold = Fault("hold")
    server.fault("model", hold)  # the pre-flight model check: nothing is sent yet
    proc = popen(["submit", TRAM, "--yes"], tmp_path, api_env)
    assert hold.reached.wait(30)
    proc.kill()
    proc.communicate(timeout=30)
    hold.gate.set()
    assert of_type(tmp_path, "intent") == [] and server.enqueued == 0
    finish(server, api_env, tmp_path)


def test_kill_while_the_enqueue_is_in_flight(server, api_env, tmp_path):
    copy_example(tmp_path)
    hold = Fault("hold")  # the request has arrived; the server has not enqueued it yet
    server.fault("enqueue", hold)
    proc = popen(["submit", TRAM, "--yes"], tmp_path, api_env)
    assert hold.reached.wait(30)
    proc.kill()
    proc.communicate(timeout=30)
    # The next run cannot know whether it was enqueued: scene 1 is held back, scene 2 goes.
    second = run_kscript("submit", TRAM, "--yes", cwd=tmp_path, env=api_env)
    assert second.returncode == 1 and b"scene 1: not sent" in second.stderr
    assert server.enqueued == 1
    hold.gate.set()  # ...now the server goes on and enqueues it (and bills it)
    wait_until(lambda: server.enqueued == 2)
    finish(server, api_env, tmp_path)
    assert any(r.get("adopted") for r in of_type(tmp_path, "enqueued"))


def test_kill_after_the_enqueue_before_its_answer(server, api_env, tmp_path):
    copy_example(tmp_path)
    hold = Fault("hold", after=True)
    server.fault("enqueue", hold)
    proc = popen(["submit", TRAM, "--yes"], tmp_path, api_env)
    assert hold.reached.wait(30)
    proc.kill()
    proc.communicate(timeout=30)
    hold.gate.set()
    assert server.enqueued == 1 and of_type(tmp_path, "enqueued") == []
    finish(server, api_env, tmp_path)


def test_kill_after_the_answer_is_journalled(server, api_env, tmp_path):
    copy_example(tmp_path)
    hold = Fault("hold")
    server.fault("enqueue", Fault("slow", seconds=0), hold)  # scene 2's enqueue waits
    proc = popen(["submit", TRAM, "--yes"], tmp_path, api_env)
    assert hold.reached.wait(30)
    assert len(of_type(tmp_path, "enqueued")) == 1
    proc.kill()
    proc.communicate(timeout=30)
    hold.gate.set()
    wait_until(lambda: server.enqueued == 2)
    finish(server, api_env, tmp_path)


def test_kill_while_waiting(server, api_env, tmp_path):
    copy_example(tmp_path)
    server.polls_queued = 10_000
    proc = popen(["submit", TRAM, "--yes", "--wait", "--out", "v"], tmp_path, api_env)
    wait_until(lambda: len(of_type(tmp_path, "enqueued")) == 2)
    time.sleep(0.3)
    proc.kill()
    proc.communicate(timeout=30)
    server.polls_queued = 1
    finish(server, api_env, tmp_path)


def test_ctrl_c_during_an_enqueue_waits_for_its_answer(server, api_env, tmp_path):
    copy_example(tmp_path)
    hold = Fault("hold", after=True)
    server.fault("enqueue", hold)
    proc = popen(["submit", TRAM, "--yes"], tmp_path, api_env)
    assert hold.reached.wait(30)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.5)
    assert proc.poll() is None  # still waiting for the answer
    hold.gate.set()
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert b"1 scene queued and journalled, 1 not sent" in err and b"Traceback" not in err
    (gid,) = server.generations
    assert gid.encode() in out and [r["generation_id"] for r in of_type(tmp_path, "enqueued")] == [gid]
    finish(server, api_env, tmp_path)


def test_ctrl_c_before_the_enqueue_sends_nothing(server, api_env, tmp_path):
    copy_example(tmp_path)
    hold = Fault("hold")
    server.fault("model", hold)
    proc = popen(["submit", TRAM, "--yes"], tmp_path, api_env)
    assert hold.reached.wait(30)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    hold.gate.set()
    assert proc.returncode == 130 and b"Traceback" not in err, err
    assert server.enqueued == 0
    finish(server, api_env, tmp_path)


# -- one run at a time ---------------------------------------------------------------------------------


def test_two_submits_at_once_enqueue_each_scene_once(server, api_env, tmp_path):
    copy_example(tmp_path)
    hold = Fault("hold", after=True)
    server.fault("enqueue", hold)
    first = popen(["submit", TRAM, "--yes"], tmp_path, api_env)
    assert hold.reached.wait(30)
    second = popen(["submit", TRAM, "--yes"], tmp_path, api_env)
    deadline = time.monotonic() + 30
    err2 = b""
    while b"waiting for it to finish" not in err2 and time.monotonic() < deadline:
        time.sleep(0.05)
        err2 = b""
        if second.poll() is not None:
            break
        try:
            import select

            if select.select([second.stderr], [], [], 0)[0]:
                err2 += os.read(second.stderr.fileno(), 65536)
        except OSError:
            break
    assert b"waiting for it to finish" in err2
    hold.gate.set()
    out1, err1 = first.communicate(timeout=60)
    out2, rest2 = second.communicate(timeout=60)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2 + rest2
    assert b"nothing to send" in rest2
    assert server.enqueued == 2
    assert len(of_type(tmp_path, "enqueued")) == 2


def test_status_cost_totals_the_charged_costs(server, api_env, tmp_path):
    copy_example(tmp_path)
    assert run_kscript("submit", TRAM, "--yes", "--wait", "--out", "v", cwd=tmp_path, env=api_env).returncode == 0
    proc = run_kscript("status", "--cost", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "$2.688" in out and "$2.240" in out and "spent: $4.93 on 2 generations" in out
    assert KEY not in out


def test_plan_during_a_submit_leaves_its_unanswered_enqueue_alone(server, api_env, tmp_path):
    copy_example(tmp_path)
    hold = Fault("hold", after=True)
    server.fault("enqueue", hold)
    proc = popen(["submit", TRAM, "--yes", "--scene", "1"], tmp_path, api_env)
    try:
        assert hold.reached.wait(30)
        plan = run_kscript("plan", TRAM, "--format", "json", cwd=tmp_path, env=api_env)
        assert plan.returncode == 0 and b"another kscript run is sending from this folder" in plan.stderr
        assert actions(json.loads(plan.stdout))["1"] == "pending"
        assert of_type(tmp_path, "enqueued") == []  # not adopted from under the running submit
    finally:
        hold.gate.set()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    (entry,) = of_type(tmp_path, "enqueued")
    assert "adopted" not in entry and server.enqueued == 1
