"""KS606: `num_generations` not an integer from 1 to 4 (payload files)."""

from tests.rules.table import MODEL, table

BAD = [
    ("{" + MODEL + ', "prompt": "x", "num_generations": 5}', [(1, 86)], "p.json"),
    ("{" + MODEL + ', "prompt": "x", "num_generations": "2"}', [(1, 86)], "p.json"),
    ("{" + MODEL + ', "prompt": "x", "num_generations": true}', [(1, 86)], "p.json"),
]
GOOD = [("{" + MODEL + ', "prompt": "x", "num_generations": 4}', "p.json")]

test_fires, test_quiet = table("KS606", BAD, GOOD)
