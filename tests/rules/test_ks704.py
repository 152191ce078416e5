"""KS704: references the model has no slot for."""

from tests.helpers import lint
from tests.rules.models import MOTION, O3I2V, OMNI, REF, START, TEXT, VIDEO, payload, script
from tests.rules.table import table

ELEMENT = '{"frontal_image_url": "https://a.example/e.png"}'
BAD = [
    (script(TEXT, "5s - WIDE\nThe square, then @Mara crosses it."), [(16, 18)]),  # a cast member on the text model
    (script(TEXT, "5s\nRain on @depot."), [(16, 9)]),  # an image
    (script(TEXT, "5s\n@Mara waits in @depot."), [(16, 1), (16, 16)]),  # each kind once
    (script(O3I2V, "5s\n@Mara waits.", settings=START), [(17, 1)]),
    (script(MOTION, "\n@Mara and @Luka dance.", settings=START + VIDEO), [(18, 11)]),  # the second element
    (script(MOTION, "\n@Mara dances in @depot.", settings=START + VIDEO), [(18, 17)]),  # no input images
    (payload(MOTION, '"input_image": "https://a.example/i.png", "input_video": "https://a.example/v.mp4", "elements": [' + ELEMENT + ", " + ELEMENT + "]"), [(1, 195)], "p.json"),
]
GOOD = [
    script(TEXT, "5s\nA courier with silver hair crosses the square."),
    script(MOTION, "\n@Mara dances.", settings=START + VIDEO),
    script(REF, "5s\n@Mara and @Luka wait in @depot."),
    script(OMNI, "5s\n@Mara and @Luka wait in @depot."),
    script(REF, "5s\nRain.\n@@Mara is a hashtag."),  # a literal @
    (payload(MOTION, '"input_image": "https://a.example/i.png", "input_video": "https://a.example/v.mp4", "elements": [' + ELEMENT + "]"), "p.json"),
]

test_fires, test_quiet = table("KS704", BAD, GOOD)


def test_one_cause_one_message():
    text = script(TEXT, "5s\n@Mara waits.")
    (d,) = [d for d in lint(text) if d.code == "KS704"]
    assert d.message == "`kling-video-v2-6-pro-text-to-video` takes no cast members (elements), so `@Mara` cannot be sent"
    assert [x.code for x in lint(text) if x.code in ("KS402", "KS701")] == []
