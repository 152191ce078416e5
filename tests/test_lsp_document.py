"""The language server's document after any edits is the document made from its text anew:
the same text, lines, line starts and positions both ways (kscript/lsp/document.py keeps
typing's edits as pending shifts of its lines, so this is what could go wrong)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kscript.lsp.document import Document

# Line breaks of every kind, and characters that are one, two or four bytes long.
ALPHABET = st.sampled_from(["a", "b", " ", "\n", "\r", "\r\n", "é", "😀", "\ufeff"])
TEXT = st.lists(ALPHABET, max_size=40).map("".join)


def fresh_view(text: str) -> tuple:
    d = Document("x", text)
    return d.starts, [d.line(n) for n in range(d.line_count() + 1)]


def same(d: Document, encoding: str) -> None:
    text = d.text
    starts, lines = fresh_view(text)
    assert [d.line_start(n) for n in range(d.line_count())] == starts
    assert [d.line(n) for n in range(d.line_count() + 1)] == lines
    for offset in range(len(text) + 1):
        line, character = d.position(offset, encoding)
        expected = Document("x", text)
        assert (line, character) == expected.position(offset, encoding)
        assert d.offset(line, character, encoding) == expected.offset(line, character, encoding)
    assert d.has_cr == ("\r" in text)
    assert d.starts == starts


@settings(max_examples=300, deadline=None)
@given(
    TEXT,
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 4), TEXT), max_size=12),
    st.sampled_from(["utf-16", "utf-8", "utf-32"]),
)
# Where a \r and a \n meet: one made of two breaks, two made of one, and a break typed mid-line.
@example("\ra\n", [(1, 1, "")], "utf-16")
@example("a\rx\nb", [(2, 1, "")], "utf-16")
@example("a\r\nb", [(2, 0, "x")], "utf-8")
@example("ab\ncd", [(1, 0, "\r"), (3, 0, "\n")], "utf-16")
def test_any_edits_leave_the_document_its_text_would_make(text, edits, encoding):
    d = Document("x", text)
    d.starts  # noqa: B018 - the line table known, as the server has it after the first diagnostics
    model = text
    for at, length, new in edits:
        start = min(at, len(model))
        end = min(start + length, len(model))
        d.apply(start, end, new)
        model = model[:start] + new + model[end:]
        assert d.text == model
        starts, lines = fresh_view(model)
        assert [d.line(n) for n in range(d.line_count() + 1)] == lines
    same(d, encoding)


def test_typing_inside_lines_changes_only_those_lines():
    text = "".join(f"line {n}\r\n" if n % 3 else f"line {n}\n" for n in range(1_000))
    d = Document("x", text)
    d.starts  # noqa: B018
    model = text
    for n in range(300):
        line = (n * 37) % 1_000
        offset = d.offset(line, 2, "utf-16")
        d.apply(offset, offset, "x")
        model = model[:offset] + "x" + model[offset:]
        assert d._lines is not None and d._text is None  # kept as lines: nothing copied whole
    assert d.text == model
    same(d, "utf-16")
