"""The Python API (docs/PYTHON.md): kscript.parse, lint, compile, format, fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import kscript
from tests.helpers import EXAMPLES, HEAD, ROOT, SCENE

GOLDEN = ROOT / "tests" / "golden"
HEAVY = ("click", "httpx", "jsonschema", "ruamel", "lark")


def test_parse_gives_lines_model_and_syntax_errors():
    text = "\ufeff" + (HEAD + SCENE).replace("\n", "\r\n")
    parsed = kscript.parse(text, "t.kscript")
    assert parsed.ok and parsed.diagnostics == []
    assert parsed.lines.render() == text
    assert [m.name for m in parsed.script.cast] == ["MARA"]
    assert parsed.script.scenes[0].shots[0].duration == 4
    broken = kscript.parse("SHOT 4s\nRain.\n[[ open")
    assert {d.code for d in broken.diagnostics} == {"KS001", "KS002"}
    assert all(d.start is not None for d in broken.diagnostics)
    assert broken.diagnostics[0].path == "<string>"


def test_lint_returns_positioned_diagnostics():
    text = HEAD + SCENE.replace("SHOT 4s", "SHOT 16s")
    (d,) = kscript.lint(text, "scene.kscript")
    assert isinstance(d, kscript.Diagnostic)
    assert (d.code, d.severity, d.line, d.column, d.end_line, d.end_column) == ("KS201", "error", 15, 6, 15, 9)
    assert text[d.start : d.end] == "16s"
    assert d.path == "scene.kscript" and d.message and d.help
    assert d.fix is None or hasattr(d.fix, "edits")


def test_lint_takes_a_configuration_mapping_or_object():
    from kscript.check.config import Config

    text = HEAD + SCENE.replace("SHOT 4s", "SHOT 16s") + "\nSHOT - CLOSE\n@Mara turns.\n"
    assert {d.code for d in kscript.lint(text)} == {"KS201", "KS204"}
    assert {d.code for d in kscript.lint(text, config={"ignore": ["KS2"]})} == set()
    assert {d.code for d in kscript.lint(text, config={"select": ["KS204"]})} == {"KS204"}
    assert {d.code for d in kscript.lint(text, config=Config(ignore=["KS204"]))} == {"KS201"}
    with pytest.raises(ValueError, match="unknown key"):
        kscript.lint(text, config={"ignroe": ["KS204"]})


def test_lint_reads_payloads_by_path():
    codes = {d.code for d in kscript.lint('{"model": "kling-video-o3-pro-reference-to-video", "prompt": "x", "duration": 20}', "p.json")}
    assert codes == {"KS201"}


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.kscript")), ids=lambda p: p.stem)
def test_compile_gives_the_golden_requests(path):
    requests = kscript.compile(path.read_text(encoding="utf-8"))
    assert requests == json.loads((GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8"))


def test_compile_raises_script_error_with_the_errors():
    with pytest.raises(kscript.ScriptError) as caught:
        kscript.compile(HEAD + SCENE.replace("SHOT 4s", "SHOT 16s"), "bad.kscript")
    assert [d.code for d in caught.value.diagnostics] == ["KS201"]
    assert str(caught.value).startswith("bad.kscript:15:6: error[KS201]")
    with pytest.raises(kscript.ScriptError, match="no scene") as empty:
        kscript.compile("Title: Nothing yet\n")
    assert [d.code for d in empty.value.diagnostics] == ["KS007"]
    assert isinstance(empty.value, ValueError)


def test_import_kscript_and_the_calls_load_no_heavy_package(tmp_path):
    probe = f"""
import sys
import kscript
assert [m for m in sys.modules if m.startswith("kscript")] == ["kscript"], sorted(sys.modules)
text = open({str(EXAMPLES / "heist.kscript")!r}, encoding="utf-8").read()
kscript.parse(text)
kscript.lint(text)
kscript.compile(text)
kscript.format(text)
kscript.fix(text)
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & {set(HEAVY)!r})
print(heavy)
"""
    # An empty cache folder: the package ships the parser tables, so not even a first run needs Lark.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KSCRIPT_CACHE_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_the_package_says_it_is_typed():
    assert (ROOT / "kscript" / "py.typed").is_file()


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.kscript")), ids=lambda p: p.stem)
def test_fix_leaves_a_clean_script_as_it_is(path):
    text = path.read_text(encoding="utf-8")
    assert kscript.fix(text) == text
    assert kscript.fix(text, unsafe=True) == text


def test_format_gives_the_canonical_layout_and_leaves_broken_text_alone():
    assert kscript.format("int. a - day  \r\n\r\n\r\nshot 4s \u2013 wide\r\nRain.") == "INT. A - DAY\r\n\r\nSHOT 4s - wide\r\nRain.\r\n"
    assert kscript.format("SHOT 4s\nRain.   \n") == "SHOT 4s\nRain.   \n"


def test_fix_applies_safe_fixes_and_keeps_line_endings():
    text = (HEAD + SCENE.replace("SHOT 4s", "SHOT")).replace("\n", "\r\n")
    fixed = kscript.fix(text)
    assert fixed == text.replace("SHOT - WIDE", "SHOT 5s - WIDE")
    assert "KS204" not in {d.code for d in kscript.lint(fixed)}
