"""KS005: a shot with no text."""

from tests.rules.table import HEAD, SCENE, table

BAD = [
    (HEAD + SCENE + "\nSHOT 3s\n\nSHOT 3s\n@Mara turns.\n", [(18, 1)]),
    (HEAD + SCENE + "\nSHOT 3s\n[[ only a note ]]\n", [(18, 1)]),
]
GOOD = [HEAD + SCENE, HEAD + SCENE + "\nSHOT 3s - CLOSE ON @Mara\n"]

test_fires, test_quiet = table("KS005", BAD, GOOD)
