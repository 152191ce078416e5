"""KS610: a top-level `duration` beside `multi_prompt` that is not the shots' total (payload files)."""

from tests.helpers import lint
from tests.rules.table import MODEL, fixes, table

SHOTS = '"multi_prompt": [{"prompt": "a", "duration": 4}, {"prompt": "b", "duration": 3}]'
BAD = [
    ("{" + MODEL + ',\n "duration": 10,\n ' + SHOTS + "}", [(2, 14)], "p.json"),
    ("{" + MODEL + ', "duration": "5", "multi_prompt": [{"prompt": "a", "duration": 4}, {"prompt": "b"}]}', [(1, 64)], "p.json"),
    ("model: kling-video-o3-pro-reference-to-video\nduration: 12\nmulti_prompt:\n  - prompt: a\n    duration: 4\n", [(2, 11)], "p.yaml"),
]
GOOD = [
    ("{" + MODEL + ', "duration": 7, ' + SHOTS + "}", "p.json"),  # the same length: harmless
    ("{" + MODEL + ", " + SHOTS + "}", "p.json"),
    ("{" + MODEL + ', "duration": 99, ' + SHOTS + "}", "p.json"),  # KS201 first
    ("{" + MODEL + ', "duration": 10, "multi_prompt": [{"prompt": "a", "duration": 40}]}', "p.json"),  # KS201
    ("{" + MODEL + ', "prompt": "a", "duration": 10}', "p.json"),
    ('{"model": "kling-video-v2-6-pro-text-to-video", "duration": 10, ' + SHOTS + "}", "p.json"),  # KS703: no multi_prompt there
]

test_fires, test_quiet = table("KS610", BAD, GOOD)


def test_names_both_numbers():
    (d,) = [d for d in lint(BAD[1][0], "p.json") if d.code == "KS610"]
    assert d.severity == "warning"
    assert d.message == "`duration` is 5, but the shots of `multi_prompt` last 9s in all (4 + 5 (the default))"
    assert d.help == "remove the top-level `duration` (the shots' own durations decide), or make the two agree"


FIXES = [
    ("{" + MODEL + ', "duration": 10, ' + SHOTS + "}", "{" + MODEL + ', "duration": 7, ' + SHOTS + "}", "p.json"),
    ("{" + MODEL + ', "duration": "10", ' + SHOTS + "}", "{" + MODEL + ', "duration": "7", ' + SHOTS + "}", "p.json"),
    ("model: m\nduration: 12\nmulti_prompt:\n  - prompt: a\n    duration: 4\n", "model: m\nduration: 4\nmulti_prompt:\n  - prompt: a\n    duration: 4\n", "p.yaml"),
]
test_fixes = fixes("KS610", FIXES)
