"""KS401: a compiled prompt longer than 512 characters."""

from tests.helpers import lint
from tests.rules.table import HEAD, MODEL, SCENE, in_scene, table

LONG = "@Mara waits. " + "Rain falls on the tin roof. " * 20 + "@depot."
BAD = [
    (in_scene("SHOT 4s - WIDE\n" + LONG + "\n"), [(15, 1)]),
    ("Style: " + "grainy, " * 60 + "\n" + HEAD + SCENE, [(16, 1)]),  # the style counts in every shot
    ("{" + MODEL + ', "prompt": "' + "x" * 513 + '"}', [(1, 62)], "p.json"),
]
GOOD = [HEAD + SCENE, in_scene("SHOT 4s\n@Mara " + "x" * 490 + " @depot.\n")]

test_fires, test_quiet = table("KS401", BAD, GOOD)


def test_gives_the_length():
    (d,) = [d for d in lint(BAD[0][0]) if d.code == "KS401"]
    assert "prompt of 591 characters" in d.message and "cut 79 characters" in d.help
