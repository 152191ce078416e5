"""KS004: a scene with no shot."""

from tests.rules.table import HEAD, SCENE, table

BAD = [
    (HEAD + "INT. DEPOT - NIGHT\n@Mara waits in @depot.\n\n" + SCENE, [(13, 1)]),
    (HEAD + SCENE + "\nEXT. YARD - DAY\n", [(18, 1)]),
]
GOOD = [HEAD + SCENE]

test_fires, test_quiet = table("KS004", BAD, GOOD)
