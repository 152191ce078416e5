"""KS002: an unterminated `[[` note or `/*` boneyard."""

from tests.rules.table import HEAD, SCENE, table

BAD = [
    (HEAD + SCENE + "[[ never closed\n", [(17, 1)]),
    (HEAD + SCENE + "some /* cut\n", [(17, 6)]),
    ("[[ a\n" + HEAD + SCENE + "/* b\n", [(1, 1), (18, 1)]),
]
GOOD = [
    HEAD + SCENE + "[[ closed\nnote ]]\n/* a */\n",
    HEAD + SCENE + "a ] b [ c * / d\n",
]

test_fires, test_quiet = table("KS002", BAD, GOOD)
