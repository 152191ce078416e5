"""`kscript lint --fix / --unsafe-fixes / --diff` through the real command."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kscript.cli.main import cli
from tests.helpers import HEAD, run_kscript
from tests.test_properties import SCRIPTS

# KS204 (safe) at 16:1; KS301 (unsafe) at 17:1 (so KS306 at 7:1, no fix); KS504 (unsafe) at 3:8.
BEFORE = HEAD.replace("Audio: on\n", "Audio: on\nAvoid: no blur\n") + "INT. DEPOT - NIGHT\n\nSHOT - WIDE\n@Mra waits in @depot.\n"
SAFE = BEFORE.replace("SHOT - WIDE", "SHOT 5s - WIDE")
ALL = SAFE.replace("@Mra", "@Mara").replace("no blur", "blur")


def run(*args, **kw):
    proc = run_kscript("lint", *args, **kw)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "s.kscript"
    path.write_bytes(BEFORE.encode())
    return path


def test_fix_applies_safe_fixes_and_reports_what_remains(script):
    code, out, err = run("--fix", str(script))
    assert script.read_text(encoding="utf-8") == SAFE
    assert "Fixed 1 (3 remaining; 2 more with --unsafe-fixes)." in err
    assert code == 1  # the KS301 error remains
    assert f"{script}:17:1: error[KS301]" in out and "KS204" not in out
    assert "= fix: write `@Mara` (unsafe: `kscript lint --fix --unsafe-fixes`)" in out


def test_unsafe_fixes_fix_the_rest_and_exit_status_follows(script):
    code, out, err = run("--fix", "--unsafe-fixes", str(script))
    assert script.read_text(encoding="utf-8") == ALL
    assert "Fixed 3 (0 remaining)." in err
    assert code == 0 and out == ""
    code, out, err = run("--fix", str(script))  # nothing left to do
    assert (code, err.strip()) == (0, "Fixed 0 (0 remaining).")


def test_diff_prints_a_patch_and_writes_nothing(script, tmp_path):
    code, out, err = run("--diff", str(script))
    assert script.read_text(encoding="utf-8") == BEFORE
    assert code == 1 and "Would fix 1 (3 remaining; 2 more with --unsafe-fixes)." in err
    assert out.startswith(f"--- {script}\n+++ {script}\n@@ ")
    assert "-SHOT - WIDE\n+SHOT 5s - WIDE\n" in out
    code, out, _ = run("--diff", "--unsafe-fixes", "s.kscript", cwd=tmp_path)
    assert "-@Mra waits in @depot.\n+SHOT 5s - WIDE\n+@Mara waits in @depot.\n" in out
    (tmp_path / "fix.patch").write_text(out, encoding="utf-8")
    subprocess.run(["git", "apply", "-p0", "fix.patch"], check=True, cwd=tmp_path)  # the diff is a real patch
    assert script.read_text(encoding="utf-8") == ALL
    assert run("--diff", str(script))[0] == 0  # nothing to change and no error: success


def test_line_ends_byte_order_mark_and_permissions_are_kept(tmp_path):
    path = tmp_path / "crlf.kscript"
    path.write_bytes(b"\xef\xbb\xbf" + BEFORE.replace("\n", "\r\n").encode())
    os.chmod(path, 0o640)
    link = tmp_path / "link.kscript"
    link.symlink_to(path)
    code, _, err = run("--fix", "--unsafe-fixes", str(link))
    assert code == 0, err
    assert path.read_bytes() == b"\xef\xbb\xbf" + ALL.replace("\n", "\r\n").encode()
    assert link.is_symlink() and os.stat(path).st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crlf.kscript", "link.kscript"]  # no temporary file left


def test_standard_input_fixed_text_goes_to_standard_output():
    code, out, err = run("--fix", "-", input=BEFORE.encode())
    assert out == SAFE
    assert "error[KS301]" in err and "Fixed 1 (3 remaining; 2 more with --unsafe-fixes)." in err
    assert code == 1


def test_payload_keys_are_renamed_where_they_stand(tmp_path):
    path = tmp_path / "p.yaml"
    text = (
        "model: kling-video-o3-pro-reference-to-video\nprompt: A tram.  # the shot\n"
        "end_image_url: https://a.example/e.png\nstart_image_url: https://a.example/s.png\nduration: 4\n"
    )
    path.write_text(text)
    code, out, err = run("--fix", str(path))
    assert code == 1 and "Fixed 0 (1 remaining; 1 more with --unsafe-fixes)." in err
    assert path.read_text() == text
    code, out, err = run("--fix", "--unsafe-fixes", str(path))
    assert code == 0, out
    assert path.read_text() == text.replace("end_image_url:", "tail_image_url:")


def test_selection_and_directives_decide_what_is_fixed(script):
    run("--fix", "--unsafe-fixes", "--select", "KS3", str(script))
    assert script.read_text(encoding="utf-8") == BEFORE.replace("@Mra", "@Mara")
    script.write_text("[[kscript: ignore-file KS204]]\n" + BEFORE, encoding="utf-8")
    run("--fix", str(script))
    assert "SHOT - WIDE" in script.read_text(encoding="utf-8")


def test_usage_errors(script, tmp_path):
    code, _, err = run("--unsafe-fixes", str(script))
    assert code == 2 and "--unsafe-fixes only applies with --fix or --diff" in err
    code, _, err = run("--fix", str(script), str(tmp_path / "missing.kscript"))
    assert code == 2 and "no such file or folder" in err
    assert script.read_text(encoding="utf-8") == SAFE  # the files that exist are still fixed


def test_plain_lint_shows_fixes_and_how_to_apply_them(script):
    code, out, err = run(str(script))
    assert "= fix: write `SHOT 5s` (safe: `kscript lint --fix`)" in out
    assert "1 fixable with `kscript lint --fix` (2 more with `--fix --unsafe-fixes`)." in err
    code, out, err = run("--format", "json", str(script))
    assert all(list(item) == ["path", "line", "column", "end_line", "end_column", "code", "severity", "message", "help"] for item in json.loads(out))


def test_sarif_carries_the_fixes(script):
    code, out, err = run("--format", "sarif", str(script))
    run_ = json.loads(out)["runs"][0]
    by_rule = {r["ruleId"]: r for r in run_["results"]}
    (fix,) = by_rule["KS204"]["fixes"]
    assert fix["description"]["text"] == "write `SHOT 5s`"
    assert fix["properties"]["applicability"] == "safe"
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"].endswith("s.kscript")
    assert change["replacements"] == [
        {"deletedRegion": {"startLine": 16, "startColumn": 5, "endLine": 16, "endColumn": 5}, "insertedContent": {"text": " 5s"}}
    ]
    assert by_rule["KS301"]["fixes"][0]["properties"]["applicability"] == "unsafe"
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert rules["KS204"]["properties"]["fix"] == "safe" and "fix" not in rules["KS203"]["properties"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), SCRIPTS.map(lambda t: t.encode("utf-8", "surrogatepass"))), st.sampled_from([["--fix"], ["--diff"], ["--fix", "--unsafe-fixes"], ["--diff", "--unsafe-fixes"]]))
def test_fixing_any_input_never_tracebacks(data, options):
    result = CliRunner().invoke(cli, ["lint", *options, "-"], input=data)
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_many_files_unreadable_ones_and_machine_formats(tmp_path, script):
    other = tmp_path / "other.kscript"
    other.write_bytes(BEFORE.replace("@Mra", "@Mara").encode())
    broken = tmp_path / "broken.kscript"
    broken.write_bytes(b"\xff\xfe not utf-8")
    code, out, err = run("--fix", "--format", "json", str(tmp_path))
    assert code == 2 and f"{broken}: cannot read: not UTF-8" in err
    assert "Fixed 2 (" in err
    assert other.read_text(encoding="utf-8") == SAFE.replace("@Mra", "@Mara")
    assert script.read_text(encoding="utf-8") == SAFE
    assert {item["code"] for item in json.loads(out)} == {"KS301", "KS306", "KS504"}  # what remains, in the format asked
    assert broken.read_bytes() == b"\xff\xfe not utf-8"
