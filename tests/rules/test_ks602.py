"""KS602: neither `prompt` nor a non-empty `multi_prompt` (payload files)."""

from tests.rules.table import MODEL, table

BAD = [("{" + MODEL + "}", [(1, 1)], "p.json"), ("{" + MODEL + ', "multi_prompt": []}', [(1, 68)], "p.json")]
GOOD = [("{" + MODEL + ', "prompt": "x", "duration": 5}', "p.json")]

test_fires, test_quiet = table("KS602", BAD, GOOD)
