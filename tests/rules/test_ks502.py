"""KS502: a shot's action begins with a pronoun."""

from tests.rules.table import in_scene, table


def action(text: str) -> str:
    return in_scene("SHOT 4s - WIDE\n" + text + " @Mara in @depot.\n")


BAD = [(action(t), [(16, 1)]) for t in ("She waits.", "They run.", "Her hands shake.", "it falls.")]
GOOD = [action(t) for t in ("Shelves fall.", "@Mara waits.", "Italy.", "The door.")]

test_fires, test_quiet = table("KS502", BAD, GOOD)


def test_suggests_who_the_pronoun_probably_means():
    from tests.helpers import lint

    text = in_scene("SHOT 4s\n@Mara waits in @depot.\n\nSHOT 3s\nShe turns.\n")
    (d,) = [d for d in lint(text) if d.code == "KS502"]
    assert d.help == "name the subject with a reference, such as `@Mara`"
