"""KS003: a CAST or IMAGES block after the first scene."""

from tests.rules.table import HEAD, SCENE, table

BAD = [
    (HEAD + SCENE + "\nCAST\n\nLUKA - x\n  front: https://a.example/l.png\n", [(18, 1)]),
    (HEAD + SCENE + "\nIMAGES\n\nyard: https://a.example/y.png\n", [(18, 1)]),
]
GOOD = [HEAD + SCENE, HEAD + SCENE + "\nCASTING begins.\n"]

test_fires, test_quiet = table("KS003", BAD, GOOD)
