"""Unified diffs (kscript/formats/diff.py): what they say, applied back, equals the new text."""

from __future__ import annotations

import re
import subprocess

from hypothesis import given, settings
from hypothesis import strategies as st

from kscript.formats.diff import lines_of, unified_diff


def apply(before: str, diff: str) -> str:
    """A strict reader of unified diffs: every context and removed line must match."""
    old = lines_of(before)
    out: list[str] = []
    at = 0
    lines = diff.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    i = 2
    while i < len(lines):
        match = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@\n", lines[i])
        assert match, lines[i]
        start = int(match.group(1)) - (0 if match.group(2) != "0" else -1)
        out.extend(old[at : start - 1])
        at = start - 1
        i += 1
        while i < len(lines) and not lines[i].startswith("@@"):
            line = lines[i]
            following = lines[i + 1] if i + 1 < len(lines) else ""
            body = line[1:]
            if following.startswith("\\ No newline"):
                body = body[:-1]
                i += 1
            if line[0] in " -":
                assert old[at] == body, (old[at], body)
                at += 1
            if line[0] in " +":
                out.append(body)
            i += 1
    out.extend(old[at:])
    return "".join(out)


TEXT = st.text(alphabet="ab\r\n", max_size=40)


@settings(max_examples=400)
@given(TEXT, TEXT)
def test_any_diff_applies_back(before, after):
    diff = unified_diff(before, after, "f", "f")
    assert (diff == "") == (before == after)
    if diff:
        assert diff.startswith("--- f\n+++ f\n@@ ")
        assert apply(before, diff) == after


@given(st.lists(st.sampled_from(["x", "y\r", "SHOT", ""]), min_size=1, max_size=40), st.data())
def test_rewrites_that_keep_the_lines_apply_back(lines, data):
    before = "\n".join(lines)
    after = "\n".join(line + "!" if data.draw(st.booleans()) else line for line in lines)
    diff = unified_diff(before, after, "f", "f")
    assert apply(before, diff) == after


def test_git_apply_reads_it(tmp_path):
    before = "".join(f"line {i}\r\n" for i in range(40)) + "last"
    after = before.replace("line 3\r", "LINE 3\r").replace("line 30\r", "LINE 30\r").replace("last", "LAST")
    (tmp_path / "f.txt").write_bytes(before.encode())
    (tmp_path / "p.diff").write_bytes(unified_diff(before, after, "f.txt", "f.txt").encode())
    subprocess.run(["git", "apply", "-p0", "p.diff"], cwd=tmp_path, check=True)
    assert (tmp_path / "f.txt").read_bytes() == after.encode()
