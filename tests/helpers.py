"""Shared helpers for the tests: lint text in memory, find positions by code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kscript.check.runner import check_payload, check_script

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# A script where nothing fires: the rule tests add to it what they check.
HEAD = """\
Title: Test
Audio: on

CAST

MARA - courier
  front: https://cdn.example.com/mara.png

IMAGES

depot: https://cdn.example.com/depot.jpg

"""
# HEAD ends on line 12; a scene added after it starts on line 13.
SCENE = """\
INT. DEPOT - NIGHT

SHOT 4s - WIDE
@Mara waits in @depot.
"""


def lint(text: str, path: str = "t.kscript", image_count: str = "slots"):
    if path.endswith((".json", ".yaml", ".yml")):
        return check_payload(path, text, image_count=image_count).diagnostics
    return check_script(path, text, image_count=image_count).diagnostics


def at(text: str, code: str, path: str = "t.kscript", **kw) -> list[tuple[int, int]]:
    """(line, column) of each `code` diagnostic."""
    return sorted((d.span.line, d.span.column) for d in lint(text, path, **kw) if d.code == code)


def run_kscript(*args: str, cwd: Path | None = None, env: dict | None = None, input: bytes | None = None, timeout: float = 120):
    """Run the real `kscript` command in a subprocess."""
    full_env = dict(os.environ)
    full_env.pop("OXEN_API_KEY", None)
    full_env["NO_COLOR"] = "1"
    # The checkout's own package, wherever the test runs from.
    full_env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), full_env.get("PYTHONPATH", "")) if p)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "kscript", *args],
        cwd=cwd,
        env=full_env,
        input=input,
        capture_output=True,
        timeout=timeout,
    )
