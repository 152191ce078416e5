"""Rename keeps the script's structure (issue 19, item 4).

Every name declared in the examples is renamed to a list of hostile names:
each rename is either refused with a reason, or the renamed script compiles
to the same requests, lints the same, and differs only where the name stood.
In process (every example, and hypothesis's names) and through a real
language-server client over stdio (pytest-lsp).
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pytest_lsp import LanguageClient

from kscript.check.incremental import Checker
from kscript.check.runner import check_script
from kscript.lsp import lookup, navigate, rename
from tests.helpers import EXAMPLES
from tests.test_lsp import apply_edits, open_doc
from tests.test_lsp import fresh_client as client  # noqa: F401 (the language-server fixture)

# A script with the traps no example has: an undeclared `@Nadia` and a cue `NADIA` that is
# not in the cast (renaming to Nadia would capture them), a forced cue, a cue with an extension.
TRAPS = """\
Title: Traps
Audio: on

CAST

MARA - courier
  front: https://cdn.example.com/mara.png

LANTERN - brass lantern
  front: https://cdn.example.com/lantern.png

IMAGES

depot: https://cdn.example.com/depot.jpg

INT. DEPOT - NIGHT

SHOT 4s - WIDE
@Mara waits in @depot with @Lantern. @Nadia watches.

NADIA
Late again.

SHOT 3s - CLOSE
@mara
Not late.

MARA (V.O.)
(quietly)
Never late.
"""

HOSTILE = [
    # words the language reads at the start of a line
    "INT", "ext", "Est", "SHOT", "shot", "CAST", "Images", "Title", "aspect", "Style", "Negative", "Author",
    "Model", "Audio", "Fade", "CUT", "to", "Dissolve",
    # not names
    "", "two words", "@Mara", "Ma:ra", "Mara - x", " - ", ":", "#1#", "2nd", "007", "A\tB", "A\nB", "Element1", "image3",
    # letters that change in capitals or in small letters
    "Straße", "ß", "Işık", "İpek", "ǅemal", "ﬁn", "ΣΟΦΙΑ", "e\u0301", "\u200bX",
    # ordinary and odd but valid
    "Nadia", "R2D2", "Zoë", "naïve", "x_1", "Q" * 4000, "ALLCAPS", "lower",
]


def others(text: str) -> list[str]:
    analysis = Checker("t.kscript").check(text)
    return [d.name for d in lookup.declared(analysis)]


# Every example that declares a name (one-shot.kscript declares none), and the traps.
SCRIPTS = {p.stem: p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.kscript"))} | {"traps": TRAPS}
SCRIPTS = {name: text for name, text in SCRIPTS.items() if others(text)}


def try_rename(text: str, index: int, new: str) -> tuple[str | None, str | None]:
    """(renamed text, None) or (None, the reason it was refused)."""
    analysis = Checker("t.kscript").check(text)
    declaration = lookup.declared(analysis)[index]
    try:
        edits = rename.rename(
            analysis.text, "t.kscript", navigate.uses(analysis, declaration), declaration, lookup.declared(analysis), new
        )
    except rename.RenameRefused as refused:
        return None, str(refused)
    return rename.apply(analysis.text, edits), None


def requests(text: str) -> str:
    return json.dumps([c.request for c in check_script("t.kscript", text).compiled], ensure_ascii=False)


def findings(text: str) -> list[tuple[str, int]]:
    return sorted((d.code, d.span.line) for d in check_script("t.kscript", text).diagnostics)


def only_the_name_changed(before: str, after: str, old: str, new: str) -> None:
    old_lines, new_lines = before.split("\n"), after.split("\n")
    assert len(old_lines) == len(new_lines)
    changed = 0
    for was, now in zip(old_lines, new_lines, strict=True):
        if was == now:
            continue
        changed += 1
        if now.startswith("@") and not was.startswith("@"):  # a cue in capitals, forced with `@`
            now = now[1:]
        was_parts, now_parts = re.split(r"(\W)", was), re.split(r"(\W)", now)
        assert len(was_parts) == len(now_parts), (was, now)
        for a, b in zip(was_parts, now_parts, strict=True):
            if a != b:
                assert a.lower() == old.lower() and b.lower() == new.lower(), (was, now)
    assert changed


def assert_safe(text: str, index: int, new: str) -> str | None:
    """The property: refused with a reason, or the same requests and findings with only the name changed."""
    old = others(text)[index]
    renamed, reason = try_rename(text, index, new)
    if renamed is None:
        assert reason and len(reason) > 20, reason
        return reason
    assert requests(renamed) == requests(text)
    assert findings(renamed) == findings(text)
    if new.lower() != old.lower():
        only_the_name_changed(text, renamed, old, new)
    return None


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_name_of_every_script_to_every_hostile_name(name):
    text = SCRIPTS[name]
    declared = others(text)
    assert declared
    for index in range(len(declared)):
        for new in [*HOSTILE, *declared, *(d.upper() for d in declared)]:
            assert_safe(text, index, new)


def test_the_refusals_say_why():
    def why(new: str, index: int = 0) -> str:
        renamed, reason = try_rename(TRAPS, index, new)
        assert renamed is None, f"`{new}` was not refused"
        return reason

    assert "scene heading" in why("INT") and "starts a shot" in why("shot") and "opens the cast" in why("Cast")
    assert "title-page key" in why("Aspect") and "transition" in why("FADE")
    assert "not a valid name" in why("two words") and "not a valid name" in why("@Mara") and "empty" in why("")
    assert "reserved" in why("Element1") and "already a cast member (line 9)" in why("lantern")
    assert "already an image" in why("DEPOT")
    # Capturing an undeclared reference or a cue that was not in the cast changes what is sent.
    assert "line 19: the reference `@Nadia` would name the cast member or image declared on line 6" in why("Nadia")
    renamed, reason = try_rename(TRAPS.replace(" @Nadia watches.", ""), 1, "Nadia")
    assert "line 21: the dialogue cue `NADIA` would name the cast member or image declared on line 9" in reason


def test_a_name_that_changes_in_capitals_is_written_as_typed_everywhere():
    renamed, reason = try_rename(TRAPS, 0, "Straße")
    assert reason is None
    # `STRASSE` would not match `@Straße`: the cast line takes the name as typed, and the
    # cues in capitals are forced with `@` so that they stay cues.
    assert "\nStraße - courier\n" in renamed and "@Straße waits" in renamed
    assert "\n@straße\nNot late." in renamed and "\n@Straße (V.O.)\n(quietly)\n" in renamed
    assert requests(renamed) == requests(TRAPS)
    plain, _ = try_rename(TRAPS, 0, "Nora")
    assert "\nNORA - courier\n" in plain and "\nNORA (V.O.)\n" in plain and "\n@nora\n" in plain and "@Nora waits" in plain
    inner, _ = try_rename(TRAPS, 0, "McKay")
    assert "\nMCKAY - courier\n" in inner and "@McKay waits" in inner and "\n@mckay\n" in inner


NAME_CHARS = st.sampled_from(list("aZqß ıİǅﬁ_@:-09ΣσςéÉ\u0301\t.#ſKåÅ") + ["\u212a", "\u0130"])


@settings(max_examples=150, deadline=None)
@given(script=st.sampled_from(sorted(SCRIPTS)), index=st.integers(0, 10), new=st.text(NAME_CHARS, max_size=10))
def test_any_name_is_refused_or_renames_cleanly(script, index, new):
    text = SCRIPTS[script]
    assert_safe(text, index % len(others(text)), new)


async def test_rename_through_the_language_server(client: LanguageClient, tmp_path):  # noqa: F811
    text = SCRIPTS["traps"]
    uri = await open_doc(client, tmp_path / "a.kscript", text)
    doc = types.TextDocumentIdentifier(uri)
    analysis = Checker("t.kscript").check(text)
    refused = renamed = 0
    for index, declaration in enumerate(lookup.declared(analysis)):
        at = types.Position(declaration.span.line - 1, declaration.span.column)
        prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(doc, at))
        assert prepared.placeholder == declaration.name
        for new in [n for n in HOSTILE if "\n" not in n and len(n) < 100] + ["Straße", "Nadia", "Lantern"]:
            expected, reason = try_rename(text, index, new.strip())
            try:
                edit = await client.text_document_rename_async(types.RenameParams(doc, at, new))
            except Exception as error:  # the LSP error response: the client raises it
                assert reason is not None and reason in str(error), (new, str(error))
                refused += 1
                continue
            assert reason is None, (new, reason)
            after = apply_edits(text, edit.changes[uri])
            assert after == expected and requests(after) == requests(text)
            renamed += 1
    assert refused > 50 and renamed > 10


def test_the_second_reading_names_the_line_that_changes():
    # What the word list does not foresee, reading the renamed text again finds.
    def why(after: str) -> str | None:
        return rename.compare(check_script("t.kscript", TRAPS), check_script("t.kscript", after))

    assert why(TRAPS) is None
    heading = why(TRAPS.replace("MARA - courier", "INT. courier"))
    assert heading.startswith("line 6 would be read as a scene heading instead of a cast member")
    assert why(TRAPS.replace("\nNADIA\n", "\nNadia\n")) == "line 21 would be read as action instead of a dialogue cue"
    assert why(TRAPS.replace("@Nadia watches", "Nadia watches")) == "line 19 would lose the reference `@Nadia`"
