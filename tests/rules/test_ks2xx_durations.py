"""Table-driven tests of KS201 to KS205 (durations and shots)."""

import pytest

from tests.helpers import HEAD, at, lint


def scene(*shots: str) -> str:
    body = "".join(f"\nSHOT {s}\n@Mara waits in @depot.\n" for s in shots)
    return HEAD + "INT. DEPOT - NIGHT\n" + body


@pytest.mark.parametrize(
    "shots,expected",
    [(("0s",), [(15, 6)]), (("16s",), [(15, 6)]), (("2.5s - WIDE",), [(15, 6)]), (("4s", "3.0s"), [])],
)
def test_ks201(shots, expected):
    assert at(scene(*shots), "KS201") == expected


def test_ks201_quotes_the_api():
    (d,) = [d for d in lint(scene("16s")) if d.code == "KS201"]
    assert "Input should be '1', '2'," in d.message and "or '15'" in d.message


def test_ks201_payload():
    text = '{"model": "kling-video-o3-pro-reference-to-video",\n "multi_prompt": [{"prompt": "a", "duration": 16}, {"prompt": "b", "duration": "4"}]}'
    assert at(text, "KS201", "p.json") == [(2, 47)]


@pytest.mark.parametrize("shots,expected", [(("2s",), [(13, 1)]), (("1s", "1s"), [(13, 1)]), (("3s",), []), (("1s", "2s"), [])])
def test_ks202(shots, expected):
    assert at(scene(*shots), "KS202") == expected


def test_ks202_quotes_the_api():
    (d,) = [d for d in lint(scene("2s")) if d.code == "KS202"]
    assert "duration value '2' is invalid. Try using duration='5' instead" in d.message


@pytest.mark.parametrize("shots,expected", [(("8s", "8s"), [(13, 1)]), (("5s", "5s", "- WIDE", "1s"), [(13, 1)]), (("15s",), []), (("16s",), [])])
def test_ks203(shots, expected):
    assert at(scene(*shots), "KS203") == expected


def test_ks203_quotes_the_api_and_payload():
    (d,) = [d for d in lint(scene("8s", "8s")) if d.code == "KS203"]
    assert "Total shot duration (16s) exceeds maximum allowed (15s)." in d.message
    text = '{"model": "kling-video-o3-pro-reference-to-video", "multi_prompt": [{"prompt": "a", "duration": 11}, {"prompt": "b"}]}'
    assert at(text, "KS203", "p.json") == [(1, 52)]


def test_ks204():
    assert at(scene("- WIDE", "4s", ""), "KS204") == [(15, 1), (21, 1)]
    assert at(scene("4s - WIDE"), "KS204") == []
    assert at('{"model": "m", "prompt": "x"}', "KS204", "p.json") == [(1, 16)]


def test_ks205():
    assert at(scene(*["2s"] * 7), "KS205") == [(33, 1)]
    assert at(scene(*["2s"] * 6), "KS205") == []
