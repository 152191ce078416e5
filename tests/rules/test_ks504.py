"""KS504: `Avoid` phrased as "no X"."""

from tests.rules.table import HEAD, SCENE, fixes, in_scene, table

BAD = [
    ("Avoid: no blur, extra fingers, without text\n" + HEAD + SCENE, [(1, 8), (1, 32)]),
    (in_scene("SHOT 4s\n@Mara in @depot.\n", "Negative: don't shake\n"), [(14, 11)]),
]
GOOD = ["Avoid: blur, notebooks, nothing, nonsense\n" + HEAD + SCENE]

test_fires, test_quiet = table("KS504", BAD, GOOD)

FIXES = [
    ("Avoid: no blur, extra fingers, without  text\n" + HEAD + SCENE, "Avoid: blur, extra fingers, text\n" + HEAD + SCENE),
    (
        in_scene("SHOT 4s\n@Mara in @depot.\n", "Negative:  NO shake\n"),
        in_scene("SHOT 4s\n@Mara in @depot.\n", "Negative:  shake\n"),
    ),
]
test_fixes = fixes("KS504", FIXES)
