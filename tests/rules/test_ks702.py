"""KS702: a duration the model does not take."""

from tests.helpers import lint
from tests.rules.models import EDIT, MOTION, OMNI, START, TEXT, VIDEO, payload, script
from tests.rules.table import table

BAD = [
    (script(TEXT, "7s - WIDE\nA tram."), [(15, 6)]),
    (script(TEXT, "16s\nA tram."), [(15, 6)]),  # not KS201: this model's rule says it
    (script(TEXT, "2.5s\nA tram."), [(15, 6)]),
    (script(EDIT, "4s\nMake it rain.", settings=VIDEO), [(16, 6)]),
    (script(MOTION, "8s\nShe dances.", settings=START + VIDEO), [(17, 6)]),
    (payload(TEXT, '"prompt": "x", "duration": 7'), [(1, 76)], "p.json"),
    (payload(TEXT, '"prompt": "x", "duration": "8"'), [(1, 76)], "p.json"),
    (payload(EDIT, '"prompt": "x", "input_video": "https://a.example/v.mp4", "duration": 5'), [(1, 110)], "p.json"),
]
GOOD = [
    script(TEXT, "5s\nA tram."),
    script(TEXT, "10s\nA tram."),
    script(TEXT, "\nA tram."),  # the default, 5
    script(TEXT, "5s\nA tram.", "5s\nA bus."),  # several shots: KS703's
    script(OMNI, "7s\nA tram."),
    script(EDIT, "- as filmed\nMake it rain.", settings=VIDEO),
    (payload(TEXT, '"prompt": "x", "duration": "10"'), "p.json"),
    (payload(OMNI, '"prompt": "x", "duration": 7'), "p.json"),
]

test_fires, test_quiet = table("KS702", BAD, GOOD)


def test_one_cause_one_message():
    codes = [d.code for d in lint(script(TEXT, "16s\nA tram.")) if d.severity == "error"]
    assert codes == ["KS702"]
    codes = [d.code for d in lint(script(EDIT, "2s\nMake it rain.", settings=VIDEO)) if d.severity == "error"]
    assert codes == ["KS702"]  # no KS202 on a model without duration


def test_suggests_the_nearest_choice():
    (d,) = [d for d in lint(script(TEXT, "8s\nA tram.")) if d.code == "KS702"]
    assert d.message == "`kling-video-v2-6-pro-text-to-video` makes videos of 5 or 10 s only, not `8s`"
    assert d.help == "use `10s`"
