"""KS507: an unmatched `*` or `_` at a word's edge."""

from tests.helpers import lint
from tests.rules.table import fixes, in_scene, table


def action(text: str) -> str:
    return in_scene("SHOT 4s - WIDE\n@Mara waits in @depot " + text + "\n")


BAD = [
    (action("*slowly."), [(16, 23)]),
    (action("then turns_"), [(16, 33)]),
    (action("**quietly*."), [(16, 23)]),  # the third star has no partner
    (action("and *rain* falls_."), [(16, 39)]),
    (in_scene("SHOT 4s - *WIDE\n@Mara waits.\n"), [(15, 11)]),
    (in_scene("SHOT 4s - WIDE\n@Mara waits.\n\nMARA\nYou _left.\n"), [(19, 5)]),
]
GOOD = [
    action("*slowly*."),
    action("**slowly**, ***both***, _underline_."),
    action("for 2 * 3 minutes."),
    action("near @depot_ and snake_case."),
    action("with \\*stars\\* and \\_."),
    action("* and _ alone."),
]

test_fires, test_quiet = table("KS507", BAD, GOOD)

test_fixes = fixes("KS507", [(action("*slowly."), action("slowly.")), (action("*slowly*."), action("*slowly*."))])


def test_the_message_and_help():
    (d,) = [d for d in lint(action("*slowly.")) if d.code == "KS507"]
    assert d.message == "`*` has no partner, so it is sent as a character rather than read as emphasis"
    assert d.help == "close the emphasis (`*word*`), remove the `*`, or write `\\*` to send it on purpose"
