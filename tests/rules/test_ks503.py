"""KS503: a word in capitals inside spoken lines."""

from tests.rules.table import HEAD, SCENE, table

BAD = [
    (HEAD + SCENE + "\nMARA\nThe tram to ZONE four. I said OK.\n", [(19, 13)]),
    (HEAD + SCENE + "\nMARA\n(shouting)\nSTOP the NASA car.\n", [(20, 1), (20, 10)]),
]
GOOD = [HEAD + SCENE + "\nMARA\nThe tram to zone four, @MARA.\n", HEAD + SCENE + "\nLOUD ACTION LINE IS NOT SPOKEN.\n"]

test_fires, test_quiet = table("KS503", BAD, GOOD)
