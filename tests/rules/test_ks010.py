"""KS010: a `*/` that closes no boneyard."""

from tests.rules.table import HEAD, SCENE, table

BAD = [
    (HEAD + SCENE + "/* one /* two */ three */\n", [(17, 24)]),
    (HEAD + SCENE + "Rain */ falls.\n", [(17, 6)]),
    ("*/\n" + HEAD + SCENE, [(1, 1)]),
]
GOOD = [
    HEAD + SCENE + "/* cut */\n",
    HEAD + SCENE + "/* one\ntwo */ [[ a note with */ inside ]]\n",
    HEAD + SCENE + "2 * / 3 is not a closer.\n",
]

test_fires, test_quiet = table("KS010", BAD, GOOD)
