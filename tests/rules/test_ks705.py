"""KS705: an input the model requires is missing."""

from tests.helpers import lint
from tests.rules.models import EDIT, I2V, MOTION, O3I2V, OMNI, START, TEXT, VIDEO, payload, script
from tests.rules.table import table

BAD = [
    (script(I2V, "5s\nA bud opens."), [(13, 1)]),
    (script(O3I2V, "5s\nA bud opens.", settings="End frame: https://cdn.example.com/last.png\n"), [(13, 1)]),  # not KS105 too
    (script(EDIT, "\nMake it rain."), [(13, 1)]),
    (script(MOTION, "\nShe dances.", settings=START), [(13, 1)]),
    (script(MOTION, "\nShe dances."), [(13, 1), (13, 1)]),  # the image and the video
    (payload(EDIT, '"prompt": "x"'), [(1, 2)], "p.json"),
    (payload(I2V, '"prompt": "x", "duration": 5'), [(1, 2)], "p.json"),
]
GOOD = [
    script(I2V, "5s\nA bud opens.", settings=START),
    script(EDIT, "\nMake it rain.", title=VIDEO),  # a title-page video serves every scene
    script(MOTION, "\nShe dances.", settings=START + VIDEO),
    script(TEXT, "5s\nA tram."),
    script(OMNI, "5s\nA tram."),
    (payload(MOTION, '"input_image": "https://a.example/i.png", "input_video": "https://a.example/v.mp4"'), "p.json"),  # no prompt needed
]

test_fires, test_quiet = table("KS705", BAD, GOOD)


def test_one_cause_one_message():
    text = script(O3I2V, "5s\nA bud opens.", settings="End frame: https://cdn.example.com/last.png\n")
    assert [d.code for d in lint(text) if d.severity == "error"] == ["KS705"]
    (d,) = [d for d in lint(script(EDIT, "\nMake it rain.")) if d.code == "KS705"]
    assert d.message == "scene 1 has no `Video`: `kling-video-o3-pro-video-to-video-edit` needs a video (`input_video`)"
    assert d.help.startswith("add `Video: URL`")
    assert [d.code for d in lint(payload(EDIT, '"prompt": "x"'), "p.json")] == ["KS705"]  # not KS605 too
