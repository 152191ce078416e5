"""The progress of `submit --wait` (issue 20, item 4): drawn by rich on a terminal, an
overall bar and a table that stays within the terminal's height; plain log lines when
standard error is not a terminal. Run through the real CLI, on a pseudo-terminal of a
given size, against the local server."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time

import pytest

from tests.conftest import KEY
from tests.helpers import EXAMPLES, ROOT, run_kscript

TRAM = "the-last-tram.kscript"
ROWS, COLUMNS = 9, 120


def run_on_terminal(args: list[str], cwd, env: dict, rows: int, columns: int, timeout: float = 90) -> str:
    """Run kscript with standard error (and input) on a pseudo-terminal of `rows` x `columns`;
    standard output is a pipe. Returns what the terminal received."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
    full.pop("NO_COLOR", None)
    full.pop("COLUMNS", None)
    full.pop("LINES", None)
    proc = subprocess.Popen([sys.executable, "-m", "kscript", *args], cwd=cwd, env=full, stdin=follower, stdout=subprocess.PIPE,
                            stderr=follower, close_fds=True)
    os.close(follower)
    received = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            received.extend(chunk)
        elif proc.poll() is not None:
            break
    os.close(leader)
    proc.wait(timeout=30)
    assert proc.returncode == 0, received.decode(errors="replace")
    return received.decode(errors="replace")


def frames(text: str) -> list[list[str]]:
    """The frames rich drew, from the bar down: each redraw moves the cursor up over the last frame first."""
    out = []
    for part in re.split(r"(?:\x1b\[2K\x1b\[1A)+\x1b\[2K|\r\x1b\[2K", text):
        lines = [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line).rstrip() for line in part.split("\n")]
        lines = [line for line in lines if line.strip()]
        bar = next((i for i, line in enumerate(lines) if line.startswith("generations ")), None)
        if bar is not None:  # what came before the first frame (the plan) is not part of it
            out.append(lines[bar:])
    return out


@pytest.mark.slow
@pytest.mark.e2e
def test_on_a_terminal_the_wait_is_a_bar_and_a_table_within_the_screen(server, tmp_path):
    server.polls_queued, server.polls_processing = 2, 2
    shutil.copy(EXAMPLES / TRAM, tmp_path / TRAM)
    env = {"OXEN_API_KEY": KEY, "KSCRIPT_BASE_URL": server.base_url, "KSCRIPT_POLL_INTERVAL": "0.05"}
    # 2 scenes x 4 generations: 8 rows would not fit on a 9-row screen with the bar and the header.
    screen = run_on_terminal(["submit", TRAM, "--yes", "--wait", "--generations", "4", "--out", "v"], tmp_path, env, ROWS, COLUMNS)
    assert len(list((tmp_path / "v").iterdir())) == 8
    drawn = frames(screen)
    assert drawn, screen
    assert max(len(f) for f in drawn) <= ROWS - 1  # never taller than the screen
    assert any("more" in line for f in drawn for line in f)  # the rest are counted on one line
    last = drawn[-1]
    assert "8/8" in last[0] and "elapsed" in last[0]


@pytest.mark.e2e
def test_off_a_terminal_the_wait_is_log_lines(server, api_env, tmp_path):
    shutil.copy(EXAMPLES / TRAM, tmp_path / TRAM)
    proc = run_kscript("submit", TRAM, "--yes", "--wait", "--out", "v", cwd=tmp_path, env=api_env)
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr.decode()
    assert "\x1b" not in err
    assert re.search(r"^\[\d\d:\d\d:\d\d\] the-last-tram scene 1 #1 \S+: saved ", err, re.M), err


def test_log_lines_give_the_bytes_of_a_long_download():
    import io

    from kscript.cli.progress import LONG_VIDEO, LogProgress

    stream = io.StringIO()
    log = LogProgress(stream)
    log.start({"g1": "film scene 1 #1"})
    for done in range(0, 2 * LONG_VIDEO + 1, LONG_VIDEO // 8):
        log.transfer("g1", done, 2 * LONG_VIDEO)
    log.transfer("g2", 10, 100)  # a short video: its state lines are enough
    lines = stream.getvalue().splitlines()
    assert [line.split("] ", 1)[1] for line in lines] == [
        "film scene 1 #1 g1: downloading, 4.0 MB of 16.0 MB",
        "film scene 1 #1 g1: downloading, 8.0 MB of 16.0 MB",
        "film scene 1 #1 g1: downloading, 12.0 MB of 16.0 MB",
    ]
