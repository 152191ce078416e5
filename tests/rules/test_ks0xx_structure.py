"""Table-driven tests of KS001 to KS009 (structure)."""

import pytest

from tests.helpers import HEAD, SCENE, at, lint

KS001 = [
    ("SHOT 4s - WIDE\nMara runs.\n", [(1, 1), (2, 1)]),
    (HEAD + "stray text\n\n" + SCENE, [(13, 1)]),
    (HEAD + SCENE + "\nSHOT 4 - WIDE\n@Mara runs.\n", [(18, 6)]),
    (HEAD + SCENE + "\nSHOT 4s WIDE\n@Mara runs.\n", [(18, 9)]),
    ("Title: x\nnot a key\n\n" + SCENE, [(2, 1)]),
    ("CAST\n\nOLD MAN - a fisherman\n  front: https://a.example/x.png\n\n" + SCENE, [(3, 1)]),
    ("CAST\n\nMARA - x\n  fornt: https://a.example/x.png\n\n" + SCENE, [(4, 3)]),
    ("IMAGES\n\ntram depot: https://a.example/x.png\n\n" + SCENE, [(3, 1)]),
]


@pytest.mark.parametrize("text,expected", KS001)
def test_ks001_fires(text, expected):
    assert at(text, "KS001") == expected


def test_ks001_message_for_shot_outside_scene():
    (d,) = [d for d in lint("SHOT 4s - WIDE\n") if d.code == "KS001"]
    assert "must come inside a scene" in d.message
    assert "INT. KITCHEN - DAY" in d.help


@pytest.mark.parametrize("text", [HEAD + SCENE, "\n\n" + HEAD + SCENE, "# ACT ONE\n\n= synopsis\n\n" + SCENE.replace("@Mara waits in @depot.", "Rain.")])
def test_ks001_quiet(text):
    assert at(text, "KS001") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        (HEAD + SCENE + "[[ never closed\n", [(17, 1)]),
        (HEAD + SCENE + "some /* cut\n", [(17, 6)]),
    ],
)
def test_ks002_fires(text, expected):
    assert at(text, "KS002") == expected


def test_ks002_quiet():
    assert at(HEAD + SCENE + "[[ closed\nnote ]]\n/* a */\n", "KS002") == []


def test_ks003():
    late = HEAD + SCENE + "\nCAST\n\nLUKA - x\n  front: https://a.example/l.png\n"
    assert at(late, "KS003") == [(18, 1)]
    assert at(HEAD + SCENE, "KS003") == []
    assert at(HEAD + SCENE + "\nIMAGES\n\nyard: https://a.example/y.png\n", "KS003") == [(18, 1)]


def test_ks004():
    assert at(HEAD + "INT. DEPOT - NIGHT\n@Mara waits in @depot.\n\n" + SCENE, "KS004") == [(13, 1)]
    assert at(HEAD + SCENE, "KS004") == []


def test_ks005():
    assert at(HEAD + SCENE + "\nSHOT 3s\n\nSHOT 3s\n@Mara turns.\n", "KS005") == [(18, 1)]
    assert at(HEAD + SCENE + "\nSHOT 3s - CLOSE ON @Mara\n", "KS005") == []


def test_ks006():
    text = HEAD + "INT. DEPOT - NIGHT\n\nRain falls.\nStill.\n\nMore.\n\nSHOT 4s\n@Mara waits in @depot.\n"
    assert at(text, "KS006") == [(15, 1), (18, 1)]
    assert at(HEAD + SCENE, "KS006") == []


def test_ks007():
    assert at("Title: nothing\n", "KS007") == [(1, 1)]
    assert at(HEAD + SCENE, "KS007") == []


def test_ks008():
    two = HEAD + SCENE.replace("NIGHT", "NIGHT #1#") + "\n" + SCENE.replace("NIGHT", "DAY #1#")
    assert at(two, "KS008") == [(18, 18)]
    positional = HEAD + SCENE + "\n" + SCENE.replace("NIGHT", "DAY #1#")
    assert at(positional, "KS008") == [(18, 18)]
    assert at(HEAD + SCENE + "\n" + SCENE, "KS008") == []


def test_ks009():
    text = HEAD + "[[kscript: ignore KS3060, KS306]]\n" + SCENE
    assert at(text, "KS009") == [(13, 19)]
    assert at(HEAD + "[[kscript: ignore KS306, KS5]]\n" + SCENE, "KS009") == []
