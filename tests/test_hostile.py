"""Hostile input (issue 9): every case runs the real command on real files.

The timeouts below are hang guards far above what the fixed code needs (about
a second), and far below what the unfixed code took; speed itself is measured
in benchmarks/run.py.
"""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT, run_kscript


def test_many_unterminated_notes_on_one_line_are_found_in_linear_time(tmp_path):
    # Each unclosed `[[` used to rescan the rest of the file for `]]`: 40 s and more.
    script = tmp_path / "notes.kscript"
    script.write_text("INT. A - DAY\n\nSHOT 4s\n" + "[[" * 100_000 + "\n")
    out = run_kscript("lint", "--format", "json", "--select", "KS002", str(script), timeout=60)
    assert out.returncode == 1, out.stderr
    assert out.stdout.count(b'"KS002"') == 100_000
    assert b"Traceback" not in out.stderr


def test_a_closed_note_after_unclosed_boneyard_is_still_hidden(tmp_path):
    # Remembering that no `*/` follows must not stop later `[[ ]]` from being blanked.
    script = tmp_path / "mixed.kscript"
    script.write_text("INT. A - DAY\n\nSHOT 4s\n/* open\n@Ghost [[ @Nobody ]] walks. /*\n")
    out = run_kscript("lint", "--format", "concise", str(script))
    text = out.stdout.decode()
    assert text.count("KS002") == 2, text
    assert "Nobody" not in text


def test_a_scene_with_very_many_shots_parses_in_linear_time():
    # The parser copied the growing list of a `shot*` on every shot: 100,000 shots took 17 s.
    code = (
        "from kscript.language.parser import get_parser\n"
        "tree = get_parser().parse('INT. A - DAY\\n' + 'SHOT 4s\\n' * 300_000)\n"
        "print(len(tree.children[0].children))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == b"300001"


def test_many_one_shot_scenes_lint_through_the_command(tmp_path):
    lines = ["Title: T", ""]
    for n in range(1, 5_001):
        lines += [f"INT. ROOM {n} - DAY", "SHOT 4s - WIDE", "A man waits.", ""]
    script = tmp_path / "scenes.kscript"
    script.write_text("\n".join(lines))
    out = run_kscript("lint", "--format", "json", str(script), timeout=60)
    assert out.returncode == 0, out.stderr
    assert b"All checks passed (1 file)" in out.stderr
    compiled = run_kscript("compile", "--jsonl", str(script), timeout=60)
    assert compiled.returncode == 0, compiled.stderr
    assert compiled.stdout.count(b"\n") == 5_000
