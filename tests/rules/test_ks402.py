"""KS402: more than 4 reference slots in one scene's request."""

from tests.helpers import at, lint
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
    assert "5 reference slots (3 elements + 2 input images)" in d.message


def test_the_limit_is_the_models():
    omni = DECLS.replace("Title: t\n", "Title: t\nModel: kling-video-o3-omni\n")
    heading = HEADING + 1
    five = omni + "INT. X - DAY\n\nSHOT 4s\n@M0 @M1 @M2 @yard @roof.\n"
    assert at(five, "KS402") == []  # 7 slots on omni
    with_video = omni + "INT. X - DAY\nVideo: https://a.example/v.mp4\nAudio: off\n\nSHOT 4s\n@M0 @M1 @M2 @yard @roof.\n"
    assert at(with_video, "KS402") == [(heading, 1)]
    (d,) = [d for d in lint(with_video) if d.code == "KS402"]
    assert "`kling-video-o3-omni` takes at most 4 when it is given a video (7 without)" in d.message
    eight = omni.replace("IMAGES\n\n", "IMAGES\n\n" + "".join(f"x{i}: https://a.example/x{i}.png\n" for i in range(3)))
    assert at(eight + "INT. X - DAY\n\nSHOT 4s\n@M0 @M1 @M2 @yard @roof @x0 @x1 @x2.\n", "KS402") == [(heading + 3, 1)]
