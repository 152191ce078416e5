"""KS306: a cast member or image never referenced."""

from tests.rules.table import HEAD, SCENE, in_scene, table

BAD = [
    (HEAD + SCENE.replace(" in @depot", ""), [(11, 1)]),
    (HEAD + in_scene("SHOT 4s\nRain.\n")[len(HEAD):], [(6, 1), (11, 1)]),
]
GOOD = [
    HEAD + SCENE,
    in_scene("SHOT 4s\nRain on @depot.\n\nMARA\nHello.\n"),  # a cue is a reference
    HEAD,  # no scene at all: KS007 says so, not KS306
]

test_fires, test_quiet = table("KS306", BAD, GOOD)
