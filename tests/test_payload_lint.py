"""`kscript lint` on payloads written by hand (issue 14, "Payload accuracy"), through the real command."""

from __future__ import annotations

import json

import pytest

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


def test_other_providers_field_names_get_did_you_mean_and_an_unsafe_rename(tmp_path):
    body = (
        '{"model_name": "' + MODEL + '",\n "prompt": "A tram.", "duration": 5,\n'
        ' "image_urls": ["https://a.example/x.png"],\n "start_image": "https://a.example/s.png",\n'
        ' "end_image_url": "https://a.example/e.png"}\n'
    )
    status, found, path = lint_json(tmp_path, body)
    assert status == 1
    assert codes(found) == [("KS605", 1, 2), ("KS605", 3, 2), ("KS605", 4, 2), ("KS605", 5, 2)]  # no "no `model`" beside them
    assert [d["help"] for d in found] == [f"did you mean `{t}`?" for t in ("model", "input_image", "start_image_url", "tail_image_url")]
    assert run_kscript("lint", "--fix", str(path)).returncode == 1  # unsafe: not without asking
    proc = run_kscript("lint", "--fix", "--unsafe-fixes", str(path))
    assert proc.returncode == 0, proc.stdout
    assert list(json.loads(path.read_text())) == ["model", "prompt", "duration", "input_image", "start_image_url", "tail_image_url"]


def test_import_and_lint_share_one_table_of_other_names(tmp_path):
    from kscript.importer import write
    from kscript.models import other_names

    assert not hasattr(write, "OTHER_NAMES")  # one table, in kscript/models/other_names.py
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"model": MODEL, "prompt": "A tram.", "duration": 5, "video_url": "https://a.example/v.mp4"}))
    proc = run_kscript("import", str(path))
    assert proc.returncode == 1
    assert f"the Oxen API calls it `{other_names.meant('video_url')}`" in proc.stderr.decode()


def test_schema_findings_are_in_kscripts_words_and_repeats_are_counted(tmp_path):
    body = (
        '{"prompt": "A tram.", "generate_audio": "yes",\n'
        ' "elements": [{"frontal_image_url": "https://a.example/m.png", "reference_image_urls": '
        '["https://a.example/1.png", "https://a.example/2.png", "https://a.example/3.png", "https://a.example/4.png"]}]}'
    )
    _, found, _ = lint_json(tmp_path, body)
    messages = [d["message"] for d in found if d["code"] == "KS605"]
    assert messages == [
        "the request has no `model`",
        "`generate_audio` is the string `\"yes\"`; it must be `true` or `false`",
        "element 1's `reference_image_urls` has 4 reference images; an element takes at most 3",
    ]
    assert all(d["help"] for d in found)
    shots = ", ".join(f'{{"prompt": "Shot {i}.", "duration": 3, "negative": "blur"}}' for i in range(5))
    _, found, _ = lint_json(tmp_path, '{"model": "' + MODEL + '",\n "multi_prompt": [' + shots + "]}")
    assert [(d["code"], d["message"]) for d in found] == [("KS605", "`negative` appears in 5 shots; a shot takes only `prompt` and `duration`")]
    assert (found[0]["line"], found[0]["column"]) == (2, 56)


def test_a_wrapped_body_is_said_once_and_checked_in_place(tmp_path):
    body = '{"version": "abc123",\n "input": {"model": "' + MODEL + '",\n  "prompt": "", "duration": 5, "image_urls": ["https://a.example/x.png"]}}'
    status, found, _ = lint_json(tmp_path, body)
    assert status == 1
    assert codes(found) == [("KS605", 1, 2), ("KS609", 2, 2), ("KS607", 3, 13), ("KS605", 3, 32)]
    wrapped = found[1]
    assert wrapped["message"].startswith("the request is wrapped in an `input` object")
    assert found[3]["help"] == "did you mean `input_image`?"


def test_a_top_level_duration_that_is_not_the_shots_total_is_a_warning(tmp_path):
    body = '{"model": "' + MODEL + '",\n "duration": 10,\n "multi_prompt": [{"prompt": "A tram.", "duration": 4}, {"prompt": "Rain.", "duration": 3}]}'
    status, found, _ = lint_json(tmp_path, body)
    assert status == 0  # a warning
    assert [(d["code"], d["severity"], d["line"], d["column"]) for d in found] == [("KS610", "warning", 2, 14)]
    assert "10" in found[0]["message"] and "7s" in found[0]["message"]
    assert run_kscript("lint", "--warnings-as-errors", str(tmp_path / "p.json")).returncode == 1


def test_json_lines_are_checked_a_request_a_line_and_fixed_in_place(tmp_path):
    path = tmp_path / "requests.jsonl"
    first = '{"model": "' + MODEL + '", "prompt": "", "duration": 5}'
    second = '{"model": "' + MODEL + '", "prompt": "A tram.", "duration": 5, "image_urls": ["https://a.example/x.png"]}'
    path.write_bytes(("\ufeff" + first + "\r\n\r\n[1]\r\n" + second + "\r\n").encode())
    proc = run_kscript("lint", "--format", "json", str(path))
    found = json.loads(proc.stdout)
    assert codes(found) == [("KS607", 1, 62), ("KS001", 3, 1), ("KS605", 4, 88)]
    assert found[1]["message"] == "a request payload is an object of request fields, but this line holds an array"
    assert run_kscript("lint", "--fix", "--unsafe-fixes", str(path)).returncode == 1  # the empty prompt and [1] stay
    lines = path.read_bytes().decode().split("\r\n")
    assert lines[0] == "\ufeff" + first and lines[2] == "[1]"
    assert json.loads(lines[3])["input_image"] == ["https://a.example/x.png"]
    assert run_kscript("fmt", str(path)).returncode != 0  # a payload, not a script


# -- any payload: diagnostics, never a traceback; kscript's words; fixes keep the file readable

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kscript.check.fixes import fix_text  # noqa: E402
from kscript.check.runner import check_payload  # noqa: E402

VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 20), st.sampled_from(["", " ", "A tram.", "https://a.example/x.png", "7", "4K", "yes"]),
    st.lists(st.sampled_from(["https://a.example/x.png", "", 3]), max_size=5),
)
SHOT = st.dictionaries(st.sampled_from(["prompt", "duration", "negative", "durration", "seed"]), VALUES, max_size=4)
FIELDS = st.dictionaries(
    st.sampled_from(
        ["model", "prompt", "duration", "image_urls", "image_url", "model_name", "end_image_url", "video_url", "start_image",
         "input_image", "elements", "resolution", "cfg_scale", "generate_audio", "tail_image_url", "seed", "Model"]
    ),
    st.one_of(VALUES, st.sampled_from([MODEL, "kling-video-o3-omni", "kling-video-v2-6-pro-text-to-video"])),
    max_size=7,
)
BODIES = st.builds(
    lambda fields, shots, multi, wrap: (lambda body: {"input": body} if wrap else body)(
        {**fields, **({"multi_prompt": shots if multi == "shots" else (None if multi == "null" else [])} if multi else {})}
    ),
    FIELDS,
    st.lists(st.one_of(SHOT, st.just("x")), max_size=6),
    st.sampled_from([None, "shots", "null", "empty"]),
    st.booleans(),
)
RAW = ("is a required property", "is not of type", "is too long", "is too short", "is not one of", "does not match", "NoneType", "Failed validating")


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODIES, st.sampled_from(["p.json", "p.yaml", "p.jsonl"]), st.sampled_from([None, 1]))
def test_any_payload_gets_kscripts_words_and_fixes_that_keep_it_readable(body, name, indent):
    text = json.dumps(body, indent=indent) if not name.endswith(".jsonl") else json.dumps(body) + "\n\n" + json.dumps(body) + "\n"
    result = check_payload(name, text)
    lines = text.split("\n")
    for d in result.diagnostics:
        assert 1 <= d.span.line <= len(lines)
        if d.code.startswith("KS6"):
            assert d.help, d.message
            assert not any(raw in d.message or raw in d.help for raw in RAW), d.message
    fixed = fix_text(text, lambda t: check_payload(name, t).diagnostics, unsafe=True).text
    if name.endswith(".json"):
        json.loads(fixed)
    elif name.endswith(".jsonl"):
        for line in fixed.split("\n"):
            if line:
                json.loads(line)
    else:
        from ruamel.yaml import YAML

        YAML(typ="safe").load(fixed)


def test_models_of_a_json_lines_file_are_each_lines_model(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text('{"model": "kling-video-o3-omni", "prompt": "a"}\n\n{"model": "kling-video-v2-6-pro-text-to-video", "prompt": "b"}\n')
    proc = run_kscript("models", "--format", "json", str(path))
    assert proc.returncode == 0, proc.stderr
    assert [m["id"] for m in json.loads(proc.stdout)] == ["kling-video-o3-omni", "kling-video-v2-6-pro-text-to-video"]


def test_a_payloads_duration_hint_is_written_in_json():
    import kscript

    body = json.dumps({"model": MODEL, "prompt": "A tram.", "duration": 16})
    (found,) = [d for d in kscript.lint(body, path="p.json") if d.code == "KS201"]
    assert "such as `15`;" in found.help  # `15s` is a SHOT line's syntax, not JSON's
    (shot,) = [d for d in kscript.lint("INT. A - DAY\n\nSHOT 16s\nA tram.\n") if d.code == "KS201"]
    assert "such as `15s`;" in shot.help
