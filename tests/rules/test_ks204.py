"""KS204: a shot without a duration lasts 5 seconds."""

from tests.rules.table import MODEL, shots, table

BAD = [
    (shots("- WIDE", "4s", ""), [(15, 1), (21, 1)]),
    ('{"model": "m", "prompt": "x"}', [(1, 16)], "p.json"),
    ("{" + MODEL + ', "multi_prompt": [{"prompt": "a", "duration": 4}, {"prompt": "b"}]}', [(1, 101)], "p.json"),
]
GOOD = [shots("4s - WIDE"), ("{" + MODEL + ', "prompt": "x", "duration": 5}', "p.json")]

test_fires, test_quiet = table("KS204", BAD, GOOD)
