"""Fountain's own markup is never sent as text: what a published screenplay's shots compile to."""

from __future__ import annotations

import pytest

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


def test_a_centred_name_is_not_a_dialogue_cue() -> None:
    text = "SHOT 4s\n> BRICK BRADDOCK <\n@Mara waits in @depot.\n"
    result = check_script("t.kscript", SCENE_HEAD + text)
    assert "KS307" not in {d.code for d in result.diagnostics}
    assert result.compiled[0].request["prompt"] == "@Element1 waits in @Image1."


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
