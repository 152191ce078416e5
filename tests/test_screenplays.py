"""A plain Fountain screenplay (tests/screenplays/) lints with a few right
diagnostics, and compiles without Fountain markup once SHOT lines are added
where KS004's help says."""

import json
import re

from tests.helpers import ROOT, run_kscript

SCREENPLAY = ROOT / "tests" / "screenplays" / "lantern.fountain"
DIAGNOSTIC = re.compile(r"^\S+:(\d+):\d+: (error|warning|info)\[(KS\d+)\]", re.M)


def test_a_plain_screenplay_gets_few_right_diagnostics(tmp_path):
    folder = tmp_path / "film"
    folder.mkdir()
    (folder / SCREENPLAY.name).write_bytes(SCREENPLAY.read_bytes())
    proc = run_kscript("lint", "--format", "text", str(folder))  # a folder: the .fountain file is found
    out = proc.stdout.decode()
    found = [(int(line), code) for line, _, code in DIAGNOSTIC.findall(out)]
    assert found == [(8, "KS011"), (13, "KS004"), (30, "KS004")], out
    assert "add `SHOT 5s - ` above line 15" in out and "add `SHOT 5s - ` above line 32" in out


def test_with_shot_lines_it_compiles_without_markup(tmp_path):
    lines = SCREENPLAY.read_text().split("\n")
    for number in (32, 15):  # where KS004's help says, from the bottom up
        lines.insert(number - 1, "SHOT 5s - WIDE")
    script = tmp_path / "lantern.fountain"
    script.write_text("\n".join(lines))
    lint = run_kscript("lint", str(script))
    assert b"error[" not in lint.stdout and b"KS001" not in lint.stdout, lint.stdout
    out = tmp_path / "out"
    proc = run_kscript("compile", str(script), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    prompts = []
    for path in sorted(out.rglob("*.json")):
        request = json.loads(path.read_text())
        prompts += [request.get("prompt", "")] + [s["prompt"] for s in request.get("multi_prompt") or []]
    text = "\n".join(prompts)
    assert "Rain drums on the iron roof" in text and "I carry the light" in text
    for markup in ("*", "_", "/*", "*/", "~", "> ", " <", "===", "FADE", "CUT TO", "THE END", "Cut for time", "V.O."):
        assert markup not in text, (markup, text)
