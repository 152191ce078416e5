"""KS307: a dialogue cue that is not a cast member."""

from tests.helpers import lint
from tests.rules.table import in_scene, table


def dialogue(text: str) -> str:
    return in_scene("SHOT 4s - WIDE\n@Mara waits in @depot.\n\n" + text + "\n")


BAD = [
    (dialogue("NARRATOR\nIt rained."), [(18, 1)]),
    (dialogue("MARRA\nHello."), [(18, 1)]),
    (dialogue("@Stranger\nHello."), [(18, 2)]),
]
GOOD = [dialogue("MARA (V.O.)\nHello."), dialogue("@mara\nAgain."), dialogue("!NARRATOR\nIt rained.")]

test_fires, test_quiet = table("KS307", BAD, GOOD)


def test_suggests_the_member():
    (d,) = [d for d in lint(dialogue("MARRA\nHello.")) if d.code == "KS307"]
    assert d.help == "did you mean `MARA`?"
