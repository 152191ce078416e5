"""Fountain's own markup is never sent as text: what a published screenplay's shots compile to."""

from __future__ import annotations

import pytest

import kscript
from kscript.check.runner import check_script
from kscript.compiler.markup import join_lines, spoken, unmark
from tests.helpers import HEAD

SCENE_HEAD = HEAD + "INT. DEPOT - NIGHT\n\n"


def prompt(body: str, head: str = SCENE_HEAD) -> str:
    result = check_script("t.kscript", head + body)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert not errors, [(d.code, d.message) for d in errors]
    request = result.compiled[0].request
    return request["prompt"] if "prompt" in request else " | ".join(s["prompt"] for s in request["multi_prompt"])


@pytest.mark.parametrize(
    "written,sent",
    [
        ("*italic*", "italic"),
        ("**bold**", "bold"),
        ("***both***", "both"),
        ("_underline_", "underline"),
        ("a *slow* and **steady** _walk_", "a slow and steady walk"),
        ("\\*not italic\\*", "*not italic*"),
        ("2 * 3 * 4", "2 * 3 * 4"),
        ("snake_case_name and @tram_depot", "snake_case_name and @tram_depot"),
        ("\\_kept\\_", "_kept_"),
        ("an * alone", "an * alone"),
    ],
)
def test_emphasis_sends_the_words_without_markers(written: str, sent: str) -> None:
    assert unmark(written) == sent


def test_emphasis_in_a_shot() -> None:
    assert prompt("SHOT 4s - *WIDE*\n**Rain** on the _roof_ of @depot, as @Mara waits.\n") == (
        "WIDE. Rain on the roof of @Image1, as @Element1 waits."
    )


def test_centred_text_and_page_breaks_are_not_sent() -> None:
    text = "SHOT 4s\n@Mara waits in @depot.\n\n> THE END <\n\n===\n\n>BRICK BRADDOCK<\n"
    assert prompt(text) == "@Element1 waits in @Image1."


def test_a_centred_line_inside_a_paragraph_is_its_text_never_a_cue() -> None:
    # As its own paragraph a centred line is not sent; inside one it is the paragraph's words, without its markers.
    text = "SHOT 4s\n> BRICK BRADDOCK <\n@Mara waits in @depot.\n"
    result = check_script("t.kscript", SCENE_HEAD + text)
    assert "KS307" not in {d.code for d in result.diagnostics}
    assert result.compiled[0].request["prompt"] == "BRICK BRADDOCK @Element1 waits in @Image1."
    assert prompt("SHOT 4s\n@Mara waits in @depot.\n> THE END <\n") == "@Element1 waits in @Image1. THE END"


def test_lyrics_are_sent_as_sung_lines() -> None:
    assert join_lines(["~Happy birthday to you", "~happy birthday dear Zoe", "She smiles."]) == (
        "♪ Happy birthday to you / happy birthday dear Zoe ♪ She smiles."
    )
    text = "SHOT 4s\n@Mara waits in @depot.\n\nMARA\n~Happy birthday to you\n"
    assert prompt(text) == '@Element1 waits in @Image1. [@Element1]: "♪ Happy birthday to you ♪"'


def test_a_parenthetical_inside_dialogue_is_a_direction() -> None:
    assert spoken(["Stay here.", "(pause)", "I'll be back."]) == '"Stay here." (pause) "I\'ll be back."'
    text = "SHOT 4s\n@Mara waits in @depot.\n\nMARA\n(quietly)\nStay here.\n(pause)\nI'll be back.\n"
    assert prompt(text) == '@Element1 waits in @Image1. [@Element1, quietly]: "Stay here." (pause) "I\'ll be back."'


def test_an_inline_note_leaves_no_gap() -> None:
    assert prompt("SHOT 4s\n@Mara waits in @depot[[ a note ]].\n") == "@Element1 waits in @Image1."
    assert prompt("SHOT 4s\n@Mara waits [[ note ]] in @depot.\n") == "@Element1 waits in @Image1."
    assert prompt("SHOT 4s - WIDE[[ lens? ]]\n@Mara waits in @depot.\n") == "WIDE. @Element1 waits in @Image1."


def test_a_note_across_lines_leaves_no_gap_either() -> None:
    assert prompt("SHOT 4s\n@Mara waits[[ one\ntwo ]] in @depot.\n") == "@Element1 waits in @Image1."


def test_a_stray_boneyard_end_is_a_warning_where_it_stands() -> None:
    result = check_script("t.kscript", SCENE_HEAD + "SHOT 4s\n@Mara waits in @depot.\n/* /* cut */ */\n")
    stray = [d for d in result.diagnostics if d.code == "KS010"]
    assert [(d.span.line, d.span.column, d.severity) for d in stray] == [(17, 14, "warning")]


# -- read as the other Fountain tools read it (issue 21; tests/test_peers.py runs their suites) --


def codes(text: str) -> list[str]:
    return [d.code for d in check_script("t.fountain", text).diagnostics]


def test_a_two_space_line_inside_dialogue_keeps_the_speech_going() -> None:
    text = "SHOT 4s\n@Mara waits in @depot.\n\nMARA\nStay here.\n  \nI'll be back.\n"
    assert prompt(text) == '@Element1 waits in @Image1. [@Element1]: "Stay here. I\'ll be back."'
    # fmt keeps it: a blank line there would end the speech for every Fountain tool
    assert "\n  \nI'll be back." in kscript_format(SCENE_HEAD + text)


def test_two_trailing_spaces_make_a_transition_action() -> None:
    assert prompt("SHOT 4s\n@Mara waits in @depot.\n\nCUT TO:  \n") == "@Element1 waits in @Image1. CUT TO:"
    assert prompt("SHOT 4s\n@Mara waits in @depot.\n\nCUT TO:\n") == "@Element1 waits in @Image1."
    assert "\nCUT TO:  \n" in kscript_format(SCENE_HEAD + "SHOT 4s\n@Mara waits in @depot.\n\nCUT TO:  \n")


def test_a_transition_inside_a_paragraph_is_its_text() -> None:
    assert prompt("SHOT 4s\n@Mara waits in @depot.\nCUT TO:\n") == "@Element1 waits in @Image1. CUT TO:"


def test_paragraphs_are_joined_without_an_invented_full_stop() -> None:
    assert prompt("SHOT 4s - WIDE\n@Mara waits in @depot\n\nthen turns\n\naway\n") == "WIDE. @Element1 waits in @Image1 then turns away"
    assert prompt("SHOT 4s\n@Mara waits in @depot\nthen turns\n") == "@Element1 waits in @Image1 then turns"


def test_valid_fountain_is_no_syntax_error() -> None:
    assert "KS001" not in codes("Some action.\n\nTO:\n\nINT. HOUSE - DAY\n")
    assert "KS001" not in codes("A line.\n\nThe note says what is written here:\n*Monday*\n\nINT. HOUSE - DAY\n")
    parsed = kscript.parse("It is written:\n\n*Monday*\n\nINT. HOUSE - DAY\n")
    assert parsed.script.title_page == [] and parsed.diagnostics == []
    assert [e.kind for e in parsed.script.elements] == ["action", "action", "heading"]
    assert kscript.parse("Title: The Lantern\nAuthor:\n    J. Rivera\n").script.title_page[0].value == "The Lantern"


def test_every_heading_prefix_of_fountain_is_a_heading() -> None:
    for heading in ("I./E. HOUSE - DAY", "I/E HOUSE - DAY", "INT./EXT. HOUSE - DAY", "EST. HOUSE - DAY"):
        assert [s.heading for s in kscript.parse(heading + "\n").script.scenes] == [heading]


def test_a_note_across_a_blank_line_is_no_note_and_says_so() -> None:
    parsed = kscript.parse("This is not [[\na proper note\n\nbecause it has a blank line\n]]\n")
    assert [d.code for d in parsed.diagnostics] == ["KS002"]
    assert "blank line" in parsed.diagnostics[0].message
    assert [e.text for e in parsed.script.elements] == ["This is not [[\na proper note", "because it has a blank line\n]]"]
    # two spaces on the line keep the note going
    assert kscript.parse("Text [[a note\n  \nstill the note]] more\n").diagnostics == []


def kscript_format(text: str) -> str:
    formatted = kscript.format(text)
    assert kscript.format(formatted) == formatted
    return formatted


def test_fmt_keeps_the_spaces_that_make_a_capitals_line_no_cue_for_screenplain() -> None:
    text = "SCANNING THE AISLES...  \nWhere is that pit boss?\n\nMARA   \n"
    assert kscript_format(text) == "SCANNING THE AISLES...  \nWhere is that pit boss?\n\nMARA\n"
