"""KS601: both `prompt` and `multi_prompt` (payload files)."""

from tests.helpers import lint
from tests.rules.table import MODEL, table

BOTH = "{" + MODEL + ',\n "prompt": "a", "duration": 4,\n "multi_prompt": [{"prompt": "b", "duration": 4}]}'
BLANK = "{" + MODEL + ',\n "prompt": "",\n "multi_prompt": [{"prompt": "b", "duration": 4}]}'
BAD = [
    (BOTH, [(3, 2)], "p.json"),
    ("model: x\nprompt: a\nmulti_prompt:\n  - prompt: b\n", [(3, 1)], "p.yaml"),
    (BLANK, [(2, 2)], "p.json"),  # at `prompt`, the key to remove
    ("model: x\nprompt:\nmulti_prompt:\n  - prompt: b\n", [(2, 1)], "p.yaml"),  # null
]
GOOD = [("{" + MODEL + ', "prompt": "a"}', "p.json"), ("{" + MODEL + ', "multi_prompt": [{"prompt": "b"}]}', "p.json")]

test_fires, test_quiet = table("KS601", BAD, GOOD)


def test_quotes_the_api():
    (d,) = [d for d in lint(BOTH, "p.json") if d.code == "KS601"]
    assert "Cannot provide both 'prompt' and 'multi_prompt'." in d.message


def test_an_empty_prompt_beside_shots_is_one_finding_that_says_to_remove_it():
    found = [d for d in lint(BLANK, "p.json") if d.code in ("KS601", "KS607")]
    assert [d.code for d in found] == ["KS601"]
    assert found[0].message.startswith("`prompt` is empty beside the shots of `multi_prompt`")
    assert found[0].help == "remove `prompt`: each shot of `multi_prompt` carries its own"
