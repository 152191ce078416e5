"""Table-driven tests of KS601 to KS606 and the payload reader (JSON and YAML)."""

import pytest

from tests.helpers import at, lint

MODEL = '"model": "kling-video-o3-pro-reference-to-video"'


def test_ks601():
    text = "{" + MODEL + ',\n "prompt": "a", "duration": 4,\n "multi_prompt": [{"prompt": "b", "duration": 4}]}'
    assert at(text, "KS601", "p.json") == [(3, 2)]
    (d,) = [d for d in lint(text, "p.json") if d.code == "KS601"]
    assert "Cannot provide both 'prompt' and 'multi_prompt'." in d.message


@pytest.mark.parametrize("body,expected", [("", [(1, 1)]), (', "multi_prompt": []', [(1, 68)])])
def test_ks602(body, expected):
    assert at("{" + MODEL + body + "}", "KS602", "p.json") == expected


def test_ks602_quiet():
    assert at("{" + MODEL + ', "prompt": "x", "duration": 5}', "KS602", "p.json") == []


def test_ks603():
    text = "{" + MODEL + ', "multi_prompt": [{"prompt": "a", "duration": 4}, {"duration": 3}]}'
    assert at(text, "KS603", "p.json") == [(1, 101)]


def test_ks604():
    text = "{" + MODEL + ', "prompt": "@Element2 by @Image1", "elements": [{"frontal_image_url": "https://a.example/x.png"}]}'
    assert at(text, "KS604", "p.json") == [(1, 62), (1, 62)]
    ok = "{" + MODEL + ', "prompt": "@Element1", "elements": [{"frontal_image_url": "https://a.example/x.png"}]}'
    assert at(ok, "KS604", "p.json") == []


def test_ks605():
    text = "{" + MODEL + ',\n "prompt": "x",\n "seed": 7,\n "generate_audio": "yes"}'
    assert at(text, "KS605", "p.json") == [(3, 2), (4, 20)]
    (unknown,) = [d for d in lint(text, "p.json") if d.code == "KS605" and d.span.line == 3]
    assert "unknown key `seed`" in unknown.message


def test_ks605_does_not_repeat_other_rules():
    text = "{" + MODEL + ', "prompt": "x", "duration": 16, "num_generations": 9, "aspect_ratio": "4:3"}'
    codes = sorted(d.code for d in lint(text, "p.json"))
    assert codes == ["KS103", "KS201", "KS606"]


def test_ks606():
    assert at("{" + MODEL + ', "prompt": "x", "num_generations": 5}', "KS606", "p.json") == [(1, 86)]
    assert at("{" + MODEL + ', "prompt": "x", "num_generations": 4}', "KS606", "p.json") == []


def test_yaml_positions():
    text = "model: kling-video-o3-pro-reference-to-video\nmulti_prompt:\n  - prompt: a\n    duration: 20\n  - prompt: b\n    duration: 3\n"
    assert at(text, "KS201", "p.yaml") == [(4, 15)]


@pytest.mark.parametrize("text,path", [("{", "p.json"), ("[1, 2]", "p.json"), ("a: [", "p.yaml"), ("", "p.yml"), ("a: 1\na: 2\n", "p.yaml")])
def test_unreadable_payloads_are_ks001_or_ks605(text, path):
    codes = {d.code for d in lint(text, path)}
    assert codes and codes <= {"KS001", "KS605"}


def test_duplicate_json_keys():
    text = "{" + MODEL + ',\n "prompt": "x",\n "prompt": "y"}'
    found = [(d.code, d.span.line, d.span.column) for d in lint(text, "p.json")]
    assert ("KS605", 3, 2) in found
    assert ("KS204", 2, 2) in found  # positions are still read despite the duplicate
