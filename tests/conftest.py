"""The suite's shared set-up: a home of its own, the lanes (markers), the test server.

Lanes, registered in pyproject.toml (`pytest -m "not slow"` is the inner loop):

- `e2e`: talks to the HTTP test server (tests/oxen_server.py);
- `browser`: opens pages in headless Chromium;
- `node`: runs node (the VS Code extension's TextMate grammar tests);
- `install`: installs the package into a fresh environment (pip, pre-commit);
- `slow`: takes about a second or more; every `browser`, `node` and `install` test is one.

A file earns its markers from FILE_MARKERS below, a test from a mark of its own or
from the fixtures it uses (`server`: e2e; `api_env`, which runs the command against
the server: slow), so a test added to a file lands in the right lane without a word.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import tempfile

import pytest

from tests.oxen_server import OxenServer

KEY = "sk-SECRET-kscript-test-7f3a9c"

FILE_MARKERS: dict[str, tuple[str, ...]] = {
    "test_plan_apply.py": ("e2e", "slow"),
    "test_submit_e2e.py": ("e2e", "slow"),
    "test_wait_e2e.py": ("e2e", "slow"),
    "test_hostile_servers.py": ("e2e", "slow"),
    "test_install.py": ("install", "slow"),
    "test_precommit.py": ("install", "slow"),
    "test_lsp.py": ("slow",),  # each test starts `kscript lsp` and talks to it over stdio
    "test_properties.py": ("slow",),  # hypothesis over whole scripts and payloads
    "test_assemble.py": ("slow",),  # encodes and decodes real videos
    "test_export.py": ("slow",),  # encodes real videos and reads every timeline back
    "test_api_properties.py": ("slow",),  # hypothesis against the real client and server
    "test_lsp_rename.py": ("slow",),  # every name of every example renamed through the language server
    "test_key_destination.py": ("e2e", "slow"),  # the commands against the test server, one process each
    "test_import_agrees_with_lint.py": ("slow",),  # import and compile back every request body of every model
    "test_assets_e2e.py": ("e2e", "slow"),  # uploads, chains and real MP4s against the server
    "test_assets_lint.py": ("slow",),  # runs the command on real images and videos
}
SLOW_LANES = ("browser", "node", "install")

# Where tools keep what they write between runs; the suite points each at its own folder.
HOME_VARIABLES = {
    "KSCRIPT_CACHE_DIR": "kscript-cache",
    "XDG_CACHE_HOME": "cache",
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "data",
    "XDG_STATE_HOME": "state",
    "PRE_COMMIT_HOME": "pre-commit",
    "npm_config_cache": "npm",
}


def pytest_configure(config: pytest.Config) -> None:
    # Before collection: modules that build rules or parse examples as they load read the cache too.
    home = tempfile.mkdtemp(prefix="kscript-tests-")
    config.add_cleanup(lambda: shutil.rmtree(home, ignore_errors=True))
    for variable, folder in HOME_VARIABLES.items():
        os.environ[variable] = os.path.join(home, folder)
    # The bytecode of every process the suite starts (its workers, each `kscript`, pip) goes to a
    # folder of the suite's: never into the checkout, and never compiled again in each process
    # when PYTHONDONTWRITEBYTECODE is set. Workers inherit the controller's folder.
    if "PYTHONPYCACHEPREFIX" not in os.environ or not hasattr(config, "workerinput"):
        os.environ["PYTHONPYCACHEPREFIX"] = bytecode_folder(home, prune=not hasattr(config, "workerinput"))
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    # A suite started in the background of a shell inherits an ignored SIGINT, and so would every
    # `kscript` it starts: the Ctrl-C tests would wait forever. A handler of our own is reset by exec.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def bytecode_folder(home: str, prune: bool) -> str:
    """The suite's bytecode folder: one of this user's own in the temporary directory, kept from
    run to run, so that the workers, the `kscript` processes and pip read the bytecode compiled
    by the last run instead of each compiling the checkout, the tests and their libraries again
    (each of the four workers spent 6 s of CPU collecting with nothing compiled, 2 s with). Python checks
    each file's bytecode against the source's time and size, as in `__pycache__`. A folder someone
    else owns or could write to is never used: the run's own folder instead. `prune` drops the
    bytecode of folders that are gone (the temporary trees of earlier runs)."""
    own = os.path.join(home, "pycache")
    if not hasattr(os, "getuid"):
        return own
    kept = os.path.join(tempfile.gettempdir(), f"kscript-tests-bytecode-{os.getuid()}")
    try:
        os.mkdir(kept, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return own
    info = os.lstat(kept)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return own
    if prune:
        prune_bytecode(kept)
    return kept


def prune_bytecode(folder: str) -> None:
    """Remove the bytecode of source folders that no longer exist (the folder mirrors their paths)."""
    for root, dirs, _files in os.walk(folder):
        source = os.sep + os.path.relpath(root, folder) if root != folder else None
        for name in list(dirs):
            if not os.path.isdir(os.path.join(source, name) if source else os.path.join(os.sep, name)):
                shutil.rmtree(os.path.join(root, name), ignore_errors=True)
                dirs.remove(name)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: a worker a core for the inner loop (`-m "not slow"`, which computes), two
    a core otherwise: the slow tests wait more than they compute (on the test server, a
    poll interval, a process starting), and a second worker a core fills those waits. On
    two cores the whole suite took 231 s with two workers and 148 s with four; the inner
    loop 35 s with two and 52 s with four."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if "not slow" in (config.getoption("markexpr", "") or ""):
        return cores
    return min(2 * cores, cores + 8)


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by markers
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for marker in FILE_MARKERS.get(item.path.name, ()):
            item.add_marker(marker)
        fixtures = getattr(item, "fixturenames", ())
        if "server" in fixtures:
            item.add_marker("e2e")
        if "api_env" in fixtures or any(item.get_closest_marker(lane) for lane in SLOW_LANES):
            item.add_marker("slow")
    # Longest first, so that no worker starts a 20-second install while the others sit idle at
    # the end of the run: the installs, then the other slow tests, then the rest, each in file order.
    items.sort(key=lambda item: 0 if item.get_closest_marker("install") else 1 if item.get_closest_marker("slow") else 2)


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory, monkeypatch):
    """Every test's models cache (the live model check's answers) is its own, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("KSCRIPT_MODELS_CACHE", str(folder / "models.json"))
    return folder


@pytest.fixture
def server():
    srv = OxenServer(key=KEY).start()
    yield srv
    srv.stop()


@pytest.fixture
def api_env(server, tmp_path, monkeypatch):
    """Environment for a subprocess `kscript` talking to the test server from tmp_path."""
    monkeypatch.chdir(tmp_path)
    return {"OXEN_API_KEY": KEY, "KSCRIPT_BASE_URL": server.base_url, "KSCRIPT_POLL_INTERVAL": "0.05"}
