"""KS608: an empty `multi_prompt` (`null` or `[]`) beside `prompt` (payload files)."""

import json

from tests.helpers import lint
from tests.rules.table import MODEL, fixes, table

NULL = "{" + MODEL + ',\n "prompt": "a", "duration": 4,\n "multi_prompt": null}'
BAD = [
    (NULL, [(3, 2)], "p.json"),
    ("{" + MODEL + ', "multi_prompt": [], "prompt": "a"}', [(1, 52)], "p.json"),
    ("model: m\nprompt: a\nmulti_prompt:\n", [(3, 1)], "p.yaml"),
    ("model: m\nprompt: a\nmulti_prompt: ~\n", [(3, 1)], "p.yml"),
]
GOOD = [
    ("{" + MODEL + ', "prompt": "a"}', "p.json"),
    ("{" + MODEL + ', "multi_prompt": null}', "p.json"),  # no prompt either: KS602
    ("{" + MODEL + ', "prompt": "a", "multi_prompt": [{"prompt": "b"}]}', "p.json"),  # both: KS601
]

test_fires, test_quiet = table("KS608", BAD, GOOD)

FIXES = [
    (NULL, "{" + MODEL + ',\n "prompt": "a", "duration": 4}', "p.json"),
    ('{\r\n  "multi_prompt": [ ],\r\n  "prompt": "a"\r\n}\r\n', '{\r\n  "prompt": "a"\r\n}\r\n', "p.json"),
    ('{"model": "m", "multi_prompt" : null , "prompt": "a"}', '{"model": "m", "prompt": "a"}', "p.json"),
    ("model: m\nprompt: a\nmulti_prompt:   # left over\nduration: 4\n", "model: m\nprompt: a\nduration: 4\n", "p.yaml"),
    ("model: m\n'multi_prompt': []\nprompt: a\n", "model: m\nprompt: a\n", "p.yaml"),
    ("{model: m, multi_prompt: ~, prompt: a}\n", "{model: m, prompt: a}\n", "p.yaml"),
    # the value on the line below, or a key sharing its line: no fix rather than a guess
    ("model: m\nmulti_prompt:\n  []\nprompt: a\n", "model: m\nmulti_prompt:\n  []\nprompt: a\n", "p.yaml"),
    ("- prompt: a\n  multi_prompt: []\n", "- prompt: a\n  multi_prompt: []\n", "p.yaml"),
]
test_fixes = fixes("KS608", FIXES)


def test_not_ks601_and_no_schema_echo():
    found = lint(NULL, "p.json")
    assert [(d.code, d.severity) for d in found] == [("KS608", "info")]
    assert found[0].fix is not None and found[0].fix.applicability == "safe"


def test_the_fixed_json_still_parses():
    from kscript.check.fixes import fix_text

    fixed = fix_text(NULL, lambda text: lint(text, "p.json")).text
    assert json.loads(fixed) == {"model": "kling-video-o3-pro-reference-to-video", "prompt": "a", "duration": 4}
