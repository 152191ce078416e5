"""The lossless layer: every text comes back exactly, and positions map to offsets."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tests.rules
from kscript.check.runner import check_script
from kscript.core.lines import LineTable
from kscript.language.source import decode, load
from tests.helpers import EXAMPLES

# Text that stresses line ends and the reading pass: every kind of line end,
# the mark, NUL, hidden text, and any other character.
AWKWARD = st.lists(st.sampled_from(["\r", "\n", "\r\n", "\ufeff", "\x00", "[[", "]]", "/*", "*/", "a", " ", "\t", "é", "😀", "\u2028"]), max_size=60).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=200), AWKWARD, AWKWARD.map(lambda t: "\ufeff" + t))


def rule_table_texts() -> list[str]:
    """Every script and payload text the rule tests use."""
    texts: list[str] = []
    for info in pkgutil.iter_modules(tests.rules.__path__):
        if not info.name.startswith("test_ks"):
            continue
        module = importlib.import_module(f"tests.rules.{info.name}")
        for case in [*getattr(module, "BAD", []), *getattr(module, "GOOD", [])]:
            texts.append(case[0] if isinstance(case, tuple) else case)
    return texts


CORPUS = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.kscript"))] + rule_table_texts()


def test_the_corpus_is_the_examples_and_the_rule_tests():
    assert len(CORPUS) > 100


@pytest.mark.parametrize("text", CORPUS)
def test_corpus_round_trips_in_every_line_ending(text):
    for ending in ("\n", "\r\n", "\r"):
        for mark in ("", "\ufeff"):
            written = mark + text.replace("\n", ending)
            table = LineTable(written)
            assert table.render() == written
            assert table.render().encode("utf-8") == written.encode("utf-8")
            assert load("t.kscript", written).table.render() == written


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.kscript")), ids=lambda p: p.name)
def test_example_files_round_trip_byte_for_byte(path):
    data = path.read_bytes()
    assert LineTable(decode(data)).render().encode("utf-8") == data


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_any_text_round_trips(text):
    table = LineTable(text)
    assert table.render() == text
    assert "".join(line.text + line.ending for line in table) == text.removeprefix("\ufeff")
    assert all(line.ending in ("\n", "\r\n", "\r") for line in list(table)[:-1])
    assert table.endings[-1] == ""
    for line in table:
        assert "\n" not in line.text and "\r" not in line.text
        assert text[line.start : line.start + len(line.text)] == line.text


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_positions_and_offsets_agree(text):
    table = LineTable(text)
    for offset in range(len(table.bom), len(text) + 1):
        line, column = table.position(offset)
        assert table.offset(line, column) == offset or column - 1 > len(table.texts[line - 1])
    for line in table:
        assert table.offset(line.number, 1) == line.start
        assert table.byte_offset(line.start) == len(text[: line.start].encode("utf-8"))
        end = line.start + len(line.text)
        assert table.byte_offset(end) == len(text[:end].encode("utf-8"))


def test_line_endings_are_kept_per_line():
    table = LineTable("\ufeffa\r\nb\nc\rd")
    assert [(x.text, x.ending, x.start) for x in table] == [("a", "\r\n", 1), ("b", "\n", 4), ("c", "\r", 6), ("d", "", 8)]
    assert table.bom == "\ufeff"
    assert LineTable("a\r\nb\r\n").newline == "\r\n"
    assert LineTable("a").newline == "\n"
    assert len(LineTable("")) == 1


def test_reading_pass_is_a_view_with_the_same_lines():
    text = "\ufeffTitle: T\r\n[[ a note\r\nacross lines ]]\r\n\x00\r\nINT. A - DAY\rSHOT 4s\n"
    source = load("t.kscript", text)
    assert source.table.render() == text
    assert len(source.text.split("\n")) - 1 == len(source.table) - 1
    assert source.original.split("\n") == [t.replace("\x00", "\ufffd") for t in source.table.texts]


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_every_diagnostic_carries_offsets_into_the_text_as_given(text):
    table = LineTable(text)
    for d in check_script("t.kscript", text).diagnostics:
        assert d.start is not None and d.end is not None
        assert len(table.bom) <= d.start <= d.end <= len(text)
        line, column = table.position(d.start)
        assert line == d.line
        assert column == min(d.column, len(table.texts[line - 1]) + 1)


def test_offsets_point_at_what_the_diagnostic_names():
    text = "\ufeffINT. A - DAY\r\n\r\nSHOT 16s - WIDE\r\nRain.\r\n"
    (d,) = [d for d in check_script("t.kscript", text).diagnostics if d.code == "KS201"]
    assert (d.line, d.column, d.end_line, d.end_column) == (3, 6, 3, 9)
    assert text[d.start : d.end] == "16s"
    assert LineTable(text).byte_offset(d.start) == text.encode("utf-8").index(b"16s")
