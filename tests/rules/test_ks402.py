"""KS402: more than 4 reference slots in one scene's request."""

from tests.helpers import lint
from tests.rules.table import MODEL, table

MEMBERS = "".join(f"M{i} - x\n  front: https://a.example/m{i}.png\n  also: https://a.example/a{i}.png\n\n" for i in range(3))
DECLS = "Title: t\nAudio: on\n\nCAST\n\n" + MEMBERS + "IMAGES\n\nyard: https://a.example/y.png\nroof: https://a.example/r.png\n\n"
HEADING = DECLS.count("\n") + 1
FOUR = DECLS + "INT. X - DAY\n\nSHOT 4s\n@M0 @M1 @M2 @yard @roof.\n\nEXT. Y - DAY\n\nSHOT 4s\n@M0 @M1 @M2 @yard.\n"
ELEMENT = '{"frontal_image_url": "https://a.example/e.png"}'
PAYLOAD = "{" + MODEL + ', "prompt": "x", "elements": [' + ", ".join([ELEMENT] * 3) + '], "input_image": ["https://a.example/1.png", "https://a.example/2.png"]}'

BAD = [(FOUR, [(HEADING, 1)]), (PAYLOAD, [(1, 67)], "p.json")]
GOOD = [DECLS + "INT. X - DAY\n\nSHOT 4s\n@M0 @M1 @M2 @yard.\n\nEXT. Y - DAY\n\nSHOT 4s\n@roof.\n"]

test_fires, test_quiet = table("KS402", BAD, GOOD)
test_strict_fires, test_strict_quiet = table(
    "KS402", [(DECLS + "INT. X - DAY\n\nSHOT 4s\n@M0 @M1 @yard.\n", [(HEADING, 1)])], [DECLS + "INT. X - DAY\n\nSHOT 4s\n@M0 @M1.\n"], image_count="strict"
)


def test_says_how_it_counted():
    (d,) = [d for d in lint(FOUR) if d.code == "KS402"]
    assert "5 reference slots (3 element(s) + 2 input image(s))" in d.message
