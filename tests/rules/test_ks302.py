"""KS302: a hand-written `@ElementN` or `@ImageN`."""

from tests.rules.table import HEAD, SCENE, in_scene, table

BAD = [
    (in_scene("SHOT 4s\n@Element1 and @Image2 in @depot with @Mara.\n"), [(16, 1), (16, 15)]),
    (HEAD.replace("depot:", "Image1:") + SCENE.replace("@depot", "@Image1"), [(11, 1), (16, 16)]),
]
GOOD = [HEAD + SCENE, in_scene("SHOT 4s\n@Mara and @depot. @Elemental @@Element1.\n")]

test_fires, test_quiet = table("KS302", BAD, GOOD)
