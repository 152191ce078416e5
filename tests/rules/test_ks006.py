"""KS006: text before a scene's first shot is not sent."""

from tests.rules.table import HEAD, SCENE, in_scene, table

BAD = [
    (in_scene("Rain falls.\nStill.\n\nMore.\n\nSHOT 4s\n@Mara waits in @depot.\n"), [(15, 1), (18, 1)]),
    (HEAD + "INT. DEPOT - NIGHT\nAspect: 9:16\n\nNote: this is text.\n\nSHOT 4s\n@Mara waits in @depot.\n", [(16, 1)]),
]
GOOD = [
    HEAD + SCENE,
    HEAD + "INT. DEPOT - NIGHT\n\nRain.\n\nMore rain.\n",  # no shot at all: KS004 says it once
    in_scene("[[ a note ]]\n# a section\n\nSHOT 4s\n@Mara waits in @depot.\n")]

test_fires, test_quiet = table("KS006", BAD, GOOD)
