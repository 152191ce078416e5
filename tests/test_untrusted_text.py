"""Server text is untrusted text (issue 19, item 3): what a hostile API says, and what a
journal or cache written from it holds, reaches no terminal raw, in any command or format.

Every test runs the real command against the local test server taught to put terminal
escapes in its error messages, statuses, ids and model names: an OSC 52 clipboard write,
an OSC 0 retitle, a CSI 2J clear, a carriage return and a line break that forge a line
"kscript: all done, nothing was charged", bidi overrides and isolates, C1 CSI and DEL.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kscript.formats.escape import json_text, untrusted
from kscript.oxen import journal
from tests.helpers import EXAMPLES, run_kscript
from tests.oxen_server import Fault

TRAM = "the-last-tram.kscript"
FORGED = "kscript: all done, nothing was charged"
HOSTILE = (
    "\x1b]52;c;cHduZWQ=\x07"  # OSC 52: write the clipboard
    "\x1b]0;pwned\x07"  # OSC 0: retitle the window
    "\x1b[2J"  # CSI 2J: clear the screen
    f"\r{FORGED}\n{FORGED}"  # a forged line, over the real one and on a line of its own
    "\u202egnp.exe\u2066x\u2069"  # bidi override and isolate
    "\x9b31m\x7f\u200b\u2028"  # C1 CSI, DEL, zero width space, line separator
)
# What the escaped text shows of it: proof the message was shown at all, not dropped.
SHOWN = "\\x1b]52;c;cHduZWQ=\\x07"


def raw_controls(text: str) -> list[str]:
    """The characters of `text` no terminal should receive from a server: controls (C0, DEL,
    C1), format characters (bidi, zero width), line and paragraph separators, surrogates.
    Line breaks and tabs are kscript's own layout and are allowed; forged lines are checked
    apart. (Independent of kscript's own list.)"""
    return [c for c in text if c not in "\n\t" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")]


def clean(proc) -> str:
    """Both streams, checked: valid UTF-8, no raw control character, no forged line."""
    out = proc.stdout.decode("utf-8") + proc.stderr.decode("utf-8")
    assert "Traceback" not in out, out
    assert raw_controls(out) == [], out
    assert not any(line.lstrip().startswith(FORGED) for line in out.split("\n")), out
    return out


def copy_example(tmp_path: Path) -> str:
    shutil.copy(EXAMPLES / TRAM, tmp_path / TRAM)
    return TRAM


def test_a_failed_generations_message_is_escaped_in_every_command_that_shows_it(server, api_env, tmp_path):
    server.tick = 0.05
    server.runtime_failure = HOSTILE
    proc = run_kscript("submit", copy_example(tmp_path), "--yes", "--wait", "--scene", "1", cwd=tmp_path, env=api_env)
    out = clean(proc)
    assert proc.returncode == 1 and SHOWN in out and "failed: " in out
    (gid,) = server.generations
    records = [json.loads(line) for line in (tmp_path / ".kscript" / "generations.jsonl").read_text(encoding="utf-8").split("\n") if line]
    assert [r["error"] for r in records if r.get("error")] == [HOSTILE]  # the journal keeps what the API said, as it said it

    # Journalled, it is shown by every later command, with and without the API.
    for args, env in ((("status",), api_env), (("status",), {**api_env, "OXEN_API_KEY": ""}), (("status", gid), api_env),
                      (("plan", TRAM, "--scene", "1"), api_env), (("download", gid), api_env)):
        proc = run_kscript(*args, cwd=tmp_path, env=env)
        out = clean(proc)
        assert SHOWN in out, (args, out)
    proc = run_kscript("plan", TRAM, "--scene", "1", "--format", "json", cwd=tmp_path, env=api_env)
    clean(proc)
    (scene,) = json.loads(proc.stdout)["scenes"]
    assert scene["action"] == "retry" and scene["note"] == HOSTILE  # JSON escapes, the value stays exact


def test_a_failure_found_by_polling_is_escaped_too(server, api_env, tmp_path):
    server.events_enabled = False
    server.runtime_failure = HOSTILE
    proc = run_kscript("submit", copy_example(tmp_path), "--yes", "--wait", "--scene", "1", cwd=tmp_path, env=api_env)
    out = clean(proc)
    assert proc.returncode == 1 and SHOWN in out


def test_hostile_ids_statuses_and_model_names(server, api_env, tmp_path):
    server.polls_queued = 10**6  # it stays queued: a state the API invents below is recorded
    counter = iter(range(100))
    server.make_id = lambda: f"{HOSTILE}-{next(counter)}"
    server.model_alias = {model: f"{model}{HOSTILE}" for model in ("kling-video-o3-pro-reference-to-video", "kling-video-o3-omni")}
    proc = run_kscript("submit", copy_example(tmp_path), "--yes", "--scene", "1", cwd=tmp_path, env=api_env)
    out = clean(proc)
    assert proc.returncode == 0 and SHOWN in out
    (gid,) = server.generations
    for args in (("status", "--queue"), ("status",), ("status", gid), ("status", "--cost"), ("plan", TRAM, "--scene", "1")):
        proc = run_kscript(*args, cwd=tmp_path, env=api_env)
        out = clean(proc)
        assert proc.returncode == 0 and "\\x1b]52" in out, (args, out)  # the plan shows an id's first 8 characters

    # A status the API invents, recorded by a refresh and shown by every later status.
    server.status_alias = {"queued": HOSTILE, "processing": HOSTILE}
    for args in (("status",), ("status",), ("status", gid), ("plan", TRAM, "--scene", "1"), ("download", gid)):
        proc = run_kscript(*args, cwd=tmp_path, env=api_env)
        out = clean(proc)
        assert "\\x1b]52" in out, (args, out)
    proc = run_kscript("plan", TRAM, "--format", "json", cwd=tmp_path, env=api_env)
    clean(proc)
    assert json.loads(proc.stdout)["scenes"][0]["generation_ids"] == [gid]

    proc = run_kscript("cancel", gid, cwd=tmp_path, env=api_env)
    out = clean(proc)
    assert proc.returncode == 0 and SHOWN in out and server.generations[gid]["status"] == "cancelled"


def test_hostile_error_answers_of_every_command(server, api_env, tmp_path):
    hostile_error = {"error": {"type": "invalid_params", "title": HOSTILE, "detail": HOSTILE}}
    copy_example(tmp_path)
    server.fault("enqueue", Fault("status", 400, body=hostile_error))
    proc = run_kscript("submit", TRAM, "--yes", "--scene", "1", cwd=tmp_path, env=api_env)
    out = clean(proc)
    assert proc.returncode == 1 and SHOWN in out and server.enqueued == 0

    server.fault("enqueue", Fault("status", 503, body=HOSTILE, content_type="text/plain"), *[Fault("status", 503, body=HOSTILE, content_type="text/plain")] * 5)
    proc = run_kscript("submit", TRAM, "--yes", "--scene", "1", cwd=tmp_path, env={**api_env, "KSCRIPT_POLL_INTERVAL": "0.01"}, timeout=120)
    clean(proc)

    server.faults.clear()
    proc = run_kscript("submit", TRAM, "--yes", "--scene", "1", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, proc.stderr
    (gid,) = server.generations
    server.fault("cancel", Fault("status", 200, body={"status": HOSTILE}))
    proc = run_kscript("cancel", gid, cwd=tmp_path, env=api_env)
    out = clean(proc)
    assert SHOWN in out
    server.fault("cancel", Fault("status", 409, body=hostile_error))
    proc = run_kscript("cancel", gid, cwd=tmp_path, env=api_env)
    out = clean(proc)
    assert proc.returncode == 1 and SHOWN in out
    server.fault("get", Fault("status", 404, body=hostile_error))
    proc = run_kscript("status", gid, cwd=tmp_path, env=api_env)
    assert SHOWN in clean(proc)
    server.fault("get", Fault("status", 404, body=hostile_error))
    proc = run_kscript("download", gid, cwd=tmp_path, env=api_env)
    assert proc.returncode == 1 and SHOWN in clean(proc)
    server.fault("list", Fault("status", 401, body=hostile_error))
    proc = run_kscript("status", "--queue", cwd=tmp_path, env=api_env)
    assert proc.returncode == 3 and SHOWN in clean(proc)


def test_models_check_escapes_the_apis_words_and_the_cache_written_from_them(server, api_env, tmp_path):
    script = copy_example(tmp_path)  # one model: the default
    hostile_404 = {"error": {"message": HOSTILE}}
    server.fault("model", Fault("status", 404, body=hostile_404))
    proc = run_kscript("models", script, "--check", cwd=tmp_path, env=api_env)
    out = clean(proc)
    assert proc.returncode == 1 and SHOWN in out and "missing: " in out and "is not served by the API" in out
    server.fault("model", Fault("status", 404, body=hostile_404))
    proc = run_kscript("models", script, "--check", "--format", "json", cwd=tmp_path, env=api_env)
    clean(proc)
    (row,) = json.loads(proc.stdout)
    assert row["api"]["state"] == "missing" and "\\x1b]52;c;c" in row["api"]["message"]  # as error_text escaped it
    # The cache now holds the hostile answer: submit refuses the model with it, escaped.
    proc = run_kscript("submit", script, "--yes", "--scene", "1", cwd=tmp_path, env=api_env)
    out = clean(proc)
    assert proc.returncode == 1 and "no longer serves" in out and SHOWN in out and server.enqueued == 0


def test_the_storyboard_escapes_what_the_journal_holds(server, api_env, tmp_path):
    server.tick = 0.05
    server.make_id = lambda: f"{HOSTILE}-1"
    proc = run_kscript("submit", copy_example(tmp_path), "--yes", "--wait", "--scene", "1", "--out", "v", cwd=tmp_path, env=api_env)
    out = clean(proc)
    assert proc.returncode == 0, out
    journal.record_status(f"{HOSTILE}-1", HOSTILE, folder=tmp_path)  # a state the API invented, as a refresh records it
    proc = run_kscript("storyboard", TRAM, "-o", "board.html", cwd=tmp_path, env=api_env)
    clean(proc)
    page = (tmp_path / "board.html").read_text(encoding="utf-8")
    assert raw_controls(page) == []
    assert "\\x1b]52;c;cHduZWQ=\\x07" in page and "<video" in page


# -- the helper itself, over arbitrary server strings ------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=60))
def test_untrusted_leaves_nothing_raw_and_keeps_plain_text(text):
    shown = untrusted(text)
    assert raw_controls(shown) == [] and "\n" not in shown and "\t" not in shown
    shown.encode("utf-8")  # a lone surrogate would not even be writable
    if text.isprintable():
        assert shown == text
    assert untrusted(shown) == shown  # escaping twice changes nothing
    kept = untrusted(text, keep="\n")
    assert kept.count("\n") == text.count("\n")


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(alphabet=st.characters(exclude_categories=()), max_size=30),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=10))
def test_json_text_is_the_same_json_with_nothing_raw(value):
    dumped = json_text(json.dumps(value, ensure_ascii=False, indent=2))
    assert raw_controls(dumped) == []
    assert json.loads(dumped) == value


@pytest.mark.slow
@pytest.mark.e2e
def test_the_live_progress_on_a_terminal_shows_hostile_ids_as_plain_escaped_text(server, tmp_path):
    """On a terminal rich draws the wait: an id is shown escaped and as plain text, never
    as rich markup (`[link=…]` would become an OSC 8 hyperlink)."""
    from tests.conftest import KEY
    from tests.test_wait_progress import run_on_terminal

    counter = iter(range(100))
    server.make_id = lambda: f"[link=https://evil.example]x[/link][bold]{HOSTILE}-{next(counter)}"
    env = {"OXEN_API_KEY": KEY, "KSCRIPT_BASE_URL": server.base_url, "KSCRIPT_POLL_INTERVAL": "0.05"}
    screen = run_on_terminal(["submit", copy_example(tmp_path), "--yes", "--wait", "--scene", "1", "--out", "v"], tmp_path, env, 12, 200)
    assert len(list((tmp_path / "v").iterdir())) == 1
    assert "\x1b]" not in screen  # no OSC at all: no clipboard write, no title, no hyperlink
    assert "\x1b[2J" not in screen and "\x9b" not in screen and "\u202e" not in screen and "\u2028" not in screen
    assert "[link=https://evil.example]x[/link]" in screen  # shown as the text it is
    assert not any(line.lstrip().startswith(FORGED) for line in screen.replace("\r", "\n").split("\n"))


def test_a_journal_record_holding_a_line_separator_stays_one_record(tmp_path):
    """An error message with U+2028 or NEL, journalled raw by an earlier kscript, is one record
    (records end at a newline only), shown escaped by `status`; kscript writes them as escapes."""
    journal.record_enqueued(journal.record_intent("t.kscript", "1", {"model": "m", "prompt": "p"}, "http://127.0.0.1:9", folder=tmp_path),
                            ["gid-1"], folder=tmp_path)
    journal.record_status("gid-1", "failed", f"first\u2028{FORGED}\x85second", folder=tmp_path)
    path = tmp_path / ".kscript" / "generations.jsonl"
    written = path.read_text(encoding="utf-8")
    assert "\u2028" not in written and "\\u2028" in written and "\\u0085" in written
    path.write_text(written.replace("\\u2028", "\u2028").replace("\\u0085", "\x85"), encoding="utf-8")  # as an earlier kscript wrote it
    proc = run_kscript("status", cwd=tmp_path)
    out = clean(proc)
    assert "unreadable" not in out and f"first\\u2028{FORGED}\\x85second" in out
