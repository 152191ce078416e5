"""Hostile input (issue 9): every case runs the real command on real files.

The timeouts below are hang guards far above what the fixed code needs (about
a second), and far below what the unfixed code took; speed itself is measured
in benchmarks/run.py.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kscript.check.runner import check_payload, check_script
from kscript.formats.machine import github, to_json
from kscript.formats.text import Painter, render
from kscript.payload.limits import MAX_ALIAS_VALUES, is_finite_number
from tests.helpers import ROOT, run_kscript


@pytest.mark.slow
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


@pytest.mark.slow
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


def test_a_long_chain_of_scenes_is_checked_in_linear_time():
    # KS108 followed every scene's chain to its end, and the assets pass looked scene ids up in
    # a list: 4,000 chained scenes took 190 s.
    code = (
        "from kscript.check.runner import check_script\n"
        "n = 20_000\n"
        "text = 'Title: T\\n\\n' + ''.join(f'INT. ROOM #{i}#\\nStart frame: last frame of scene {i - 1 or n}\\n\\nSHOT 4s\\nA man waits.\\n\\n' for i in range(1, n + 1))\n"
        "found = check_script('t.kscript', text).diagnostics\n"
        "print(sorted({d.code for d in found}), found[0].message.count('->'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == b"['KS108', 'KS312'] 20000"


@pytest.mark.slow
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
    assert b"All checks passed" not in out.stderr and b"no *.kscript or *.fountain files found" in out.stderr


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


# -- payloads: aliases, numbers, depth (items 1, 3 and 4) --------------------------------------

MODEL = "kling-video-o3-pro-reference-to-video"


def alias_bomb(depth: int = 9, fan: int = 9) -> str:
    names = "abcdefghijklmnop"[:depth]
    lines = [f"model: {MODEL}", "a: &a [" + ", ".join(['"lol"'] * fan) + "]"]
    for prev, name in zip(names, names[1:], strict=False):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * fan) + "]")
    lines.append(f"prompt: *{names[-1]}")
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_a_yaml_alias_bomb_is_refused_at_the_alias(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(alias_bomb())  # about 500 bytes; 9**9 values expanded
    assert len(bomb.read_bytes()) < 1024
    out = run_kscript("lint", "--format", "json", str(bomb), timeout=60)
    assert out.returncode == 1, out.stderr
    [diagnostic] = json.loads(out.stdout)
    assert diagnostic["code"] == "KS001"
    assert diagnostic["message"].startswith("the alias `*d` expands to more than 10,000 values")
    # the first alias whose expansion goes past the budget: `*d` in e's list
    assert (diagnostic["line"], diagnostic["column"]) == (6, 8)


def test_a_few_aliases_are_still_fine(tmp_path):
    payload = tmp_path / "ok.yaml"
    payload.write_text(
        f"model: {MODEL}\nduration: &d 5\nmulti_prompt:\n  - &shot {{prompt: A man waits., duration: *d}}\n  - *shot\n"
    )
    out = run_kscript("lint", "--format", "concise", str(payload))
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1e400", "`1e400` is too large for a number"),
        ("-1e400", "`-1e400` is too large for a number"),
        ("1" + "0" * 500, "is too large for a number"),
        ("NaN", "`NaN` is not a number JSON can carry"),
        ("Infinity", "`Infinity` is not a number JSON can carry"),
        ("-Infinity", "`-Infinity` is not a number JSON can carry"),
    ],
)
def test_non_finite_numbers_in_json_are_diagnostics_where_they_stand(tmp_path, written, message):
    payload = tmp_path / "p.json"
    payload.write_text(f'{{"model": "{MODEL}",\n "prompt": "A man waits.",\n "duration": {written}}}\n')
    out = run_kscript("lint", "--format", "json", str(payload))
    assert out.returncode == 1, out.stderr
    assert b"internal error" not in out.stderr
    diagnostics = json.loads(out.stdout)
    assert [(d["code"], d["line"], d["column"]) for d in diagnostics] == [("KS001", 3, 14)]
    assert message in diagnostics[0]["message"]


@pytest.mark.parametrize("written", [".inf", "-.inf", ".nan", "1e400"])
def test_non_finite_numbers_in_yaml_are_diagnostics(tmp_path, written):
    payload = tmp_path / "p.yaml"
    payload.write_text(f"model: {MODEL}\nprompt: A man waits.\nduration: {written}\n")
    out = run_kscript("lint", "--format", "json", str(payload))
    assert out.returncode == 1, out.stderr
    assert [(d["code"], d["line"], d["column"]) for d in json.loads(out.stdout)] == [("KS001", 3, 11)]


def test_a_400_digit_shot_duration_is_not_a_crash(tmp_path):
    script = tmp_path / "film.kscript"
    script.write_text(f"INT. A - DAY\n\nSHOT {'9' * 400}s - WIDE\nA man waits.\n")
    out = run_kscript("lint", "--format", "concise", str(script))
    assert out.returncode == 1
    assert b"KS001" in out.stdout and b"internal error" not in out.stderr


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("deep.yaml", "prompt: " + "[" * 100_000 + "\n", (1, 107)),
        ("deep.json", '{"prompt": ' + "[" * 100_000 + "]" * 100_000 + "}\n", (1, 111)),
        ("dashes.yaml", "prompt:\n" + "- " * 5_000 + "x\n", (2, 197)),
        ("indent.yaml", "".join("  " * i + f"k{i}:\n" for i in range(300)), (51, 101)),
    ],
    ids=["flow-yaml", "json", "dashes", "indentation"],  # (the texts themselves would not fit in the environment)
)
def test_deep_nesting_is_refused_quickly_in_kscript_words(tmp_path, name, text, where):
    payload = tmp_path / name
    payload.write_text(text)
    out = run_kscript("lint", "--format", "json", str(payload), timeout=30)
    assert out.returncode == 1, out.stderr
    [diagnostic] = json.loads(out.stdout)
    assert diagnostic["message"] == "the payload is nested more than 100 levels deep"
    assert (diagnostic["line"], diagnostic["column"]) == where
    assert b"recursion" not in out.stdout + out.stderr


def test_brackets_inside_strings_comments_and_block_scalars_do_not_count(tmp_path):
    payload = tmp_path / "p.yaml"
    deep = "[" * 150
    payload.write_text(
        f"model: {MODEL}\n# {deep}\nprompt: |\n  {deep}\n  a man waits\nnegative_prompt: \"{deep}\"\n"
        f"aspect_ratio: it's {deep}\n"
    )
    out = run_kscript("lint", "--format", "concise", str(payload))
    assert b"nested more than" not in out.stdout, out.stdout


# -- hypothesis: hostile payloads never crash, and are judged by the rules above --------------

HOSTILE_NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**700), max_value=10**700),
    st.sampled_from([1e308, -0.0, 2**1024, 2**1023, 10**400]),
)
CONTROL_TEXT = st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=12)
HOSTILE_JSON = st.recursive(
    st.none() | st.booleans() | HOSTILE_NUMBERS | CONTROL_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["model", "prompt", "duration", "multi_prompt", "elements", "x\x1b]0;t\x07"]) | CONTROL_TEXT, children, max_size=5),
    max_leaves=25,
)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_JSON)
def test_payloads_with_hostile_numbers_and_text_never_raise(data):
    text = json.dumps(data)  # NaN and Infinity as Python writes them
    for name in ("p.json", "p.yaml"):
        for d in check_payload(name, text).diagnostics:
            assert d.span.line >= 1 and d.span.column >= 1
    bad = [v for v in _numbers(data) if not is_finite_number(v)]
    if bad and isinstance(data, dict):
        messages = [d.message for d in check_payload("p.json", text).diagnostics if d.code == "KS001"]
        assert any("number" in m for m in messages), messages


def _numbers(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _numbers(item)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield value


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["[", "{\"k\": ", "- ", "  ", "k: ", "\n", "'", '"', "#", "|", "]", "}", "x"]), max_size=400), st.integers(0, 3000))
def test_any_nesting_is_read_or_refused_in_kscript_words(pieces, depth):
    text = "".join(pieces) + "[" * depth + "]" * depth
    for name in ("p.json", "p.yaml"):
        for d in check_payload(name, text).diagnostics:
            assert "recursion" not in d.message


@pytest.mark.parametrize("text", ["#\n|- #", "# a\n|- # b\n"])
def test_yaml_that_trips_the_readers_own_asserts_is_ks001_not_a_traceback(text):
    # Found by the nesting property above: ruamel's round-trip reader asserts on these comment layouts.
    diagnostics = check_payload("p.yaml", text).diagnostics
    assert [d.code for d in diagnostics] == ["KS001"]
    assert diagnostics[0].message.startswith("not valid YAML")


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), st.booleans()), min_size=1, max_size=12))
def test_any_alias_structure_stays_small(levels):
    # Each level's list repeats the previous anchor `fan` times, as a flow or a block list.
    lines = [f"model: {MODEL}", "a0: &a0 [1, 2]"]
    for n, (fan, block) in enumerate(levels, start=1):
        if block:
            lines.append(f"a{n}: &a{n}\n" + "".join(f"  - *a{n - 1}\n" for _ in range(fan)).rstrip("\n"))
        else:
            lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * fan) + "]")
    lines.append(f"prompt: *a{len(levels)}")
    text = "\n".join(lines) + "\n"
    diagnostics = check_payload("p.yaml", text).diagnostics
    expanded = 2
    total = 0
    for fan, _ in levels:
        expanded *= fan
        total += expanded
    if total > 4 * MAX_ALIAS_VALUES:
        assert any(d.code == "KS001" and "expands to more than" in d.message for d in diagnostics)


# -- control characters never reach the terminal raw (item 8) ---------------------------------

RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # every control character but the line break
EVIL_KEY = "x\u001b]0;title\u0007\u009b31m\n::warning file=evil::injected"


def _evil_payload(tmp_path):
    payload = tmp_path / "evil.json"
    payload.write_text(json.dumps({"model": MODEL, "prompt": "A man waits.", "duration": 5, EVIL_KEY: 1}))
    return payload


@pytest.mark.parametrize("fmt", ["text", "concise", "github"])
def test_control_characters_from_a_payload_are_escaped_in_text_formats(tmp_path, fmt):
    out = run_kscript("lint", "--format", fmt, str(_evil_payload(tmp_path)))
    stdout = out.stdout.decode()
    assert out.returncode == 1
    assert RAW_CONTROL.search(stdout) is None, repr(stdout)
    assert not any(line.startswith("::warning") for line in stdout.splitlines())
    assert "\\x1b]0;title\\x07\\x9b31m" in stdout


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_control_characters_are_json_escapes_in_json_formats(tmp_path, fmt):
    out = run_kscript("lint", "--format", fmt, str(_evil_payload(tmp_path)))
    stdout = out.stdout.decode()
    assert RAW_CONTROL.search(stdout) is None, repr(stdout)
    assert "\\u009b" in stdout and "\\u001b" in stdout
    data = json.loads(stdout)
    messages = [d["message"] for d in data] if fmt == "json" else [r["message"]["text"] for r in data["runs"][0]["results"]]
    assert any(EVIL_KEY in m for m in messages)  # the same text, escaped only in the writing


def test_control_characters_in_a_script_line_and_a_file_name(tmp_path):
    name = "film\x1b[2J.kscript"
    script = tmp_path / name
    script.write_text("INT. A - DAY\n\nSHOT 4s - WIDE\n\x1b]0;pwned\x07 @Nobody waits.\n")
    everything = run_kscript("lint", str(script)).stdout.decode()
    assert RAW_CONTROL.search(everything) is None, repr(everything)
    assert "film\\x1b[2J.kscript:4:1: error[KS012] a control character U+001B in the script (and 1 more on this line)" in everything
    out = run_kscript("lint", "--select", "KS301", str(script))
    stdout = out.stdout.decode()
    assert RAW_CONTROL.search(stdout) is None, repr(stdout)
    lines = stdout.splitlines()
    assert lines[0].endswith("film\\x1b[2J.kscript:4:12: error[KS301] `@Nobody` is not declared")
    source, caret = lines[2], lines[3]
    assert source == "4 | \\x1b]0;pwned\\x07 @Nobody waits."
    assert caret.index("^") == source.index("@Nobody") and caret.count("^") == len("@Nobody")
    missing = run_kscript("lint", str(tmp_path / "gone\x07.kscript"))
    assert RAW_CONTROL.search(missing.stderr.decode()) is None
    assert b"gone\\x07.kscript: no such file or folder" in missing.stderr


def test_control_characters_in_an_error_message_are_escaped(tmp_path):
    os.mkfifo(tmp_path / "pipe\x1b]0;t\x07.kscript")
    out = run_kscript("compile", str(tmp_path / "pipe\x1b]0;t\x07.kscript"), timeout=30)
    assert out.returncode == 2
    assert RAW_CONTROL.search(out.stderr.decode()) is None
    assert b"pipe\\x1b]0;t\\x07.kscript: cannot read: is a FIFO" in out.stderr


# -- output stays proportional: windows of long lines, repeats grouped (item 25) ---------------


@pytest.mark.slow
def test_a_long_one_line_payload_shows_windows_and_groups_repeats(tmp_path):
    data = {"model": MODEL, "prompt": "A man waits.", "duration": 5}
    data.update({f"unknown_key_{i}": i for i in range(3000)})
    payload = tmp_path / "wide.json"
    payload.write_text(json.dumps(data))  # one line of about 75 KB
    out = run_kscript("lint", str(payload))
    text = out.stdout.decode()
    assert out.returncode == 1
    assert len(text) < 20_000, len(text)  # was 3,000 copies of the whole line
    assert text.count("error[KS605]") == 11  # ten shown, and the line counting the rest
    assert "2,990 more error[KS605] not shown, from line 1 on (`--format concise` lists every one)" in text
    source_lines = [line for line in text.splitlines() if line.startswith("1 | ")]
    assert source_lines and all(len(line) <= 130 for line in source_lines)
    assert all(line.startswith("1 | …") and line.endswith("…") for line in source_lines[1:])
    caret_lines = [line for line in text.splitlines() if "^" in line]
    for source, caret in zip(source_lines, caret_lines, strict=True):
        key = source[caret.index("^") : caret.index("^") + caret.count("^")]
        assert key.startswith('"unknown_key_'), (source, caret)
    assert b"Found 3000 errors in 1 file." in out.stderr
    concise = run_kscript("lint", "--format", "concise", str(payload)).stdout.decode().splitlines()
    assert len(concise) == 3000 and max(map(len, concise)) < 200


def test_a_huge_key_is_cut_in_the_middle_of_its_message(tmp_path):
    payload = tmp_path / "p.json"
    payload.write_text(json.dumps({"model": MODEL, "prompt": "A man waits.", "duration": 5, "k" * 40_000: 1}))
    out = run_kscript("lint", "--format", "concise", str(payload))
    [line] = out.stdout.decode().splitlines()
    assert "…" in line and len(line) < 500


HUGE = "9" * 400
SCRIPT_PIECES = st.sampled_from(
    [
        "INT. A - DAY", "SHOT 4s - WIDE", "@Mara waits.", "CAST", "MARA - x", "[[", "]]", "/*", "Style: x",
        f"SHOT {HUGE}s - WIDE", f"SHOT {HUGE}.{HUGE}s", f"Generations: {HUGE}", "Generations: 1e400",
        f"INT. B - NIGHT #{HUGE}#", "Guidance: nan", f"Aspect: {HUGE}:9", "[" * 200, "- " * 200,
    ]
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(SCRIPT_PIECES, CONTROL_TEXT), max_size=20))
def test_rendered_diagnostics_never_hold_raw_control_characters(pieces):
    text = "\n".join(pieces)
    result = check_script("t\x1b.kscript", text)
    paint = Painter(False)
    for d in result.diagnostics:
        shown = render(d, result.lines, paint)
        assert RAW_CONTROL.search(shown) is None, repr(shown)
        assert RAW_CONTROL.search(github(d)) is None
        assert RAW_CONTROL.search(to_json([d])) is None


def test_lint_fix_does_not_look_clean_over_unreadable_files(tmp_path):
    (tmp_path / "good.kscript").write_text(GOOD)
    os.symlink("loop.kscript", tmp_path / "loop.kscript")
    out = run_kscript("lint", "--fix", str(tmp_path), str(tmp_path / "gone.kscript"))
    assert out.returncode == 2
    assert out.stderr.decode().splitlines()[-1] == "Fixed 0 (0 remaining; 1 unreadable or unwritable file; 1 missing path)."
