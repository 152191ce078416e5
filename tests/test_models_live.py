"""`kscript models` and the live model check, against the local Oxen server: a retired
model answers 404 `Model not found`, a live one may carry its price."""

from __future__ import annotations

import json
import shutil
import time

import pytest

from kscript.models import live
from tests.conftest import KEY
from tests.helpers import EXAMPLES, ROOT, run_kscript
from tests.test_storyboard import Page

MODELS = ROOT / "tests" / "golden" / "models"
REF = "kling-video-o3-pro-reference-to-video"
OMNI = "kling-video-o3-omni"
ONE_SCENE = "Title: t\n\nEXT. HARBOUR - DAWN\n\nSHOT 5s - WIDE\nBoats rock at their moorings.\n"


def model_gets(server) -> list[str]:
    return [path for method, path, _ in server.log if method == "GET" and path.startswith("/api/ai/models/")]


def test_models_lists_every_profile_as_text_and_json():
    text = run_kscript("models")
    assert text.returncode == 0
    lines = text.stdout.decode().splitlines()
    assert lines[0].split() == ["model", "$/s", "duration", "shots", "slots", "inputs"]
    assert any(line.startswith("kling-video-v2-6-pro-text-to-video") and "0.070" in line and "5 or 10 s" in line for line in lines)
    assert any(line.startswith(OMNI) and "0.224*" in line for line in lines)
    rows = json.loads(run_kscript("models", "--format", "json").stdout)
    assert len(rows) == 7
    by_id = {r["id"]: r for r in rows}
    assert by_id["kling-video-v3-pro-motion-control"]["price_per_second"] == 0.168
    assert by_id[OMNI]["price_confirmed"] is False and by_id[OMNI]["reference_slots"]["with_video"] == 4
    assert by_id["kling-video-o3-pro-video-to-video-edit"]["durations"] is None


def test_models_of_a_script():
    out = run_kscript("models", str(MODELS / f"{OMNI}.kscript")).stdout.decode().splitlines()
    assert [line.split()[0] for line in out[1:] if not line.startswith("*")] == [OMNI]


def test_check_shows_live_missing_and_live_price(server, api_env, tmp_path):
    server.retired_models.add(REF)
    server.model_pricing[OMNI] = {"cost_per_second": "0.25", "cost_per_second_with_audio": 0.3}
    proc = run_kscript("models", "--check", cwd=tmp_path, env=api_env)
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert proc.returncode == 1
    row = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert row[REF].endswith(f"missing: Model not found: {REF}")
    assert row[OMNI].endswith("live, $0.250/s")
    assert row["kling-video-v2-6-pro-text-to-video"].endswith("live, no price given")
    assert f"`{REF}` is not served by the API" in err and f"its successor is `{OMNI}`" in err
    assert len(model_gets(server)) == 7
    data = json.loads(run_kscript("models", "--check", "--format", "json", cwd=tmp_path, env=api_env).stdout)
    api = {r["id"]: r["api"] for r in data}
    assert api[REF]["state"] == "missing" and api[OMNI] == {"state": "live", "message": None, "price_per_second": 0.25}
    assert len(model_gets(server)) == 14  # --check always asks afresh


def test_check_needs_the_key(tmp_path):
    proc = run_kscript("models", "--check", cwd=tmp_path)
    assert proc.returncode == 2 and b"OXEN_API_KEY is not set" in proc.stderr


def test_submit_refuses_a_retired_model_before_sending_and_names_the_successor(server, api_env, tmp_path):
    (tmp_path / "s.kscript").write_text(ONE_SCENE)
    server.retired_models.add(REF)
    proc = run_kscript("submit", "s.kscript", "--yes", cwd=tmp_path, env=api_env)
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert f"the API no longer serves `{REF}` (Model not found: {REF}); nothing was sent" in err
    assert f"Its successor is `{OMNI}`: write `Model: {OMNI}`" in err
    assert server.enqueued == 0 and [m for m, _, _ in server.log if m == "POST"] == []
    # Following the advice works.
    (tmp_path / "s.kscript").write_text(ONE_SCENE.replace("Title: t\n", f"Title: t\nModel: {OMNI}\n"))
    proc = run_kscript("submit", "s.kscript", "--yes", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert server.enqueued == 1


def test_submit_uses_the_cached_answer_for_a_day(server, api_env, tmp_path, user_cache):
    (tmp_path / "s.kscript").write_text(ONE_SCENE)
    assert run_kscript("submit", "s.kscript", "--yes", cwd=tmp_path, env=api_env).returncode == 0
    assert run_kscript("submit", "s.kscript", "--yes", "--force", cwd=tmp_path, env=api_env).returncode == 0
    assert server.enqueued == 2
    assert model_gets(server) == [f"/api/ai/models/{REF}"]  # asked once
    cache = json.loads((user_cache / "models.json").read_text())
    (entry,) = cache["entries"].values()
    assert entry["state"] == "live"
    # A day later the answer is stale: asked again, and now the model is gone.
    entry["checked_at"] -= live.DAY + 1
    (user_cache / "models.json").write_text(json.dumps(cache))
    server.retired_models.add(REF)
    proc = run_kscript("submit", "s.kscript", "--yes", "--force", cwd=tmp_path, env=api_env)
    assert proc.returncode == 1 and b"no longer serves" in proc.stderr and server.enqueued == 2
    assert len(model_gets(server)) == 2


def test_the_live_price_makes_the_estimate(server, api_env, tmp_path):
    (tmp_path / "s.kscript").write_text(ONE_SCENE.replace("Title: t\n", f"Title: t\nModel: {OMNI}\n"))
    dry = run_kscript("submit", "s.kscript", "--dry-run", cwd=tmp_path, env=api_env).stderr.decode()
    assert "$1.12" in dry and f"{OMNI} at $0.224/s unconfirmed" in dry and "the estimate is unconfirmed" in dry
    server.model_pricing[OMNI] = {"cost_per_second": 0.3}
    checked = run_kscript("models", "--check", "s.kscript", cwd=tmp_path, env=api_env)  # only the script's models
    assert checked.returncode == 0 and model_gets(server) == [f"/api/ai/models/{OMNI}"]
    dry = run_kscript("submit", "s.kscript", "--dry-run", cwd=tmp_path, env=api_env).stderr.decode()
    assert "$1.50" in dry and f"{OMNI} at $0.300/s live" in dry and "unconfirmed" not in dry


def test_cache_reads_are_defensive(user_cache):
    assert live.cached("https://x", REF) is None  # no file
    (user_cache / "models.json").write_text("{not json")
    assert live.cached("https://x", REF) is None
    (user_cache / "models.json").write_text(json.dumps({"entries": {f"https://x {REF}": {"state": "live", "checked_at": time.time(), "price": "nan"}}}))
    status = live.cached("https://x", REF)
    assert status is not None and status.price is None
    assert live.price_of(REF, "https://x").source == "profile"
    assert live.price_of("sora", "https://x") == live.Price(0.224, False, "guess")


def test_the_cache_lives_in_kscripts_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("KSCRIPT_MODELS_CACHE")
    monkeypatch.delenv("KSCRIPT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert live.cache_path() == str(tmp_path / "kscript" / "models.json")
    monkeypatch.setenv("KSCRIPT_CACHE_DIR", str(tmp_path / "k"))
    assert live.cache_path() == str(tmp_path / "k" / "models.json")


@pytest.mark.slow
def test_the_live_price_is_that_of_the_api_the_requests_go_to(server, tmp_path):
    """`--base-url` (or the configuration's `base-url`) names the API: its live price makes
    every estimate, fetched before a cost is confirmed, and never prices another API's requests."""
    shutil.copy(EXAMPLES / "the-last-tram.kscript", tmp_path / "tram.kscript")
    server.model_pricing[REF] = {"cost_per_second": 0.5}  # dearer than the profile's $0.224
    env = {"OXEN_API_KEY": KEY}  # no KSCRIPT_BASE_URL: only the option names the test server
    url = ["--base-url", server.base_url]
    # The first submit asks the API before showing the cost: 22 s at $0.50 is over the guard.
    proc = run_kscript("submit", "tram.kscript", "--yes", "--max-cost", "5", *url, cwd=tmp_path, env=env)
    assert proc.returncode == 1
    assert "the estimated cost $11.00 of what would be sent is over --max-cost $5.00; nothing was sent" in proc.stderr.decode()
    assert f"{REF} at $0.500/s live" in proc.stderr.decode()
    assert server.enqueued == 0 and model_gets(server) == [f"/api/ai/models/{REF}"]
    plan = run_kscript("plan", "tram.kscript", "--format", "json", *url, cwd=tmp_path, env=env)
    assert plan.returncode == 0, plan.stderr.decode()
    assert json.loads(plan.stdout)["cost"] == 11.0 and len(model_gets(server)) == 1  # the cached answer
    # The default API never answered a price: its estimate is the profile's.
    dry = run_kscript("submit", "tram.kscript", "--dry-run", cwd=tmp_path).stderr.decode()
    assert "$4.93" in dry and f"{REF} at $0.224/s" in dry and "live" not in dry
    # The configuration's base-url names the API as the option does, for submit and the storyboard.
    (tmp_path / "kscript.toml").write_text(f'base-url = "{server.base_url}"\n')
    dry = run_kscript("submit", "tram.kscript", "--dry-run", cwd=tmp_path).stderr.decode()
    assert "$11.00" in dry and f"{REF} at $0.500/s live" in dry
    board = run_kscript("storyboard", "tram.kscript", cwd=tmp_path)
    assert board.returncode == 0, board.stderr.decode()
    words = " ".join((tmp_path / "tram.board.html").read_text().split())
    assert "12 s · $6.00" in words and "10 s · $5.00" in words


def test_plan_warns_of_a_model_the_api_no_longer_serves(server, api_env, tmp_path):
    (tmp_path / "s.kscript").write_text(ONE_SCENE)
    server.retired_models.add(REF)
    proc = run_kscript("plan", "s.kscript", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert f"kscript: warning: the API no longer serves `{REF}`: submit will refuse it; its successor is `{OMNI}`" in proc.stderr.decode()


def test_the_price_with_sound_and_the_billed_seconds_are_the_same_everywhere(server, api_env, tmp_path):
    """The live price with sound (the tram asks for sound) makes plan, submit and the
    storyboard alike; a model without duration is billed its `Video length:` on the page too."""
    shutil.copy(EXAMPLES / "the-last-tram.kscript", tmp_path / "tram.kscript")
    server.model_pricing[REF] = {"cost_per_second": 0.2, "cost_per_second_with_audio": 0.3}
    assert run_kscript("models", "--check", "tram.kscript", cwd=tmp_path, env=api_env).returncode == 0
    plan = json.loads(run_kscript("plan", "tram.kscript", "--format", "json", cwd=tmp_path, env=api_env).stdout)
    assert plan["cost"] == 6.6  # 22 s at $0.30
    dry = run_kscript("submit", "tram.kscript", "--dry-run", cwd=tmp_path, env=api_env).stderr.decode()
    assert "$6.60" in dry and f"{REF} at $0.300/s with audio live" in dry
    assert run_kscript("storyboard", "tram.kscript", cwd=tmp_path, env=api_env).returncode == 0
    words = Page((tmp_path / "tram.board.html").read_text()).words
    assert "12 s · $3.60" in words and "10 s · $3.00" in words and "$6.60 estimated" in words
    edit = tmp_path / "edit.kscript"
    edit.write_text((MODELS / "kling-video-o3-pro-video-to-video-edit.kscript").read_text())
    assert run_kscript("storyboard", "edit.kscript", cwd=tmp_path).returncode == 0
    words = Page((tmp_path / "edit.board.html").read_text()).words
    assert "8 s · $2.69" in words  # its Video length at $0.336
    edit.write_text(edit.read_text().replace("Video length: 8s\n", ""))
    assert run_kscript("storyboard", "edit.kscript", cwd=tmp_path).returncode == 0
    words = Page((tmp_path / "edit.board.html").read_text()).words
    assert "5 s · $1.68 (unconfirmed)" in words  # 5 s assumed, as plan assumes
