"""`kscript lint` on payloads written by hand (issue 14, "Payload accuracy"), through the real command."""

from __future__ import annotations

import json

from tests.helpers import run_kscript

MODEL = "kling-video-o3-pro-reference-to-video"


def lint_json(tmp_path, body: str, *args: str, name: str = "p.json"):
    """Run `kscript lint --format json` on a payload file; (exit code, diagnostics, file)."""
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    proc = run_kscript("lint", "--format", "json", *args, str(path))
    return proc.returncode, json.loads(proc.stdout), path


def codes(found) -> list[tuple[str, int, int]]:
    return [(d["code"], d["line"], d["column"]) for d in found]


def test_an_empty_prompt_is_one_error_at_its_value(tmp_path):
    body = '{"model": "' + MODEL + '",\n "multi_prompt": [{"prompt": "A tram.", "duration": 4},\n  {"prompt": "  ", "duration": 3}]}'
    status, found, _ = lint_json(tmp_path, body)
    assert status == 1
    assert codes(found) == [("KS607", 3, 14)]
    assert found[0]["severity"] == "error" and found[0]["help"]
    status, found, _ = lint_json(tmp_path, '{"model": "' + MODEL + '", "prompt": "", "duration": 5}')
    assert status == 1 and codes(found) == [("KS607", 1, 62)]


def test_a_null_multi_prompt_beside_a_prompt_is_one_note_and_fixes_away(tmp_path):
    body = '{"model": "' + MODEL + '",\n "prompt": "A tram.", "duration": 5,\n "multi_prompt": null}\n'
    status, found, path = lint_json(tmp_path, body)
    assert status == 0  # a note fails nothing
    assert [(d["code"], d["severity"]) for d in found] == [("KS608", "info")]
    proc = run_kscript("lint", "--fix", str(path))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(path.read_text()) == {"model": MODEL, "prompt": "A tram.", "duration": 5}
    assert "Fixed 1" in proc.stderr.decode()
