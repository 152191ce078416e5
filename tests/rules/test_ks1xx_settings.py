"""Table-driven tests of KS101 to KS106 (settings)."""

import pytest

from tests.helpers import HEAD, SCENE, at, lint


@pytest.mark.parametrize(
    "settings,expected",
    [
        ("Aspekt: 16:9\n", [(14, 1)]),
        ("Model: x\n", [(14, 1)]),
        ("Aspect: 16:9\nColour: red\n", [(15, 1)]),
    ],
)
def test_ks101_fires(settings, expected):
    text = HEAD + "INT. DEPOT - NIGHT\n" + settings + SCENE.split("\n", 1)[1]
    assert at(text, "KS101") == expected


def test_ks101_suggests():
    text = HEAD + "INT. DEPOT - NIGHT\nAspekt: 16:9\n" + SCENE.split("\n", 1)[1]
    (d,) = [d for d in lint(text) if d.code == "KS101"]
    assert d.help == "did you mean `Aspect`?"


@pytest.mark.parametrize("settings", ["Aspect: 16:9\nStart frame: https://a.example/f.png\n", "Negative: blur\n", "= synopsis\nStyle: noir\n"])
def test_ks101_quiet(settings):
    assert at(HEAD + "INT. DEPOT - NIGHT\n" + settings + SCENE.split("\n", 1)[1], "KS101") == []


def test_ks101_action_after_blank_line_is_not_a_setting():
    text = HEAD + "INT. DEPOT - NIGHT\n\nSHOT 4s\nNote: @Mara waits in @depot.\n"
    assert at(text, "KS101") == []


@pytest.mark.parametrize("key,expected", [("Aspekt", [(1, 1)]), ("Negativ", [(1, 1)]), ("Styel", [(1, 1)])])
def test_ks102_fires(key, expected):
    assert at(f"{key}: x\n" + HEAD[len("Title: Test\n"):] + SCENE, "KS102") == expected


@pytest.mark.parametrize("key", ["Title", "Author", "Draft date", "Contact", "Credit", "Source", "Notes", "Director"])
def test_ks102_quiet(key):
    assert at(f"{key}: x\n" + HEAD + SCENE, "KS102") == []


@pytest.mark.parametrize(
    "line,expected",
    [("Aspect: 4:3", [(1, 9)]), ("Audio: loud", [(1, 8)]), ("Output: mp4", [(1, 9)]), ("Generations: 5", [(1, 14)]), ("Namespace: my team", [(1, 12)]), ("Aspect:", [(1, 8)])],
)
def test_ks103_fires(line, expected):
    assert at(line + "\n" + HEAD + SCENE, "KS103") == expected


def test_ks103_help_lists_values_and_guesses():
    (d,) = [d for d in lint("Aspect: 16x9\n" + HEAD + SCENE) if d.code == "KS103"]
    assert "`16:9`, `9:16` or `1:1`" in d.help and "did you mean `16:9`" in d.help


@pytest.mark.parametrize("line", ["Aspect: 9:16", "Audio: yes", "Output: base64", "Generations: 4", "Namespace: tram-studio"])
def test_ks103_quiet(line):
    assert at(line + "\n" + HEAD + SCENE, "KS103") == []


def test_ks103_payload():
    assert at('{"model": "kling-video-o3-pro-reference-to-video", "prompt": "x", "aspect_ratio": "4:3"}', "KS103", "p.json") == [(1, 83)]


def test_ks104():
    assert at("Aspect: 9:16\nAspect: 16:9\n" + HEAD + SCENE, "KS104") == [(2, 1)]
    scene = HEAD + "INT. DEPOT - NIGHT\nAudio: on\nAudio: off\n" + SCENE.split("\n", 1)[1]
    assert at(scene, "KS104") == [(15, 1)]
    member = HEAD.replace("  front: https://cdn.example.com/mara.png\n", "  front: https://cdn.example.com/mara.png\n  front: https://cdn.example.com/b.png\n")
    assert at(member + SCENE, "KS104") == [(8, 3)]
    assert at("Aspect: 9:16\n" + HEAD + "INT. DEPOT - NIGHT\nAspect: 16:9\n" + SCENE.split("\n", 1)[1], "KS104") == []


def test_ks105():
    end_only = HEAD + "INT. DEPOT - NIGHT\nEnd frame: https://a.example/e.png\n" + SCENE.split("\n", 1)[1]
    assert at(end_only, "KS105") == [(14, 1)]
    both = HEAD + "INT. DEPOT - NIGHT\nStart frame: https://a.example/s.png\nEnd frame: https://a.example/e.png\n" + SCENE.split("\n", 1)[1]
    assert at(both, "KS105") == []
    payload = '{"model": "kling-video-o3-pro-reference-to-video", "prompt": "x",\n "tail_image_url": "https://a.example/e.png"}'
    assert at(payload, "KS105", "p.json") == [(2, 2)]


def test_ks106():
    assert at("Model: kling-video-o3-omni\n" + HEAD + SCENE, "KS106") == [(1, 8)]
    assert at("Model: kling-video-o3-pro-reference-to-video\n" + HEAD + SCENE, "KS106") == []
    assert at('{"model": "other", "prompt": "x"}', "KS106", "p.json") == [(1, 11)]
