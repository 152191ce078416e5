"""Hostile servers and odd keys (issue 9, items 11-13, 16, 19, 21): the real command against
the local server, each case as a user would meet it."""

import os
import shutil
import signal
import subprocess
import sys
import time

from kscript.oxen.api import RETRY_AFTER_CAP, Client
from tests.conftest import KEY
from tests.helpers import EXAMPLES, ROOT, run_kscript
from tests.oxen_server import Fault

TRAM = "the-last-tram.kscript"
BODY = {"model": "kling-video-o3-pro-reference-to-video", "prompt": "Rain.", "duration": 4}


def copy_example(tmp_path) -> str:
    shutil.copy(EXAMPLES / TRAM, tmp_path / TRAM)
    return TRAM


def text(proc) -> str:
    return (proc.stdout + proc.stderr).decode()


# -- Retry-After (item 16) -------------------------------------------------------------------


def test_a_huge_retry_after_is_capped(server):
    slept: list[float] = []
    said: list[str] = []
    client = Client(server.base_url, KEY, sleep=slept.append, notify=said.append)
    server.fault("enqueue", Fault("status", 429, {"Retry-After": "100000"}))
    assert client.enqueue(BODY)
    assert slept == [RETRY_AFTER_CAP] == [120.0]
    assert said == ["the API asks to wait 100000 s (waiting 120 s, then asking again)"]


def test_non_finite_or_unparseable_retry_after_counts_as_absent(server):
    slept: list[float] = []
    client = Client(server.base_url, KEY, sleep=slept.append)
    server.fault("get", *(Fault("status", 503, {"Retry-After": value}) for value in ("inf", "nan", "-inf", "soon", "1e999")))
    (gid,) = [g["generation_id"] for g in client.enqueue(BODY)]
    assert client.generation(gid)["status"] == "queued"
    assert len(slept) == 5 and all(0 <= s <= 32 for s in slept)  # ordinary backoff


def test_timeout_cuts_a_long_retry_after_and_says_so(server, api_env, tmp_path):
    server.fault("enqueue", Fault("status", 429, {"Retry-After": "100000"}))
    started = time.monotonic()
    proc = run_kscript("submit", copy_example(tmp_path), "--yes", "--timeout", "3", cwd=tmp_path, env=api_env)
    assert time.monotonic() - started < 30
    assert proc.returncode == 1, text(proc)
    assert "the API asks to wait 100000 s" in text(proc) and "--timeout reached" in text(proc)
    assert server.enqueued == 0 and "Traceback" not in text(proc)


def test_retry_after_inf_is_no_internal_error(server, api_env, tmp_path):
    server.fault("enqueue", Fault("status", 429, {"Retry-After": "inf"}))
    proc = run_kscript("submit", copy_example(tmp_path), "--yes", "--scene", "1", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, text(proc)
    assert server.enqueued == 1 and "internal error" not in text(proc)


def test_ctrl_c_during_a_retry_after_wait_stops_at_once(server, api_env, tmp_path):
    server.fault("enqueue", Fault("status", 429, {"Retry-After": "100"}))
    env = {**os.environ, **api_env, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kscript", "submit", copy_example(tmp_path), "--yes"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while server.count("enqueue") == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 130
    assert b"the API asks to wait 100 s" in err and b"Traceback" not in err
    assert b"0 scenes queued and journalled, 2 not sent" in err
    assert server.enqueued == 0


# -- odd status answers (item 19) ----------------------------------------------------------------


def test_statuses_in_any_case_are_understood(server, api_env, tmp_path):
    server.tick = 0.05
    server.status_alias = {"succeeded": "SUCCEEDED", "processing": "Processing"}
    proc = run_kscript("submit", copy_example(tmp_path), "--yes", "--wait", "--scene", "1", "--out", "v", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, text(proc)
    server.events_enabled = False  # the same through the records
    proc = run_kscript("submit", TRAM, "--yes", "--wait", "--scene", "2", "--out", "v", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, text(proc)
    assert sorted(p.name for p in (tmp_path / "v").iterdir()) == ["the-last-tram.1.1.mp4", "the-last-tram.2.1.mp4"]


def test_an_unknown_status_is_warned_once_and_the_wait_ends(server, api_env, tmp_path):
    server.events_enabled = False
    server.status_alias = {"succeeded": "completed"}
    proc = run_kscript("submit", copy_example(tmp_path), "--yes", "--wait", "--scene", "1", cwd=tmp_path, env=api_env, timeout=60)
    (gid,) = list(server.generations)
    out = text(proc)
    assert proc.returncode == 1, out
    assert out.count("warning: the API reports status 'completed'") == 1
    assert "stopped waiting for it" in out and f"resume with: kscript download --wait {gid}" in out


def test_an_html_answer_is_retried_not_dropped(server, api_env, tmp_path):
    server.events_enabled = False
    server.polls_queued = server.polls_processing = 0
    server.fault("get", Fault("status", 200, body="<html><body>Bad gateway</body></html>"))
    proc = run_kscript("submit", copy_example(tmp_path), "--yes", "--wait", "--scene", "1", "--out", "v", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, text(proc)
    assert [p.name for p in (tmp_path / "v").iterdir()] == ["the-last-tram.1.1.mp4"]
    assert server.count("get") >= 2


# -- billing (item 21) ---------------------------------------------------------------------------


def test_402_is_billing_whatever_it_says(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    for body in ({"error": {"message": "Payment Required"}}, "<html>402</html>", {"error": {"type": "invalid_params", "detail": "Insufficient credits"}}):
        server.fault("enqueue", Fault("status", 402, body=body))
        proc = run_kscript("submit", script, "--yes", cwd=tmp_path, env=api_env)
        assert proc.returncode == 3, text(proc)
        assert "the API refused for billing (402)" in text(proc) and "Add credits" in text(proc)
    assert server.enqueued == 0 and server.count("enqueue") == 3  # never retried


def test_status_of_ids_prints_no_table_when_the_api_refuses_the_key(server, api_env, tmp_path):
    proc = run_kscript("status", "some-id", cwd=tmp_path, env={**api_env, "OXEN_API_KEY": "sk-wrong"})
    assert proc.returncode == 3 and proc.stdout == b"", text(proc)  # the error alone, no header over nothing
    assert "kscript: error:" in proc.stderr.decode()


# -- the key (items 11-13) ---------------------------------------------------------------------


def test_a_server_echoing_the_key_never_gets_it_printed(server, api_env, tmp_path):
    proc = run_kscript("submit", copy_example(tmp_path), "--yes", "--scene", "1", cwd=tmp_path, env=api_env)
    (gid,) = list(server.generations)
    server.fault("get", *[Fault("echo")] * 3)
    proc = run_kscript("status", gid, cwd=tmp_path, env=api_env)
    assert proc.returncode == 3
    assert "got header Authorization: Bearer ****" in text(proc) and KEY not in text(proc)
    server.tick = 0.05
    server.runtime_failure = f"upstream said: invalid token {KEY}"
    proc = run_kscript("submit", TRAM, "--yes", "--wait", "--scene", "2", cwd=tmp_path, env=api_env)
    assert proc.returncode == 1 and "invalid token ****" in text(proc) and KEY not in text(proc)
    assert KEY not in (tmp_path / ".kscript" / "generations.jsonl").read_text()


def test_a_key_with_surrounding_white_space_works(server, api_env, tmp_path):
    proc = run_kscript("status", "--queue", cwd=tmp_path, env={**api_env, "OXEN_API_KEY": f"  {KEY}\r\n"})
    assert proc.returncode == 0, text(proc)
    assert server.log[0][2] == f"Bearer {KEY}"


def test_a_key_that_cannot_be_a_header_is_refused_up_front(server, api_env, tmp_path):
    script = copy_example(tmp_path)
    for key, problem in ((KEY[:6] + "\n" + KEY[6:], "a line break at position 7"), (KEY + "é", "a non-ASCII character (U+00E9)"),
                         (KEY[:4] + "\x1b" + KEY[4:], "a control character (0x1B)"), (KEY[:3] + " " + KEY[3:], "a space")):
        proc = run_kscript("submit", script, "--yes", cwd=tmp_path, env={**api_env, "OXEN_API_KEY": key})
        assert proc.returncode == 2, text(proc)
        assert f"OXEN_API_KEY contains {problem}" in text(proc) and "nothing was sent" in text(proc)
        assert KEY[6:] not in text(proc) and "Traceback" not in text(proc)
    assert server.log == []
