"""`kscript import` and `kscript lint` say the same about a request body: one table of
other providers' names, one set of messages, and every lint-clean body imports and
compiles back to the same request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kscript
from tests.helpers import ROOT, run_kscript

REFERENCE = "kling-video-o3-pro-reference-to-video"
EDIT = "kling-video-o3-pro-video-to-video-edit"


def lint_clean_bodies() -> list:
    """Every request body the repository holds: the examples' and the models' golden requests."""
    found = []
    for path in sorted((ROOT / "tests" / "golden").rglob("*.json")):
        bodies = json.loads(path.read_text(encoding="utf-8"))
        found.append(pytest.param(path.name, bodies if isinstance(bodies, list) else [bodies], id=str(path.relative_to(ROOT / "tests" / "golden"))))
    edit = {"model": EDIT, "prompt": "Make @Element1 wear a red coat", "input_video": "https://cdn.example.com/v.mp4",
            "elements": [{"frontal_image_url": "https://cdn.example.com/a.png"}]}
    found.append(pytest.param("edit.json", [edit], id="video-edit"))
    return found


@pytest.mark.parametrize("name,bodies", lint_clean_bodies())
def test_every_lint_clean_body_imports_and_compiles_back(tmp_path: Path, name: str, bodies: list) -> None:
    for body in bodies:
        errors = [d for d in kscript.lint(json.dumps(body), path="body.json") if d.severity == "error"]
        assert not errors, (name, [(d.code, d.message) for d in errors])
    path = tmp_path / name
    path.write_text(json.dumps(bodies), encoding="utf-8")
    script = tmp_path / "imported.kscript"
    result = run_kscript("import", str(path), "-o", str(script))
    assert result.returncode == 0, result.stderr.decode()
    assert kscript.compile(script.read_text(encoding="utf-8")) == bodies


def import_err(tmp_path: Path, body: dict) -> tuple[int, str]:
    path = tmp_path / "body.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    result = run_kscript("import", str(path), "-o", str(tmp_path / "out.kscript"))
    return result.returncode, result.stderr.decode()


def lint_out(tmp_path: Path, body: dict) -> str:
    path = tmp_path / "body.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    return run_kscript("lint", "--format", "text", str(path)).stdout.decode()


def test_import_refuses_in_lints_words(tmp_path: Path) -> None:
    body = {"model": REFERENCE, "prompt": "@Image1 at night", "duration": 5, "scene_image_urls": ["https://cdn.example.com/a.png"],
            "video_list": ["https://cdn.example.com/v.mp4"], "mode": "pro", "sound": True}
    code, err = import_err(tmp_path, body)
    out = lint_out(tmp_path, body)
    assert code == 1 and "nothing was written" in err and not (tmp_path / "out.kscript").exists()
    said = [line for line in out.splitlines() if "error[" in line or "help:" in line]
    assert said and all(line in err for line in said), (said, err)
    # the shared table's words, and no wrong guesses
    assert "calls it `input_image`" in out and "calls it `generate_audio`" in out and "calls it `input_video`" in out
    assert "start_image_url`?" not in out and "video_mode" not in out and "did you mean `model`" not in out


def test_an_error_lint_finds_is_the_only_one_import_gives(tmp_path: Path) -> None:
    body = {"model": REFERENCE, "prompt": "@Image1 and @Element1 walk", "duration": 5, "elements": [{"frontal_image_url": "https://cdn.example.com/a.png"}]}
    code, err = import_err(tmp_path, body)
    assert code == 1 and "error[KS604]" in err
    assert "never referred to" not in err  # the prompt does refer to @Element1


def test_one_empty_string_is_one_error(tmp_path: Path) -> None:
    body = {"model": REFERENCE, "prompt": "A tram", "duration": 5, "start_image_url": "https://cdn.example.com/a.png", "tail_image_url": ""}
    found = [d for d in kscript.lint(json.dumps(body), path="b.json") if d.severity == "error"]
    assert [(d.code, d.message) for d in found] == [("KS605", "`tail_image_url` is empty")]


def test_a_missing_model_is_guessed_from_the_fields(tmp_path: Path) -> None:
    found = kscript.lint(json.dumps({"prompt": "Make it night", "video_url": "https://cdn.example.com/v.mp4"}), path="b.json")
    said = [(d.code, d.message, d.help) for d in found if d.severity == "error"]
    assert said[0][1] == "the request has no `model`" and EDIT in said[0][2]
    assert ("KS605", "`video_url` is another provider's name: the Oxen API calls it `input_video`", "did you mean `input_video`?") in said
    assert len(said) == 2  # judged against the edit model: no "the model does not take it", no missing `input_video` beside `video_url`
    plain = kscript.lint(json.dumps({"prompt": "Rain.", "duration": 5}), path="b.json")
    assert REFERENCE in next(d.help for d in plain if d.message == "the request has no `model`")


def test_a_wrapped_body_is_imported_from_inside(tmp_path: Path) -> None:
    inner = {"model": REFERENCE, "prompt": "A tram at night.", "duration": 5}
    path = tmp_path / "replicate.json"
    path.write_text(json.dumps({"input": inner}), encoding="utf-8")
    script = tmp_path / "out.kscript"
    result = run_kscript("import", str(path), "-o", str(script))
    assert result.returncode == 0, result.stderr.decode()
    assert "wrapped in another provider's `input` object" in result.stderr.decode()
    assert kscript.compile(script.read_text(encoding="utf-8")) == [inner]
