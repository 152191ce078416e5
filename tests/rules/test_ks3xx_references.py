"""Table-driven tests of KS301 to KS310 (references, cast, images, URLs)."""

import pytest

from tests.helpers import HEAD, SCENE, at, lint


def shot(action: str) -> str:
    return HEAD + "INT. DEPOT - NIGHT\n\nSHOT 4s - WIDE\n@Mara waits in @depot.\n" + action + "\n"


@pytest.mark.parametrize(
    "action,expected",
    [("@Mra runs.", [(17, 1)]), ("Past @nobody.", [(17, 6)]), ("@Mara's @Lamp.", [(17, 9)])],
)
def test_ks301_fires(action, expected):
    assert at(shot(action), "KS301") == expected


def test_ks301_suggests_from_scope():
    (d,) = [d for d in lint(shot("@Mra runs.")) if d.code == "KS301"]
    assert d.help == "did you mean `@Mara`?"


@pytest.mark.parametrize("action", ["mail mara@host.com", "@@Mara is literal", "@MARA and @mara", "@3pm"])
def test_ks301_quiet(action):
    assert at(shot(action), "KS301") == []


def test_ks301_in_style_and_voice():
    text = "Style: look of @deppot\n" + HEAD + SCENE
    assert at(text, "KS301") == [(1, 16)]


def test_ks302():
    assert at(shot("@Element1 and @Image2."), "KS302") == [(17, 1), (17, 15)]
    declared = HEAD.replace("depot:", "Image1:") + SCENE.replace("@depot", "@Image1")
    assert (11, 1) in at(declared, "KS302")
    assert at(shot("@Elemental runs."), "KS302") == []


def test_ks303():
    text = HEAD.replace("depot:", "mara:") + SCENE.replace(" in @depot", "")
    assert at(text, "KS303") == [(11, 1)]
    assert at(HEAD + SCENE, "KS303") == []


def test_ks304():
    text = HEAD.replace("  front: https://cdn.example.com/mara.png\n", "  voice: low\n") + SCENE
    assert at(text, "KS304") == [(6, 1)]
    assert at(HEAD + SCENE, "KS304") == []


def test_ks305():
    urls = ", ".join(f"https://a.example/{i}.png" for i in range(4))
    text = HEAD.replace("mara.png\n", f"mara.png\n  also: {urls}\n") + SCENE
    assert at(text, "KS305") == [(8, 84)]
    three = HEAD.replace("mara.png\n", "mara.png\n  also: https://a.example/1.png, https://a.example/2.png\n  also: https://a.example/3.png\n") + SCENE
    assert at(three, "KS305") == []


def test_ks306():
    assert at(HEAD + SCENE.replace(" in @depot", ""), "KS306") == [(11, 1)]
    assert at(HEAD + SCENE, "KS306") == []
    spoken = HEAD + "INT. DEPOT - NIGHT\n\nSHOT 4s\nRain on @depot.\n\nMARA\nHello.\n"
    assert at(spoken, "KS306") == []


def test_ks307():
    text = shot("\nNARRATOR\nIt rained.\n\nMARRA\nHello.")
    assert at(text, "KS307") == [(18, 1), (21, 1)]
    (d,) = [d for d in lint(text) if d.code == "KS307" and d.span.line == 21]
    assert d.help == "did you mean `MARA`?"
    assert at(shot("\nMARA (V.O.)\nHello.\n\n@mara\nAgain."), "KS307") == []


@pytest.mark.parametrize("url,col", [("./mara.png", 10), ("cdn.example.com/m.png", 10), ("ftp://a.example/m.png", 10), ("https://", 10), ("https://a b/m.png", 10)])
def test_ks308(url, col):
    text = HEAD.replace("https://cdn.example.com/mara.png", url) + SCENE
    assert at(text, "KS308") == [(7, col)]


def test_ks308_quiet_and_payload():
    assert at(HEAD + SCENE, "KS308") == []
    assert at('{"model": "m", "prompt": "x", "input_image": ["file.png"]}', "KS308", "p.json") == [(1, 47)]


def test_ks309():
    text = HEAD.replace("https://cdn.example.com/depot.jpg", "http://cdn.example.com/depot.jpg") + SCENE
    assert at(text, "KS309") == [(11, 8)]
    assert at(HEAD + SCENE, "KS309") == []


def test_ks310():
    text = HEAD.replace("https://cdn.example.com/depot.jpg", "https://cdn.example.com/mara.png") + SCENE
    assert at(text, "KS310") == [(11, 8)]
    loop = HEAD + "INT. DEPOT - NIGHT\nStart frame: https://a.example/f.png\nEnd frame: https://a.example/f.png\n" + SCENE.split("\n", 1)[1]
    assert at(loop, "KS310") == []
