"""A folder cannot send the key elsewhere (issue 19, item 8): a `base-url` from a
configuration file that is not Oxen's own is used with the key only when `--base-url` or
KSCRIPT_BASE_URL names the same address, and the key never travels over plain http except
to a loopback address. Every command that sends the key, run through the CLI against the
local server, which must receive nothing when the command refuses."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import KEY
from tests.helpers import EXAMPLES, run_kscript

TRAM = "the-last-tram.kscript"
GID = "4ef840a4-0000-4000-8000-000000000000"

COMMANDS = [
    ("plan", TRAM),
    ("submit", TRAM, "--yes"),
    ("status",),
    ("status", GID),
    ("status", "--queue"),
    ("download", GID),
    ("cancel", GID),
    ("models", "--check"),
]


@pytest.fixture
def cloned(server, tmp_path):
    """A cloned project whose kscript.toml names another API (here the test server, which
    stands for a stranger's host)."""
    shutil.copy(EXAMPLES / TRAM, tmp_path / TRAM)
    (tmp_path / "kscript.toml").write_text(f'base-url = "{server.base_url}"\n')
    return tmp_path


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_configured_address_alone_receives_no_key(server, cloned, args):
    proc = run_kscript(*args, cwd=cloned, env={"OXEN_API_KEY": KEY})
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert f"{cloned / 'kscript.toml'}: base-url = \"{server.base_url}\" is not Oxen's API" in err
    assert f"--base-url {server.base_url}" in err and f"KSCRIPT_BASE_URL={server.base_url}" in err
    assert "nothing was sent" in err and KEY not in err + proc.stdout.decode()
    assert server.log == []  # not one request, so the key went nowhere


def test_the_command_line_or_the_environment_confirms_the_address(server, cloned):
    by_option = run_kscript("plan", TRAM, "--base-url", server.base_url, cwd=cloned, env={"OXEN_API_KEY": KEY})
    assert by_option.returncode == 0, by_option.stderr
    by_env = run_kscript("status", "--queue", cwd=cloned, env={"OXEN_API_KEY": KEY, "KSCRIPT_BASE_URL": server.base_url})
    assert by_env.returncode == 0, by_env.stderr
    assert server.log and all(auth == f"Bearer {KEY}" for _, _, auth in server.log)


def test_an_address_from_the_environment_is_used_and_the_files_is_not(server, cloned):
    """The environment names the API: the file's address is not used at all, so nothing to confirm."""
    (cloned / "kscript.toml").write_text('base-url = "https://somewhere.example"\n')
    proc = run_kscript("status", "--queue", cwd=cloned, env={"OXEN_API_KEY": KEY, "KSCRIPT_BASE_URL": server.base_url})
    assert proc.returncode == 0, proc.stderr
    assert len(server.log) == 1


def test_without_a_key_and_on_a_dry_run_nothing_needs_confirming(server, cloned):
    plan = run_kscript("plan", TRAM, cwd=cloned, env={})
    assert plan.returncode == 0 and b"OXEN_API_KEY is not set" in plan.stderr
    dry = run_kscript("submit", TRAM, "--dry-run", cwd=cloned, env={"OXEN_API_KEY": KEY})
    assert dry.returncode == 0 and b"Bearer ****" in dry.stdout and KEY.encode() not in dry.stdout
    assert server.log == []


def test_oxens_own_address_is_recognised_exactly():
    from kscript.oxen.api import is_oxen

    assert is_oxen("https://hub.oxen.ai") and is_oxen("https://hub.oxen.ai:443/")
    assert not is_oxen("http://hub.oxen.ai") and not is_oxen("https://hub.oxen.ai.evil.example") and not is_oxen("https://hub.oxen.ai:8443")


def test_plain_http_to_an_address_that_is_not_loopback_is_refused(server, tmp_path):
    """0.0.0.0 would reach this machine's server if it were dialled: the server must see nothing."""
    shutil.copy(EXAMPLES / TRAM, tmp_path / TRAM)
    url = f"http://0.0.0.0:{server.port}"
    for args in (("plan", TRAM, "--base-url", url), ("status", "--queue", "--base-url", url)):
        proc = run_kscript(*args, cwd=tmp_path, env={"OXEN_API_KEY": KEY})
        assert proc.returncode == 2, proc.stderr
        assert b"is plain http: your OXEN_API_KEY is sent over http only to this machine" in proc.stderr
    assert server.log == []


@pytest.mark.parametrize("url", ["http://localhost:{port}", "http://127.0.0.1:{port}"])
def test_plain_http_to_loopback_is_allowed(server, tmp_path, url):
    url = url.format(port=server.port)
    proc = run_kscript("status", "--queue", "--base-url", url, cwd=tmp_path, env={"OXEN_API_KEY": KEY})
    assert proc.returncode == 0, proc.stderr
    assert len(server.log) == 1


def test_loopback_means_loopback():
    from kscript.oxen.api import is_loopback

    assert all(is_loopback(h) for h in ("localhost", "LOCALHOST.", "127.0.0.1", "127.255.0.9", "::1"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "10.0.0.1", "localhost.evil.example", "128.0.0.1", "example.com"))
