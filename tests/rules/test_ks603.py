"""KS603: a `multi_prompt` item without `prompt` (payload files)."""

from tests.rules.table import MODEL, table

BAD = [("{" + MODEL + ', "multi_prompt": [{"prompt": "a", "duration": 4}, {"duration": 3}]}', [(1, 101)], "p.json")]
GOOD = [("{" + MODEL + ', "multi_prompt": [{"prompt": "a", "duration": 4}]}', "p.json")]

test_fires, test_quiet = table("KS603", BAD, GOOD)
