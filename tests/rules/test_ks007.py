"""KS007: the script has no scene."""

from tests.rules.table import HEAD, SCENE, table

BAD = [("Title: nothing\n", [(1, 1)]), (HEAD, [(1, 1)]), ("", [(1, 1)])]
GOOD = [HEAD + SCENE]

test_fires, test_quiet = table("KS007", BAD, GOOD)
