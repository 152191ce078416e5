"""KS205: more than 6 shots in one scene."""

from tests.rules.table import MODEL, shots, table

SEVEN = "{" + MODEL + ', "multi_prompt": [' + ", ".join(['{"prompt": "a", "duration": 2}'] * 7) + "]}"
BAD = [(shots(*["2s"] * 7), [(33, 1)]), (SEVEN, [(1, 261)], "p.json")]
GOOD = [shots(*["2s"] * 6)]

test_fires, test_quiet = table("KS205", BAD, GOOD)
