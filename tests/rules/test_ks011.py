"""KS011: text before the first scene is not sent."""

from tests.helpers import lint
from tests.rules.table import HEAD, SCENE, table

PROLOGUE = "FADE IN:\n\nA match flares in the dark.\n\nNARRATOR (V.O.)\nIt began with rain.\n\n"

BAD = [
    (HEAD + "stray text\n\n" + SCENE, [(13, 1)]),
    (HEAD + PROLOGUE + SCENE, [(15, 1)]),
    (PROLOGUE + HEAD + SCENE, [(3, 1)]),  # before the declarations too
]
GOOD = [HEAD + SCENE, HEAD + "FADE IN:\n\n# ACT ONE\n\n" + SCENE + "\nFADE OUT.\n", HEAD + "[[ an opening note ]]\n\n" + SCENE]

test_fires, test_quiet = table("KS011", BAD, GOOD)


def test_one_warning_for_the_whole_prologue_and_no_syntax_error():
    found = lint(HEAD + PROLOGUE + SCENE)
    assert [d.code for d in found] == ["KS011"]
    assert found[0].message == "text before the first scene is not sent (3 lines, up to line 18)"
