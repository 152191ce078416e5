"""KS703: more shots than the model takes in one request."""

from tests.helpers import lint
from tests.rules.models import EDIT, I2V, O3I2V, OMNI, START, TEXT, VIDEO, payload, script
from tests.rules.table import table

TWO = ("5s\nA tram leaves.", "5s\nIts lights fade.")
BAD = [
    (script(TEXT, *TWO), [(18, 1)]),
    (script(TEXT, *TWO, "5s\nDark."), [(18, 1)]),  # once, at the first shot too many
    (script(I2V, *TWO, settings=START), [(19, 1)]),
    (script(EDIT, "\nRain.", "\nSnow.", settings=VIDEO), [(19, 1)]),
    (payload(TEXT, '"multi_prompt": [{"prompt": "a", "duration": 5}, {"prompt": "b", "duration": 5}]'), [(1, 49)], "p.json"),
]
GOOD = [
    script(TEXT, "5s\nA tram leaves."),
    script(OMNI, *TWO),
    script(O3I2V, *TWO, settings=START),
    (payload(OMNI, '"multi_prompt": [{"prompt": "a", "duration": 5}, {"prompt": "b", "duration": 5}]'), "p.json"),
]

test_fires, test_quiet = table("KS703", BAD, GOOD)


def test_one_cause_one_message():
    seven = script(TEXT, *[f"5s\nShot {i}." for i in range(7)])
    codes = {d.code for d in lint(seven)}
    assert "KS703" in codes and "KS205" not in codes and "KS203" not in codes
    text = payload(TEXT, '"multi_prompt": [{"prompt": "a", "duration": 5}, {"prompt": "b", "duration": 5}]')
    assert [d.code for d in lint(text, "p.json") if d.severity == "error"] == ["KS703"]
