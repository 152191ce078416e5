"""KS008: two scenes with the same id."""

from tests.helpers import lint
from tests.rules.table import HEAD, SCENE, table

NUMBERED = HEAD + SCENE.replace("NIGHT", "NIGHT #1#") + "\n" + SCENE.replace("NIGHT", "DAY #1#")
BAD = [
    (NUMBERED, [(18, 18)]),
    (HEAD + SCENE + "\n" + SCENE.replace("NIGHT", "DAY #1#"), [(18, 18)]),  # scene 1 by position
]
GOOD = [HEAD + SCENE + "\n" + SCENE, HEAD + SCENE.replace("NIGHT", "NIGHT #1A#") + "\n" + SCENE.replace("NIGHT", "DAY #1#")]

test_fires, test_quiet = table("KS008", BAD, GOOD)


def test_suggests_a_free_id():
    (d,) = [d for d in lint(NUMBERED) if d.code == "KS008"]
    assert d.help == "give this scene a number of its own, such as `#1A#`"
