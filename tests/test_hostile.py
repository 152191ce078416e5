"""Hostile input (issue 9): every case runs the real command on real files.

The timeouts below are hang guards far above what the fixed code needs (about
a second), and far below what the unfixed code took; speed itself is measured
in benchmarks/run.py.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

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


# -- files that are not regular files, or cannot be read (items 2 and 7) -------------------

GOOD = "Title: T\n\nINT. A - DAY\n\nSHOT 4s - WIDE\nA man waits.\n"


def test_a_fifo_in_a_folder_is_skipped_not_read(tmp_path):
    (tmp_path / "good.kscript").write_text(GOOD)
    os.mkfifo(tmp_path / "a.kscript")  # reading it would block for ever
    out = run_kscript("lint", str(tmp_path), timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stderr.decode().strip() == "All checks passed (1 file)."


def test_a_fifo_named_explicitly_is_an_error_not_a_read(tmp_path):
    os.mkfifo(tmp_path / "a.kscript")
    out = run_kscript("lint", str(tmp_path / "a.kscript"), timeout=30)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert "is a FIFO (named pipe), not a regular file" in err
    assert "All checks passed" not in err
    compiled = run_kscript("compile", str(tmp_path / "a.kscript"), timeout=30)
    assert compiled.returncode == 2 and b"FIFO" in compiled.stderr


def test_a_link_to_a_device_is_never_opened(tmp_path):
    os.symlink("/dev/zero", tmp_path / "zero.kscript")  # a read would never end
    assert run_kscript("lint", str(tmp_path), timeout=30).returncode == 0
    out = run_kscript("lint", str(tmp_path / "zero.kscript"), timeout=30)
    assert out.returncode == 2 and b"is a character device, not a regular file" in out.stderr


def test_unreadable_files_make_the_summary_say_so(tmp_path):
    (tmp_path / "bad.kscript").write_bytes(b"INT. A\n\xff\xfe\n")
    os.symlink("loop.kscript", tmp_path / "loop.kscript")
    os.symlink("nowhere.kscript", tmp_path / "broken.kscript")
    out = run_kscript("lint", str(tmp_path), str(tmp_path / "missing.kscript"))
    err = out.stderr.decode()
    assert out.returncode == 2
    assert "loop.kscript: cannot read: a symbolic link loop" in err
    assert "broken.kscript: cannot read: a broken symbolic link (it points at nowhere.kscript" in err
    assert "bad.kscript: cannot read: not UTF-8 text" in err
    assert err.splitlines()[-1] == "Found 3 unreadable files and 1 missing path; nothing was checked."
    assert "passed" not in err


def test_one_unreadable_file_beside_a_good_one(tmp_path):
    (tmp_path / "good.kscript").write_text(GOOD)
    (tmp_path / "bad.kscript").write_bytes(b"\xff")
    out = run_kscript("lint", str(tmp_path))
    assert out.returncode == 2
    assert out.stderr.decode().splitlines()[-1] == "Found 1 unreadable file; no problems in the 1 other file."


def test_an_empty_folder_does_not_claim_that_checks_passed(tmp_path):
    out = run_kscript("lint", str(tmp_path))
    assert out.returncode == 0
    assert b"All checks passed" not in out.stderr and b"no *.kscript files found" in out.stderr


# -- compile -o never writes through a link (item 9) ----------------------------------------


def test_compile_out_replaces_a_symlink_instead_of_writing_through_it(tmp_path):
    script = tmp_path / "film.kscript"
    script.write_text(GOOD)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    os.symlink(victim, out_dir / "film.1.json")
    out = run_kscript("compile", "-o", str(out_dir), str(script))
    assert out.returncode == 0, out.stderr
    assert victim.read_text() == "precious\n"
    target = out_dir / "film.1.json"
    assert not target.is_symlink()
    assert json.loads(target.read_text())["duration"] == 4
    assert [p.name for p in out_dir.iterdir()] == ["film.1.json"]  # no temporary file left
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


# -- configuration: [tool.kscript] in kscript.toml (item 10) -----------------------------


def test_kscript_toml_may_hold_a_tool_kscript_table(tmp_path):
    script = tmp_path / "film.kscript"
    script.write_text("INT. A - DAY\n\nSHOT - WIDE\nA man waits.\n")  # KS204: no duration
    assert b"KS204" in run_kscript("lint", str(script), cwd=tmp_path).stdout
    (tmp_path / "kscript.toml").write_text('[tool.kscript]\nignore = ["KS204"]\n')
    out = run_kscript("lint", str(script), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert b"KS204" not in out.stdout


def test_kscript_toml_with_keys_in_both_places_says_where_they_go(tmp_path):
    (tmp_path / "kscript.toml").write_text('select = ["KS2"]\n[tool.kscript]\nignore = ["KS204"]\n')
    (tmp_path / "film.kscript").write_text(GOOD)
    out = run_kscript("lint", "film.kscript", cwd=tmp_path)
    assert out.returncode == 2
    assert b"keys both at the top (`select`) and in `[tool.kscript]`" in out.stderr


# -- non-finite option values (item 14) -------------------------------------------------------


@pytest.mark.parametrize("option", ["--max-cost", "--timeout"])
@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "1e400"])
def test_non_finite_guards_are_usage_errors(tmp_path, option, value):
    script = tmp_path / "film.kscript"
    script.write_text(GOOD)
    out = run_kscript("submit", "--dry-run", option, value, str(script))
    assert out.returncode == 2
    assert b"is not a finite number" in out.stderr
    assert b"dry run" not in out.stdout
