"""lint, fmt and compile leave without the interpreter's clean-up (kscript/cli/main.py:
QUICK_EXIT): their output must still arrive whole, and their exit status be right."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT, run_kscript

# 3,000 shots without a duration: 3,000 KS204 infos and, past the scene's limits, errors.
BIG = "Title: Big\n\n" + "".join(f"INT. ROOM {i} - DAY\n\nSHOT - WIDE\nA lamp.\n\n" for i in range(3000))


def test_a_large_report_through_a_pipe_arrives_whole(tmp_path: Path) -> None:
    (tmp_path / "big.kscript").write_text(BIG)
    result = run_kscript("lint", "big.kscript", "--format", "json", cwd=tmp_path)
    found = json.loads(result.stdout)
    assert len([d for d in found if d["code"] == "KS204"]) == 3000
    assert result.returncode == 0  # infos only


def test_the_exit_status_of_errors_survives_the_quick_exit(tmp_path: Path) -> None:
    (tmp_path / "bad.kscript").write_text("Title: Bad\n\nINT. ROOM - DAY\n\nSHOT 99s - WIDE\nA lamp.\n")
    lint = run_kscript("lint", "bad.kscript", cwd=tmp_path)
    assert lint.returncode == 1 and "KS201" in lint.stdout.decode()
    compiled = run_kscript("compile", "bad.kscript", cwd=tmp_path)
    assert compiled.returncode == 1 and compiled.stdout == b""
    usage = run_kscript("lint", "--no-such-option", cwd=tmp_path)
    assert usage.returncode == 2 and b"No such option" in usage.stderr


def test_a_reader_that_goes_away_early_gets_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "big.kscript").write_text(BIG)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    lint = subprocess.Popen([sys.executable, "-m", "kscript", "lint", "big.kscript", "--format", "json"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert lint.stdout is not None and lint.stderr is not None
    lint.stdout.read(100)
    lint.stdout.close()  # as `| head -c 100` does, long before the report (about 1 MB) is written
    error = lint.stderr.read().decode()
    # 1 where the write fails with EPIPE; some sandboxes' pipes accept writes after the
    # reader closed, and then the lint's own status (0: infos only) comes back.
    assert lint.wait(timeout=60) in (0, 1)
    assert "Traceback" not in error and "Exception ignored" not in error


def test_compile_output_written_to_a_file_is_whole(tmp_path: Path) -> None:
    tram = (ROOT / "examples" / "the-last-tram.kscript").read_text()
    (tmp_path / "tram.kscript").write_text(tram)
    with open(tmp_path / "out.json", "wb") as out:
        done = subprocess.run([sys.executable, "-m", "kscript", "compile", "tram.kscript"], cwd=tmp_path, stdout=out, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0
    assert json.loads((tmp_path / "out.json").read_text())
