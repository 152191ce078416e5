"""KS706: a combination the model refuses."""

from tests.helpers import lint
from tests.rules.models import MOTION, OMNI, START, VIDEO, payload, script
from tests.rules.table import table

BAD = [
    (script(OMNI, settings=VIDEO + "Audio: on\n"), [(15, 1)]),  # the later of the two
    (script(OMNI, settings=VIDEO, title="Audio: on\n"), [(15, 1)]),  # audio from the title page: at the scene's video
    (script(MOTION, "\n@Mara dances.", settings=START + VIDEO + "Orientation: image\n"), [(19, 1)]),  # at the element
    (script(MOTION, "\n@Mara dances.", settings=START + VIDEO, title="Orientation: image\n"), [(19, 1)]),
    (payload(OMNI, '"prompt": "x", "input_video": "https://a.example/v.mp4", "generate_audio": true'), [(1, 91)], "p.json"),
]
GOOD = [
    script(OMNI, settings=VIDEO + "Audio: off\n"),
    script(OMNI, settings="Audio: on\n"),
    script(OMNI, settings=VIDEO, title="Audio: on\n").replace(VIDEO, VIDEO + "Audio: off\n"),
    script(MOTION, "\n@Mara dances.", settings=START + VIDEO + "Orientation: video\n"),
    script(MOTION, "\n@Mara dances.", settings=START + VIDEO),  # orientation video is the default
    script(MOTION, "\nShe dances.", settings=START + VIDEO + "Orientation: image\n"),
    (payload(OMNI, '"prompt": "x", "input_video": "https://a.example/v.mp4", "generate_audio": false'), "p.json"),
]

test_fires, test_quiet = table("KS706", BAD, GOOD)


def test_says_why():
    (d,) = [d for d in lint(script(OMNI, settings=VIDEO + "Audio: on\n")) if d.code == "KS706"]
    assert d.message == "`kling-video-o3-omni` refuses `Audio: on` with a `Video` in scene 1: audio must be off when a video is given"
