"""KS101: an unknown scene setting."""

from tests.helpers import lint
from tests.rules.table import HEAD, fixes, in_scene, table

BODY = "SHOT 4s\n@Mara waits in @depot.\n"

BAD = [
    (in_scene(BODY, "Aspekt: 16:9\n"), [(14, 1)]),
    (in_scene(BODY, "Aspect: 16:9\nColour: red\n"), [(15, 1)]),
    (in_scene(BODY, "= synopsis\nLens: 35mm\n"), [(15, 1)]),
]
GOOD = [
    in_scene(BODY, "Aspect: 16:9\nStart frame: https://a.example/f.png\n"),
    in_scene(BODY, "Negative: blur\nAVOID: fog\n"),
    in_scene(BODY, "Model: kling-video-o3-omni\nResolution: 4k\n"),  # a scene may pick its model
    in_scene(BODY, "= synopsis\nStyle: noir\n"),
    HEAD + "INT. DEPOT - NIGHT\n\nSHOT 4s\nNote: @Mara waits in @depot.\n",  # after a blank line: action
]

test_fires, test_quiet = table("KS101", BAD, GOOD)


def test_suggests_the_closest_setting():
    (d,) = [d for d in lint(in_scene(BODY, "Aspekt: 16:9\n")) if d.code == "KS101"]
    assert d.help == "did you mean `Aspect`?"

FIXES = [
    (in_scene(BODY, "Aspekt: 16:9\n"), in_scene(BODY, "Aspect: 16:9\n")),
    (in_scene(BODY, "start frme: https://a.example/f.png\n"), in_scene(BODY, "Start frame: https://a.example/f.png\n")),
    (in_scene(BODY, "Aspect: 1:1\nAspekt: 16:9\n"), in_scene(BODY, "Aspect: 1:1\nAspekt: 16:9\n")),  # would be given twice
    (in_scene(BODY, "Colour: red\n"), in_scene(BODY, "Colour: red\n")),  # no close setting
]
test_fixes = fixes("KS101", FIXES)
