"""KS202: a scene shorter than 3 seconds in all."""

from tests.helpers import lint
from tests.rules.table import MODEL, shots, table

BAD = [
    (shots("2s"), [(13, 1)]),
    (shots("1s", "1s"), [(13, 1)]),
    ("{" + MODEL + ', "prompt": "a", "duration": 2}', [(1, 52)], "p.json"),
]
GOOD = [shots("3s"), shots("1s", "2s"), shots("0s"), ("{" + MODEL + ', "prompt": "a"}', "p.json")]

test_fires, test_quiet = table("KS202", BAD, GOOD)


def test_quotes_the_api():
    (d,) = [d for d in lint(shots("2s")) if d.code == "KS202"]
    assert "duration value '2' is invalid. Try using duration='5' instead, as duration support may vary by model and mode." in d.message
