"""KS201: a shot's duration is not a whole number from 1 to 15."""

from tests.helpers import lint
from tests.rules.table import MODEL, shots, table

BAD = [
    (shots("0s"), [(15, 6)]),
    (shots("16s"), [(15, 6)]),
    (shots("2.5s - WIDE"), [(15, 6)]),
    (shots("4s", "99s"), [(18, 6)]),
    ("{" + MODEL + ',\n "multi_prompt": [{"prompt": "a", "duration": 16}, {"prompt": "b", "duration": "4"}]}', [(2, 47)], "p.json"),
    ("{" + MODEL + ', "prompt": "a", "duration": 2.5}', [(1, 79)], "p.json"),
    # a top-level duration beside the shots is checked too (the schema's finding was swallowed)
    ("{" + MODEL + ', "duration": 99, "multi_prompt": [{"prompt": "a", "duration": 4}]}', [(1, 64)], "p.json"),
]
GOOD = [shots("1s", "3.0s"), shots("15s"), ("{" + MODEL + ', "prompt": "a", "duration": "15"}', "p.json")]

test_fires, test_quiet = table("KS201", BAD, GOOD)


def test_quotes_the_api():
    (d,) = [d for d in lint(shots("16s")) if d.code == "KS201"]
    assert "Input should be '1', '2'," in d.message and "or '15'" in d.message
    assert "`15s`" in d.help
