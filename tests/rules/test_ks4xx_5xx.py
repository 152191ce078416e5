"""Table-driven tests of KS401, KS402 and KS501 to KS504."""

import pytest

from tests.helpers import HEAD, SCENE, at, lint


def test_ks401():
    long_action = "@Mara waits. " + "Rain falls on the tin roof. " * 20
    text = HEAD + "INT. DEPOT - NIGHT\n\nSHOT 4s - WIDE\n" + long_action + "@depot.\n"
    assert at(text, "KS401") == [(15, 1)]
    (d,) = [d for d in lint(text) if d.code == "KS401"]
    assert "characters" in d.message and str(len(d.message)) != ""
    assert at(HEAD + SCENE, "KS401") == []


def test_ks401_counts_the_style():
    style = "Style: " + "grainy, " * 60 + "\n"
    assert at(style + HEAD + SCENE, "KS401") == [(16, 1)]


def cast(n: int) -> str:
    members = "".join(f"M{i} - x\n  front: https://a.example/m{i}.png\n  also: https://a.example/a{i}.png\n\n" for i in range(n))
    return "Title: t\nAudio: on\n\nCAST\n\n" + members


def test_ks402_slots_and_strict():
    three = cast(3) + "IMAGES\n\nyard: https://a.example/y.png\nroof: https://a.example/r.png\n\n"
    scene = "INT. X - DAY\n\nSHOT 4s\n@M0 @M1 @M2 @yard.\n"
    text = three + scene
    heading = text.split("\n").index("INT. X - DAY") + 1
    assert at(text, "KS402") == []
    assert at(text, "KS402", image_count="strict") == [(heading, 1)]
    five = three + "INT. X - DAY\n\nSHOT 4s\n@M0 @M1 @M2 @yard @roof.\n"
    assert at(five, "KS402") == [(heading, 1)]
    (d,) = [d for d in lint(five) if d.code == "KS402"]
    assert "3 element(s) + 2 input image(s)" in d.message


def test_ks501():
    no_audio = HEAD.replace("Audio: on\n", "Audio: off\n") + SCENE + "\nMARA\nHello.\n"
    assert at(no_audio, "KS501") == [(18, 1)]
    unset = HEAD.replace("Audio: on\n", "") + SCENE + "\nMARA\nHello.\n"
    assert at(unset, "KS501") == [(17, 1)]
    assert at(HEAD + SCENE + "\nMARA\nHello.\n", "KS501") == []


@pytest.mark.parametrize("action,expected", [("She waits.", [(16, 1)]), ("They run.", [(16, 1)]), ("Her hands shake.", [(16, 1)]), ("Shelves fall.", []), ("@Mara waits.", [])])
def test_ks502(action, expected):
    text = HEAD + "INT. DEPOT - NIGHT\n\nSHOT 4s - WIDE\n" + action + " @Mara in @depot.\n"
    assert at(text, "KS502") == expected


def test_ks503():
    text = HEAD + SCENE + "\nMARA\nThe tram to ZONE four. I said OK.\n"
    assert at(text, "KS503") == [(19, 13)]
    assert at(HEAD + SCENE + "\nMARA\nThe tram to zone four.\n", "KS503") == []


def test_ks504():
    assert at("Avoid: no blur, extra fingers, without text\n" + HEAD + SCENE, "KS504") == [(1, 8), (1, 32)]
    assert at("Avoid: blur, notebooks, nothing\n" + HEAD + SCENE, "KS504") == []
