"""KS001: the text cannot be parsed here."""

from tests.helpers import lint
from tests.rules.table import HEAD, SCENE, shots, table

CASTLESS = "INT. DEPOT - NIGHT\n\nSHOT 4s\nRain.\n"

BAD = [
    ("SHOT 4s - WIDE\nMara runs.\n", [(1, 1)]),  # the text under it is a prologue: KS011
    (shots("4 - WIDE"), [(15, 6)]),
    (shots("4s WIDE"), [(15, 9)]),
    (shots("4sec"), [(15, 6)]),
    ("Title: x\nnot a key\n\n" + CASTLESS, [(2, 1)]),
    ("CAST\n\nOLD MAN - a fisherman\n  front: https://a.example/x.png\n\n" + CASTLESS, [(3, 1)]),
    ("CAST\n\nMARA - x\n  fornt: https://a.example/x.png\n\n" + CASTLESS, [(4, 3)]),
    ("CAST\n\nMARA - x\n  just words\n\n" + CASTLESS, [(4, 3)]),
    ("IMAGES\n\ntram depot: https://a.example/x.png\n\n" + CASTLESS, [(3, 1)]),
    ("IMAGES\n\nnot an image: really\n\n" + CASTLESS, [(3, 1)]),
    ("Title: t\n\ndepot: https://a.example/x.png\n\n" + CASTLESS, [(3, 1)]),
    ("  front: https://a.example/x.png\n\n" + CASTLESS, [(1, 3)]),
]
GOOD = [
    HEAD + SCENE,
    "\n\n" + HEAD + SCENE,
    "# ACT ONE\n\n= synopsis\n\n" + CASTLESS,
    HEAD + "stray text\n\n" + SCENE,  # a prologue: KS011, not a syntax error
    "FADE IN:\n\nA match flares.\n\nMARA (V.O.)\nIt rained.\n\n" + CASTLESS + "\nFADE OUT.\n\nFADE TO BLACK.\n",
    "Title: x\n\nFADE IN:\n\n" + CASTLESS + "\nCUT TO BLACK.\n",
    "Title: x\n  continued\nAuthor: y\n\n" + CASTLESS,
    shots("2.5s", "16s", "- WIDE", ""),  # durations out of range are KS201, not syntax
]

test_fires, test_quiet = table("KS001", BAD, GOOD)


def test_says_what_was_expected():
    (d,) = [d for d in lint("SHOT 4s - WIDE\n") if d.code == "KS001"]
    assert d.message == "a SHOT line must come inside a scene"
    assert "INT. KITCHEN - DAY" in d.help
    (d,) = [d for d in lint(shots("4s WIDE")) if d.code == "KS001"]
    assert d.help == "write `SHOT 4s - WIDE`"


def test_reports_every_error_in_one_run():
    text = "SHOT 1s\n\nfree: https://a.example/x.png\n\nCAST\n\nOLD MAN - x\n\n" + CASTLESS
    assert len([d for d in lint(text) if d.code == "KS001"]) == 3
