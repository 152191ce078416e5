"""KS609: a body wrapped in another provider's `input` object (payload files)."""

from tests.helpers import lint
from tests.rules.table import MODEL, fixes, table

WRAPPED = '{"input": {' + MODEL + ',\n  "prompt": "A tram.", "duration": 5}}'
YAML = "stream: true\ninput:\n  " + MODEL.replace('"', "") + "\n  prompt: ''\n  negativ_prompt: blur\n  duration: 5\n"
BAD = [
    (WRAPPED, [(1, 2)], "p.json"),
    (YAML, [(2, 1)], "p.yaml"),
    ('{"input": {}}', [(1, 2)], "p.json"),
]
GOOD = [
    ("{" + MODEL + ', "prompt": "A tram.", "duration": 5}', "p.json"),
    ("{" + MODEL + ', "prompt": "A tram.", "input": {"prompt": "x"}}', "p.json"),  # a prompt at the top: `input` is an unknown key
    ('{"input": "A tram."}', "p.json"),
]

test_fires, test_quiet = table("KS609", BAD, GOOD)


def test_the_wrapped_fields_are_checked_in_place_without_the_cascade():
    found = sorted((d.span.line, d.span.column, d.code) for d in lint(YAML, "p.yaml"))
    # No "no prompt", no "no model", no "unknown key `input`": the wrapper is said once,
    # and what is wrong inside it is said where it stands.
    assert found == [(1, 1, "KS605"), (2, 1, "KS609"), (4, 11, "KS607"), (5, 3, "KS605")]
    messages = {d.code: d for d in lint(YAML, "p.yaml")}
    assert messages["KS609"].help.startswith("move the fields of `input` up one level")
    version = next(d for d in lint(YAML, "p.yaml") if d.span.line == 1)
    assert version.help == "remove it: beside `input` it belongs to the other provider's envelope, not to the request"
    assert [d.code for d in lint(WRAPPED, "p.json")] == ["KS609"]


# Fixes inside the wrapper edit the file where the field stands.
FIXES = [("{'input': {'prompt': 'x', 'image_urls': ['u']}}\n", "{'input': {'prompt': 'x', 'input_image': ['u']}}\n", "p.yaml")]
test_fixes = fixes("KS605", FIXES)
