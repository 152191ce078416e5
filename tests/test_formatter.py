"""The canonical layout: what it changes, and the invariants that make it safe.

Invariants, on every example, every rule-test script and under hypothesis:
formatting twice gives what formatting once gives; the formatted script
compiles to byte-identical requests; the same lint codes remain; line endings,
the byte-order mark and every note and boneyard are kept character for character.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kscript.check.runner import check_script
from kscript.formatter import format_script, format_text
from kscript.language.source import load
from tests.helpers import EXAMPLES
from tests.test_lines import CORPUS


def requests(text: str) -> str:
    result = check_script("t.kscript", text)
    return json.dumps([c.request for c in result.compiled], ensure_ascii=False)


def codes(text: str) -> list[str]:
    return sorted(d.code for d in check_script("t.kscript", text).diagnostics)


def hidden_texts(text: str) -> list[str]:
    source = load("t.kscript", text)
    return [source.original[a:b] for a, b in source.hidden]


def assert_invariants(text: str) -> str:
    formatted = format_script(text)
    out = formatted.text
    if not formatted.ok:
        assert out == text
        assert {d.code for d in formatted.diagnostics} <= {"KS001", "KS002", "KS012"}
        return out
    assert format_text(out) == out, "not idempotent"
    assert requests(out) == requests(text), "the requests changed"
    assert codes(out) == codes(text), "the lint codes changed"
    assert hidden_texts(out) == hidden_texts(text), "a note or boneyard changed"
    assert out.startswith("\ufeff") == text.startswith("\ufeff")
    if "\r" not in text:
        assert "\r" not in out
    lone = text.replace("\r\n", "")
    if "\r\n" in text and "\n" not in lone and "\r" not in lone:
        assert "\n" not in out.replace("\r\n", ""), "a CRLF file must stay CRLF"
    return out


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.kscript")), ids=lambda p: p.stem)
def test_examples_are_already_canonical(path):
    text = path.read_text(encoding="utf-8")
    assert format_text(text) == text


@pytest.mark.parametrize("text", CORPUS)
def test_invariants_on_the_corpus(text):
    assert_invariants(text)
    assert_invariants("\ufeff" + text.replace("\n", "\r\n"))


# `·` stands for a space at the end of a line (the source itself has none).
MESSY = """

title:   The Test···
aspect:16:9
negative : blur
draft   date: today

CAST··

MARA - courier
\tFront:https://a.example/m.png
    ALSO :  https://a.example/x.png··

IMAGES
depot:https://a.example/d.jpg



int. tram depot - night #1a#···
start frame:   https://a.example/s.png
Shot 4s \u2013 WIDE,   locked
@Mara waits. [[ a note···
  across lines  ]]···
/* bone···

yard */


SHOT   - CLOSE
mara
Hi.···

SHOT 3S\u2014 MEDIUM
@Mara waits in @depot.



""".replace("·", " ")

CANONICAL = """Title: The Test
Aspect: 16:9
Negative: blur
Draft date: today

CAST

MARA - courier
  front: https://a.example/m.png
  also: https://a.example/x.png

IMAGES
depot: https://a.example/d.jpg

INT. TRAM DEPOT - NIGHT #1a#
Start frame: https://a.example/s.png
SHOT 4s - WIDE,   locked
@Mara waits. [[ a note···
  across lines  ]]
/* bone···

yard */

SHOT - CLOSE
mara
Hi.

SHOT 3s - MEDIUM
@Mara waits in @depot.
""".replace("·", " ")


def test_the_canonical_layout():
    assert format_text(MESSY) == CANONICAL
    assert_invariants(MESSY)


def test_line_endings_and_mark_are_kept():
    crlf = "\ufeff" + MESSY.replace("\n", "\r\n")
    assert format_text(crlf) == "\ufeff" + CANONICAL.replace("\n", "\r\n")
    assert format_text("INT. A - DAY\r\rSHOT 4s\rRain.") == "INT. A - DAY\r\rSHOT 4s\rRain.\r"


def test_ends_with_exactly_one_newline_and_empty_stays_empty():
    assert format_text("INT. A - DAY\n\nSHOT 4s\nRain.") == "INT. A - DAY\n\nSHOT 4s\nRain.\n"
    assert format_text("INT. A - DAY\n\nSHOT 4s\nRain.\n\n\n") == "INT. A - DAY\n\nSHOT 4s\nRain.\n"
    assert format_text("") == ""
    assert format_text("\n \n\t\n") == ""


def test_what_only_looks_like_a_heading_or_shot_is_kept():
    text = "INT. A - DAY\n\nSHOT 4s\nmara walks. int. is short for interior.\nshot of the moon\n"
    assert format_text(text) == text


def test_a_syntax_error_leaves_the_text_untouched():
    text = "aspect:16:9   \n\nSHOT 4s\nRain.\n"
    result = format_script(text)
    assert result.text == text
    assert {d.code for d in result.diagnostics} == {"KS001"}
    assert format_script("INT. A - DAY\n\nSHOT 4s   \n[[ open\n").diagnostics[0].code == "KS002"


def test_scene_numbers_keep_their_case():
    assert format_text("int. a #1a#\n\nSHOT 4s\nRain.\n").startswith("INT. A #1a#\n")


# Scripts built from the language's own lines, then roughened: any case, odd
# spacing, tabs, dashes, trailing white space, runs of blank lines, CRLF.
LINES = st.sampled_from(
    [
        "Title: T", "Aspect: 9:16", "Audio: on", "Avoid: no blur", "Negative: x", "Style: @depot look", "Model: m",
        "Draft date: now", "Generations: 2", "Output: url", "Namespace: a-b",
        "CAST", "IMAGES", "MARA - courier", "LANTERN", "  front: https://a.example/m.png", "  also: https://a.example/x.png, y",
        "  voice: low", "depot: https://a.example/d.jpg", "INT. DEPOT - NIGHT #1#", "EXT. A", "int. b #2a#", ".FLASHBACK",
        "Start frame: https://a.example/s.png", "End frame: http://a.example/e.png", "Aspekt: 1:1",
        "SHOT 4s - WIDE", "SHOT", "SHOT 16s", "SHOT 2.5s", "SHOT - CLOSE", "shot 3s - low", "SHOT 4s \u2013 HIGH",
        "@Mara walks.", "MARA", "(quietly)", "Hello.", "She runs.", "[[ note ]]", "[[ note", "]]", "/*", "*/", "/* cut */",
        "[[kscript: ignore KS5]]", "CUT TO:", "# Act", "= synopsis", "", "", "", "!ACTION", "@@", "@Element1", "mara",
    ]
)


@st.composite
def roughened(draw) -> str:
    out = []
    for line in draw(st.lists(LINES, max_size=30)):
        if draw(st.booleans()):
            line = draw(st.sampled_from([str.lower, str.upper, str.title, lambda s: s]))(line)
        if ":" in line and draw(st.booleans()):
            line = line.replace(":", draw(st.sampled_from([":", " :", ":   ", "\t:\t"])), 1)
        if line.startswith("  ") and draw(st.booleans()):
            line = draw(st.sampled_from(["\t", "    ", " "])) + line.lstrip()
        if line.startswith("SHOT") and draw(st.booleans()):
            line = line.replace(" - ", draw(st.sampled_from(["-", " \u2014 ", "  -  ", "\t- "])))
        line += draw(st.sampled_from(["", "", " ", "\t", "  [[ n ]] ", " /* b */"]))
        out.append(line)
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    mark = draw(st.sampled_from(["", "\ufeff"]))
    return mark + ending.join(out) + draw(st.sampled_from(["", ending, ending * 3]))


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(roughened(), st.text(max_size=200)))
@example("CUT TO :\nTitle: T")  # removing the space would make the key a transition
@example("IMAGES\n\nCUTTO :\n")
def test_invariants_under_hypothesis(text):
    assert_invariants(text)
