"""How kscript reads a script as Fountain: its elements in order.

The build pass turns the grammar's lines into the model (scenes, shots,
paragraphs); this module gives the same reading as a flat list of Fountain's
elements, the way other Fountain tools list them: title-page entries, scene
headings, action, character cues, parentheticals, dialogue, lyrics,
transitions, centred text, page breaks, sections, synopses, notes and
boneyard, plus kscript's own lines (`shot`, `setting`, `declaration`). The
peers' test suites are compared against it (tests/test_peers.py), and it is
where two rules that decide what is sent live:

- a line of two or more spaces between two lines of a paragraph is a blank
  line inside that paragraph (Fountain's way to keep a speech going), not the
  end of the paragraph;
- a transition or a `>` line is one only as a paragraph of its own: inside a
  paragraph it is that paragraph's text, sent as written (a `>` line without
  its `>` and `<`, as emphasis is sent without its stars), and never a cue.
"""

from __future__ import annotations

import re
from typing import Any

from kscript.language.model import TextLine
from kscript.language.patterns import SCENE_NUMBER

# Token kinds that stand for a line of paragraph text.
_TEXTUAL = ("TEXT",)
_CENTRED = re.compile(r"\s*>(.*)<\s*\Z")


class Element:
    """One Fountain element: its kind, its text as written (markup kept, lines
    joined with a line break), the line it starts on, and for a heading its
    scene number, for a section its depth, for a title-page entry its key."""

    __slots__ = ("kind", "text", "line", "extra", "dual")

    def __init__(self, kind: str, text: str, line: int, extra: str = "", dual: bool = False) -> None:
        self.kind = kind
        self.text = text
        self.line = line
        self.extra = extra
        self.dual = dual  # a character cue ending `^`: dual dialogue with the speech before

    def __repr__(self) -> str:
        return f"Element({self.kind!r}, {self.text!r}, line={self.line})"


def line_of(tok: Any) -> TextLine:
    """A token's line as text, trimmed, with the column of its first character."""
    raw = tok.value[:-1] if tok.value.endswith("\n") else tok.value
    stripped = raw.lstrip()
    return TextLine(stripped.rstrip(), tok.line, tok.column + len(raw) - len(stripped))


def is_spaced_blank(tok: Any) -> bool:
    """A whitespace line of two or more spaces or tabs: Fountain's blank line inside a paragraph."""
    body = tok.value.rstrip("\n")
    return len(body) >= 2 and not body.strip()


def group(items: list[Any]) -> list[Any]:
    """`items` (the tokens of a stretch of body) as paragraphs and lone tokens.

    A paragraph is a list of TextLines: TEXT lines in a row, with a two-space
    line between two of them kept as an empty line, and a TRANSITION line
    that stands inside the paragraph read as its text. Every other token
    (BLANK, SECTION, a transition of its own...) comes back as it is."""
    out: list[Any] = []
    paragraph: list[TextLine] = []

    def textual(index: int) -> bool:
        return 0 <= index < len(items) and getattr(items[index], "type", None) in _TEXTUAL

    for i, item in enumerate(items):
        kind = getattr(item, "type", None)
        if kind in _TEXTUAL:
            paragraph.append(line_of(item))
            continue
        if kind == "TRANSITION" and (paragraph or textual(i + 1)):
            tl = line_of(item)
            if tl.text.startswith(">"):  # `>` and `<` are markup: the words are sent, as emphasis sends its words
                centred = _CENTRED.match(tl.text)
                tl.sent = (centred.group(1) if centred else tl.text[1:]).strip()
            paragraph.append(tl)
            continue
        if kind == "BLANK" and paragraph and is_spaced_blank(item) and textual(i + 1):
            paragraph.append(TextLine("", item.line, item.column))
            continue
        if paragraph:
            out.append(paragraph)
            paragraph = []
        out.append(item)
    if paragraph:
        out.append(paragraph)
    return out


def paragraph_elements(lines: list[TextLine], cue: str | None, tone_first: bool) -> list[Element]:
    """The elements of one paragraph, read by the build pass as dialogue (`cue`
    given: the cue line as written) or as action."""
    out: list[Element] = []
    body = lines
    if cue is not None:
        written = lines[0].text
        name = written[1:] if written.startswith("@") else written
        bare = re.sub(r"\s*\^\s*\Z", "", name)
        out.append(Element("character", bare, lines[0].line, dual=bare != name))
        body = lines[1:]
    run: list[TextLine] = []
    lyrics: list[TextLine] = []
    speech = "dialogue" if cue is not None else "action"

    def flush_run() -> None:
        if run:
            out.append(Element(speech, "\n".join(t.text for t in run), run[0].line))
            run.clear()

    def flush_lyrics() -> None:
        if lyrics:
            out.append(Element("lyrics", "\n".join(t.text[1:] for t in lyrics), lyrics[0].line))
            lyrics.clear()

    for tl in body:
        text = tl.text
        if text.startswith("~"):
            flush_run()
            lyrics.append(tl)
            continue
        flush_lyrics()
        if cue is not None and len(text) >= 2 and text.startswith("(") and text.endswith(")"):
            flush_run()
            out.append(Element("parenthetical", text, tl.line))
            continue
        run.append(tl)
    flush_run()
    flush_lyrics()
    if cue is None and out and lines[0].text.startswith("!") and out[0].kind == "action":
        out[0].text = out[0].text[1:]
    return out


def heading_element(tok: Any) -> Element:
    text = line_of(tok).text
    number = SCENE_NUMBER.search(text)
    extra = ""
    if number:
        extra = number.group(1)
        text = text[: number.start()].rstrip()
    if text.startswith("."):
        text = text[1:]
    return Element("heading", text, tok.line, extra)


def token_element(tok: Any) -> Element | None:
    """The element of a line that is one by itself (not paragraph text)."""
    kind = tok.type
    text = line_of(tok).text
    if kind == "HEADING":
        return heading_element(tok)
    if kind == "SECTION":
        depth = len(text) - len(text.lstrip("#"))
        return Element("section", text[depth:].strip(), tok.line, str(depth))
    if kind == "SYNOPSIS":
        return Element("synopsis", text[1:].strip(), tok.line)
    if kind == "PAGE_BREAK":
        return Element("page_break", "", tok.line)
    if kind == "TRANSITION":
        centred = _CENTRED.match(text)
        if centred:
            return Element("centered", centred.group(1).strip(), tok.line)
        return Element("transition", text[1:].strip() if text.startswith(">") else text, tok.line)
    if kind == "SHOT":
        return Element("shot", text, tok.line)
    if kind in ("CAST_KW", "IMAGES_KW", "NAME_LINE"):
        return Element("declaration", text, tok.line)
    return None


def hidden_elements(original: str, hidden: list[tuple[int, int]]) -> list[Element]:
    """A note or boneyard that has its lines to itself is an element; one inside a line is not."""
    out: list[Element] = []
    for start, end in hidden:
        line_start = original.rfind("\n", 0, start) + 1
        line_end = original.find("\n", end)
        line_end = len(original) if line_end < 0 else line_end
        if original[line_start:start].strip() or original[end:line_end].strip():
            continue
        inner = original[start + 2 : end - 2].strip()
        kind = "note" if original.startswith("[[", start) else "boneyard"
        out.append(Element(kind, inner, original.count("\n", 0, start) + 1))
    return out
