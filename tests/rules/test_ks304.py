"""KS304: a cast member without `front`."""

from tests.rules.table import HEAD, SCENE, table

BAD = [(HEAD.replace("  front: https://cdn.example.com/mara.png\n", "  voice: low\n") + SCENE, [(6, 1)])]
GOOD = [HEAD + SCENE]

test_fires, test_quiet = table("KS304", BAD, GOOD)
