"""KS004: a scene with no shot."""

from tests.helpers import lint
from tests.rules.table import HEAD, SCENE, table

BAD = [
    (HEAD + "INT. DEPOT - NIGHT\n@Mara waits in @depot.\n\n" + SCENE, [(13, 1)]),
    (HEAD + SCENE + "\nEXT. YARD - DAY\n", [(18, 1)]),
]
GOOD = [HEAD + SCENE]

test_fires, test_quiet = table("KS004", BAD, GOOD)


def test_help_names_the_line_to_put_the_shot_above():
    text = HEAD + "INT. DEPOT - NIGHT\n\nRain.\n\nMore rain.\n"
    found = [d for d in lint(text) if d.code in ("KS004", "KS006")]
    assert [(d.code, d.help) for d in found] == [
        ("KS004", "add `SHOT 5s - ` above line 15 (the scene's text below it becomes the shot's prompt)")
    ]
