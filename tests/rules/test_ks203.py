"""KS203: a scene longer than 15 seconds in all."""

from tests.helpers import lint
from tests.rules.table import MODEL, shots, table

BAD = [
    (shots("8s", "8s"), [(13, 1)]),
    (shots("5s", "5s", "- WIDE", "1s"), [(13, 1)]),
    ("{" + MODEL + ', "multi_prompt": [{"prompt": "a", "duration": 11}, {"prompt": "b"}]}', [(1, 52)], "p.json"),
]
GOOD = [shots("15s"), shots("5s", "5s", "5s"), shots("16s")]  # one shot over 15 is KS201's

test_fires, test_quiet = table("KS203", BAD, GOOD)


def test_quotes_the_api():
    (d,) = [d for d in lint(shots("8s", "8s")) if d.code == "KS203"]
    assert "Total shot duration (16s) exceeds maximum allowed (15s)." in d.message
    assert "by 1s" in d.help
