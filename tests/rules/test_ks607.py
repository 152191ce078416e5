"""KS607: an empty prompt, or one of only white space (payload files)."""

from tests.helpers import lint
from tests.rules.table import MODEL, table

MOTION = '"model": "kling-video-v3-pro-motion-control", "input_image": "https://a.example/c.png", "input_video": "https://a.example/m.mp4"'
BAD = [
    ("{" + MODEL + ',\n "prompt": "",\n "duration": 5}', [(2, 12)], "p.json"),
    ("{" + MODEL + ', "prompt": " \\t\\n", "duration": 5}', [(1, 62)], "p.json"),
    (
        "{" + MODEL + ',\n "multi_prompt": [{"prompt": "", "duration": 4},\n   {"prompt": "A tram.", "duration": 4}, {"prompt": "   "}]}',
        [(2, 30), (3, 53)],
        "p.json",
    ),
    ("model: kling-video-o3-pro-reference-to-video\nprompt: ''\nduration: 5\n", [(2, 9)], "p.yaml"),
    ("model: kling-video-o3-pro-reference-to-video\nmulti_prompt:\n  - prompt: \"\"\n    duration: 4\n", [(3, 13)], "p.yaml"),
    ("{" + MOTION + ', "prompt": ""}', [(1, 142)], "p.json"),
]
GOOD = [
    ("{" + MODEL + ', "prompt": "A tram.", "duration": 5}', "p.json"),
    ("{" + MODEL + ', "prompt": 5}', "p.json"),  # not a string: KS605
    ("{" + MOTION + "}", "p.json"),  # the motion model's prompt is optional
    ("{" + MODEL + ', "multi_prompt": [{"prompt": "a."}, {"duration": 4}]}', "p.json"),  # no prompt: KS603
    # an empty prompt beside shots is one finding, KS601's (tests/rules/test_ks601.py)
    ("{" + MODEL + ', "prompt": "", "multi_prompt": [{"prompt": "a"}]}', "p.json"),
]

test_fires, test_quiet = table("KS607", BAD, GOOD)


def test_one_diagnostic_per_empty_prompt_and_no_schema_echo():
    text = "{" + MODEL + ', "multi_prompt": [{"prompt": "", "duration": 4}, {"prompt": "", "duration": 4}]}'
    found = lint(text, "p.json")
    assert [(d.code, d.severity) for d in found] == [("KS607", "error"), ("KS607", "error")]
    assert found[0].message == "shot 1 of `multi_prompt` has a prompt that is empty"
    assert found[0].help == "write what the shot shows, or remove the shot"


def test_optional_prompt_says_it_may_go():
    (d,) = [d for d in lint("{" + MOTION + ', "prompt": ""}', "p.json") if d.code == "KS607"]
    assert d.help.endswith("or remove `prompt` (this model's prompt is optional)")
