"""`kscript fmt`, run as the real command."""

from __future__ import annotations

import os

from tests.helpers import EXAMPLES, run_kscript

MESSY = b"int. tram depot - night #1#   \r\n\r\n\r\nSHOT 4s \xe2\x80\x93 WIDE\r\n@Mara waits. [[ keep   this ]]  \r\n"
TIDY = b"INT. TRAM DEPOT - NIGHT #1#\r\n\r\nSHOT 4s - WIDE\r\n@Mara waits. [[ keep   this ]]\r\n"
BROKEN = b"SHOT 4s\nRain.   \n"


def folder(tmp_path):
    (tmp_path / "messy.kscript").write_bytes(MESSY)
    (tmp_path / "tidy.kscript").write_bytes(TIDY)
    (tmp_path / "notes.txt").write_bytes(MESSY)  # not a script: never touched
    return tmp_path


def test_fmt_rewrites_the_folder_and_says_how_many_changed(tmp_path):
    folder(tmp_path)
    os.chmod(tmp_path / "messy.kscript", 0o640)
    proc = run_kscript("fmt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert b"1 file reformatted, 1 file left unchanged." in proc.stderr
    assert proc.stdout.decode() == "Reformatted: ./messy.kscript\n"  # each file it changed, by name
    assert (tmp_path / "messy.kscript").read_bytes() == TIDY
    assert (tmp_path / "notes.txt").read_bytes() == MESSY
    assert os.stat(tmp_path / "messy.kscript").st_mode & 0o777 == 0o640
    again = run_kscript("fmt", str(tmp_path))
    assert again.returncode == 0 and b"0 files reformatted, 2 files left unchanged." in again.stderr


def test_check_lists_what_would_change_and_writes_nothing(tmp_path):
    folder(tmp_path)
    proc = run_kscript("fmt", "--check", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stdout.decode() == f"Would reformat: {tmp_path / 'messy.kscript'}\n"
    assert b"1 file would be reformatted, 1 file already formatted." in proc.stderr
    assert (tmp_path / "messy.kscript").read_bytes() == MESSY
    clean = run_kscript("fmt", "--check", str(tmp_path / "tidy.kscript"))
    assert clean.returncode == 0 and clean.stdout == b""


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path):
    folder(tmp_path)
    proc = run_kscript("fmt", "--diff", str(tmp_path / "messy.kscript"))
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert out.startswith(f"--- {tmp_path / 'messy.kscript'} (original)\n+++ {tmp_path / 'messy.kscript'} (formatted)\n")
    assert "-int. tram depot - night #1#   \r\n" in out and "+INT. TRAM DEPOT - NIGHT #1#\r\n" in out
    assert (tmp_path / "messy.kscript").read_bytes() == MESSY
    none = run_kscript("fmt", "--diff", str(tmp_path / "tidy.kscript"))
    assert none.returncode == 0 and none.stdout == b""


def test_standard_input_to_standard_output():
    proc = run_kscript("fmt", "-", input=MESSY)
    assert proc.returncode == 0
    assert proc.stdout == TIDY
    assert run_kscript("fmt", "--check", "-", input=MESSY).returncode == 1
    assert run_kscript("fmt", "--check", "-", input=TIDY).returncode == 0


def test_a_syntax_error_leaves_the_file_untouched_and_exits_2(tmp_path):
    folder(tmp_path)
    (tmp_path / "broken.kscript").write_bytes(BROKEN)
    proc = run_kscript("fmt", str(tmp_path))
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert f"{tmp_path / 'broken.kscript'}:1:1: error[KS001] a SHOT line must come inside a scene" in err
    assert "not formatted: fix the error above first, then run `kscript fmt` again" in err
    assert "1 file reformatted, 1 file left unchanged, 1 file not formatted (errors above)." in err
    assert (tmp_path / "broken.kscript").read_bytes() == BROKEN
    assert (tmp_path / "messy.kscript").read_bytes() == TIDY  # the others are still formatted
    unterminated = run_kscript("fmt", "-", input=b"INT. A\n\nSHOT 4s\n[[ open\n")
    assert unterminated.returncode == 2 and unterminated.stdout == b"" and b"KS002" in unterminated.stderr


def test_missing_paths_and_payload_files_are_usage_errors(tmp_path):
    (tmp_path / "p.json").write_text("{}")
    proc = run_kscript("fmt", str(tmp_path / "nope.kscript"), str(tmp_path / "p.json"))
    assert proc.returncode == 2
    assert b"nope.kscript: no such file or folder" in proc.stderr
    assert b"p.json: cannot format: is a payload file" in proc.stderr


def test_a_symbolic_link_is_formatted_through(tmp_path):
    (tmp_path / "real.kscript").write_bytes(MESSY)
    (tmp_path / "link.kscript").symlink_to(tmp_path / "real.kscript")
    assert run_kscript("fmt", str(tmp_path / "link.kscript")).returncode == 0
    assert (tmp_path / "link.kscript").is_symlink()
    assert (tmp_path / "real.kscript").read_bytes() == TIDY


def test_the_examples_are_formatted():
    proc = run_kscript("fmt", "--check", str(EXAMPLES))
    assert proc.returncode == 0, proc.stdout
