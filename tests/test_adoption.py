"""Adopting a lost enqueue's generation needs proof (issue 19, item 1): the request as the API
shows it equals the intent's payload field for field, enqueued inside the intent's window on
the API's clock, read from the API the intent was sent to, and the only candidate. Each
scenario runs the real CLI against the local Oxen server."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.helpers import run_kscript
from tests.oxen_server import Fault
from tests.test_plan_apply import TRAM, copy_example, of_type, popen, records, wait_until

CAT = "cat.kscript"
CAT_TEXT = "Title: Cat\n\nINT. ROOM - DAY #1#\n\nSHOT 5s - WIDE\nA cat sleeps on a red sofa.\n"


def folder(tmp_path: Path, name: str, script: str = TRAM, text: str | None = None) -> Path:
    where = tmp_path / name
    where.mkdir()
    if text is None:
        copy_example(where, script)
    else:
        (where / script).write_text(text)
    return where


def plan_of(where: Path, env: dict, script: str = TRAM) -> dict:
    proc = run_kscript("plan", script, "--format", "json", cwd=where, env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def scene(plan: dict, sid: str) -> dict:
    return next(s for s in plan["scenes"] if s["scene"] == sid)


def lose_without_enqueue(where: Path, server, env: dict, script: str = TRAM, *scenes: str) -> None:
    """A submit whose queue POST closes without an answer and without creating a generation."""
    server.fault("enqueue", Fault("drop"))
    args = [a for s in scenes for a in ("--scene", s)]
    proc = run_kscript("submit", script, "--yes", *args, cwd=where, env=env)
    assert proc.returncode == 3 and b"may have been enqueued" in proc.stderr, proc.stderr


def move_intents_back(where: Path, seconds: float) -> None:
    path = where / ".kscript" / "generations.jsonl"
    out = []
    for record in records(where):
        if record.get("kind") == "intent":
            record["time"] -= seconds
        out.append(json.dumps(record))
    path.write_text("\n".join(out) + "\n")


def test_a_proven_loss_is_adopted_and_the_plan_names_the_proof(server, api_env, tmp_path):
    a = folder(tmp_path, "a")
    server.fault("enqueue", Fault("lost"))
    proc = run_kscript("submit", TRAM, "--yes", "--scene", "1", cwd=a, env=api_env)
    assert proc.returncode == 3 and b"found on the API and journalled" in proc.stderr
    (gid,) = server.generations
    (entry,) = of_type(a, "enqueued")
    assert entry["generation_id"] == gid and entry["adopted"] is True
    assert entry["proof"].startswith("the request matches field for field, enqueued ") and server.base_url in entry["proof"]
    plan = plan_of(a, api_env)
    assert scene(plan, "1")["action"] == "unchanged"
    assert "adopted: the request matches field for field" in scene(plan, "1")["note"]
    text = run_kscript("plan", TRAM, cwd=a, env=api_env)
    assert b"adopted: the request matches field for field, enqueued" in text.stdout


def test_another_folders_later_identical_request_is_not_adopted(server, api_env, tmp_path):
    a, b = folder(tmp_path, "a"), folder(tmp_path, "b")
    lose_without_enqueue(a, server, api_env, TRAM, "1")
    assert server.generations == {}
    move_intents_back(a, 600)  # A's loss was ten minutes before B sent the same request
    assert run_kscript("submit", TRAM, "--yes", "--scene", "1", cwd=b, env=api_env).returncode == 0
    assert len(server.generations) == 1
    plan = plan_of(a, api_env)
    one = scene(plan, "1")
    assert one["action"] == "unconfirmed" and one["generation_ids"] == []
    assert "10 min ago" in one["note"] and "--force --scene 1" in one["note"]
    assert f"(${one['estimate']:.2f})" in one["note"]  # the cost of sending it again
    assert of_type(a, "enqueued") == []


def test_an_intent_three_days_old_adopts_nothing(server, api_env, tmp_path):
    a, b = folder(tmp_path, "a"), folder(tmp_path, "b")
    lose_without_enqueue(a, server, api_env, TRAM, "1")
    move_intents_back(a, 3 * 86400)
    assert run_kscript("submit", TRAM, "--yes", "--scene", "1", cwd=b, env=api_env).returncode == 0
    one = scene(plan_of(a, api_env), "1")
    assert one["action"] == "unconfirmed" and "72 h ago" in one["note"]
    assert of_type(a, "enqueued") == []


def test_a_fresh_loss_with_nothing_on_the_api_stays_pending_with_its_age_and_cost(server, api_env, tmp_path):
    a = folder(tmp_path, "a")
    lose_without_enqueue(a, server, api_env, TRAM, "1")
    one = scene(plan_of(a, api_env), "1")
    assert one["action"] == "pending" and " s ago" in one["note"] and "$" in one["note"]
    proc = run_kscript("submit", TRAM, "--yes", cwd=a, env=api_env)
    assert proc.returncode == 1 and b"scene 1: not sent" in proc.stderr
    (only,) = server.generations.values()
    assert only["request"]["aspect_ratio"] == "16:9"  # scene 2 went; scene 1 was held back


def test_without_the_history_a_row_showing_less_proves_nothing(server, api_env, tmp_path):
    """The in-flight list shows the prompt, not the duration: a 10 s generation with the same
    prompt is not a lost 5 s scene (nor, unprovable, is even the scene's own)."""
    server.history_enabled = False
    a = folder(tmp_path, "a", CAT, CAT_TEXT)
    b = folder(tmp_path, "b", CAT, CAT_TEXT.replace("SHOT 5s", "SHOT 10s"))
    lose_without_enqueue(a, server, api_env, CAT)
    assert run_kscript("submit", CAT, "--yes", cwd=b, env=api_env).returncode == 0
    (other,) = server.generations
    one = scene(plan_of(a, api_env, CAT), "1")
    assert one["action"] == "pending" and one["generation_ids"] == []
    assert other in one["note"] and "does not show its duration" in one["note"]
    assert "kscript status --queue" in one["note"] and "--force --scene 1" in one["note"]
    assert of_type(a, "enqueued") == []
    status = run_kscript("status", cwd=a, env=api_env)
    assert b"does not show its duration" in status.stdout


def test_an_intent_holding_only_a_model_adopts_nothing(server, api_env, tmp_path):
    a, b = folder(tmp_path, "a"), folder(tmp_path, "b")
    lose_without_enqueue(a, server, api_env, TRAM, "1")
    path = a / ".kscript" / "generations.jsonl"
    (intent,) = of_type(a, "intent")
    intent["payload"] = {"model": intent["model"]}
    path.write_text(json.dumps(intent) + "\n")
    for _ in range(3):
        assert run_kscript("submit", TRAM, "--yes", "--force", cwd=b, env=api_env).returncode == 0
    assert len(server.generations) == 6
    plan = plan_of(a, api_env)
    assert "does not match its own hash" in scene(plan, "1")["note"]
    assert of_type(a, "enqueued") == []


@pytest.mark.parametrize("offset", [-300.0, 300.0])
def test_a_clock_minutes_off_the_apis_still_finds_its_own_loss(server, api_env, tmp_path, offset):
    server.clock_offset = offset  # the API's clock (stamps and Date header) is five minutes off this machine's
    a = folder(tmp_path, "a")
    server.fault("enqueue", Fault("lost"))
    proc = run_kscript("submit", TRAM, "--yes", "--scene", "1", cwd=a, env=api_env)
    assert proc.returncode == 3 and b"found on the API and journalled" in proc.stderr, proc.stderr
    (entry,) = of_type(a, "enqueued")
    assert entry["adopted"] is True and list(server.generations) == [entry["generation_id"]]


def test_a_clock_minutes_off_does_not_widen_the_window(server, api_env, tmp_path):
    """Ten minutes after a loss, a later identical request from elsewhere is outside the
    window whichever way the clocks disagree."""
    server.clock_offset = 300.0
    a, b = folder(tmp_path, "a"), folder(tmp_path, "b")
    lose_without_enqueue(a, server, api_env, TRAM, "1")
    move_intents_back(a, 600)
    assert run_kscript("submit", TRAM, "--yes", "--scene", "1", cwd=b, env=api_env).returncode == 0
    assert scene(plan_of(a, api_env), "1")["action"] == "unconfirmed" and of_type(a, "enqueued") == []


def test_two_identical_generations_in_the_window_adopt_none(server, api_env, tmp_path):
    a, b = folder(tmp_path, "a"), folder(tmp_path, "b")
    hold = Fault("hold")  # A's request has arrived; the server has not enqueued it yet
    server.fault("enqueue", hold)
    proc = popen(["submit", TRAM, "--yes", "--scene", "1"], a, api_env)
    assert hold.reached.wait(30)
    proc.kill()  # A never hears an answer
    proc.communicate(timeout=30)
    # Meanwhile B sends the identical request; then the server enqueues A's too.
    assert run_kscript("submit", TRAM, "--yes", "--scene", "1", cwd=b, env=api_env).returncode == 0
    hold.gate.set()
    wait_until(lambda: server.enqueued == 2)
    one = scene(plan_of(a, api_env), "1")
    assert one["action"] == "pending" and of_type(a, "enqueued") == []
    for gid in server.generations:
        assert gid in one["note"]
    assert "kscript status --queue" in one["note"] and "--force --scene 1" in one["note"]


def test_an_intent_sent_to_another_api_is_not_looked_for_here(server, api_env, tmp_path):
    a = folder(tmp_path, "a")
    server.fault("enqueue", Fault("lost"))
    elsewhere = {**api_env, "KSCRIPT_BASE_URL": server.base_url + "/"}  # the same API, written differently
    proc = run_kscript("submit", TRAM, "--yes", "--scene", "1", cwd=a, env=elsewhere)
    assert proc.returncode == 3 and b"found on the API and journalled" in proc.stderr
    b = folder(tmp_path, "b")
    server.fault("enqueue", Fault("lost"))
    proc = run_kscript("submit", TRAM, "--yes", "--scene", "2", cwd=b, env=api_env)
    assert proc.returncode == 3
    (entry,) = of_type(b, "enqueued")
    path = b / ".kscript" / "generations.jsonl"
    kept = [r for r in records(b) if r.get("kind") != "enqueued"]
    for r in kept:
        if r.get("kind") == "intent":
            r["base_url"] = "http://127.0.0.1:9"
    path.write_text("".join(json.dumps(r) + "\n" for r in kept))
    one = scene(plan_of(b, api_env), "2")
    assert one["action"] == "pending" and "--base-url http://127.0.0.1:9" in one["note"]
    assert of_type(b, "enqueued") == []


def test_a_retried_enqueue_is_anchored_on_its_last_attempt(server, api_env, tmp_path):
    a = folder(tmp_path, "a")
    server.fault("enqueue", Fault("status", 429, headers={"Retry-After": "1"}), Fault("lost"))
    before = time.time()
    proc = run_kscript("submit", TRAM, "--yes", "--scene", "1", cwd=a, env=api_env)
    assert proc.returncode == 3 and b"found on the API and journalled" in proc.stderr
    intents = of_type(a, "intent")
    assert len(intents) == 2 and intents[0]["request_id"] == intents[1]["request_id"]
    assert before <= intents[0]["time"] < intents[1]["time"]
