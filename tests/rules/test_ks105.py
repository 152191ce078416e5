"""KS105: `End frame` without `Start frame`."""

from tests.rules.table import MODEL, in_scene, table

BODY = "SHOT 4s\n@Mara waits in @depot.\n"

BAD = [
    (in_scene(BODY, "End frame: https://a.example/e.png\n"), [(14, 1)]),
    ("{" + MODEL + ', "prompt": "x",\n "tail_image_url": "https://a.example/e.png"}', [(2, 2)], "p.json"),
]
GOOD = [
    in_scene(BODY, "Start frame: https://a.example/s.png\nEnd frame: https://a.example/e.png\n"),
    in_scene(BODY, "Start frame: https://a.example/s.png\n"),
    ("{" + MODEL + ', "prompt": "x", "start_image_url": "https://a.example/s.png", "tail_image_url": "https://a.example/e.png"}', "p.json"),
]

test_fires, test_quiet = table("KS105", BAD, GOOD)
