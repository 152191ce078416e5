"""KS303: a name declared twice."""

from tests.rules.table import HEAD, SCENE, table

BAD = [
    (HEAD.replace("depot:", "mara:") + SCENE.replace(" in @depot", ""), [(11, 1)]),
    (HEAD.replace("depot: https://cdn.example.com/depot.jpg\n", "depot: https://a.example/1.jpg\nDEPOT: https://a.example/2.jpg\n") + SCENE, [(12, 1)]),
]
GOOD = [HEAD + SCENE]

test_fires, test_quiet = table("KS303", BAD, GOOD)
