"""KS601: both `prompt` and `multi_prompt` (payload files)."""

from tests.helpers import lint
from tests.rules.table import MODEL, table

BOTH = "{" + MODEL + ',\n "prompt": "a", "duration": 4,\n "multi_prompt": [{"prompt": "b", "duration": 4}]}'
BAD = [(BOTH, [(3, 2)], "p.json"), ("model: x\nprompt: a\nmulti_prompt:\n  - prompt: b\n", [(3, 1)], "p.yaml")]
GOOD = [("{" + MODEL + ', "prompt": "a"}', "p.json"), ("{" + MODEL + ', "multi_prompt": [{"prompt": "b"}]}', "p.json")]

test_fires, test_quiet = table("KS601", BAD, GOOD)


def test_quotes_the_api():
    (d,) = [d for d in lint(BOTH, "p.json") if d.code == "KS601"]
    assert "Cannot provide both 'prompt' and 'multi_prompt'." in d.message
