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


CAST_OF_TWO = (
    "CAST\n\nMARA - courier\n  front: https://cdn.example.com/m.png\n\n"
    "TOMAS - fisher\n  front: https://cdn.example.com/t.png\n\nINT. DEPOT - NIGHT\n\n"
)


def ks502_help(body: str) -> str:
    from tests.helpers import lint

    (d,) = [d for d in lint(CAST_OF_TWO + body) if d.code == "KS502"]
    return d.help


def test_never_suggests_someone_the_shot_names():
    # `@Tomass` is a misspelt Tomas: "she" is someone else, so Tomas is never the suggestion.
    assert "@Tomas`" not in ks502_help("SHOT 3s\nShe kneels beside @Tomass.\n")
    assert "@Tomas`" not in ks502_help("SHOT 3s\n@Tomas waits.\n\nSHOT 3s\nShe kneels beside @Tomass.\n")
    assert "@Tomas`" not in ks502_help("SHOT 3s\n@Tomas waits.\n\nSHOT 3s\nShe kneels beside @Tomas.\n")
    assert ks502_help("SHOT 3s\n@Tomas waits.\n\nSHOT 3s\nShe kneels beside @Tomas.\n").endswith("such as `@Mara`")


def test_no_name_when_the_pronoun_could_mean_several():
    help = ks502_help("SHOT 3s\n@Mara waits for @Tomas.\n\nSHOT 3s\nShe kneels.\n")
    assert help == "name the subject with a reference to the cast member it means (`@Name`)"
    assert ks502_help("SHOT 3s\nShe kneels.\n") == help
