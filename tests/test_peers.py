"""kscript reads Fountain as three established Fountain parsers expect, element by element.

The peers' own test data (Jouvence's YAML cases, screenplain's test files and
example screenplays with their expected HTML, and the test files and
assertions of Nima Yousefi's reference parser) lives outside this repository,
as data under the shared folder beside it (`shared/peers/`, or the folder
named by KSCRIPT_PEERS), each with its licence and a SOURCE.md naming the
commit it came from. Every case is read twice: as written, and after
`kscript.format`, so formatting never changes how the peers' expectations
are met.

Where kscript reads a case differently on purpose, the case is listed in
tests/peer_differences.json with kscript's reading and the reason (each one
in docs/LANGUAGE.md, "Where kscript reads Fountain differently"): a new
disagreement fails, and so does a listed one that no longer happens or
that now reads differently again.
"""

from __future__ import annotations

import html
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest

import kscript
from kscript.compiler.markup import unmark
from tests.helpers import ROOT

PEERS = Path(os.environ.get("KSCRIPT_PEERS") or ROOT.parent / "shared" / "peers")
DIFFERENCES = json.loads((ROOT / "tests" / "peer_differences.json").read_text(encoding="utf-8"))
LISTED = {(d["peer"], d["case"]): d for d in DIFFERENCES}

pytestmark = pytest.mark.skipif(not PEERS.is_dir(), reason=f"the peers' Fountain test data is not at {PEERS} (set KSCRIPT_PEERS)")

READINGS = ("written", "formatted")


def elements(text: str, reading: str) -> list:
    if reading == "formatted":
        formatted = kscript.format(text)
        assert formatted == kscript.format(formatted)
        text = formatted
    return kscript.parse(text).script.elements


def collapse(text: str) -> str:
    return " ".join(text.split())


def check(peer: str, case: str, kscript_reading, expected) -> None:
    """kscript's reading equals the peer's, or the case is a listed difference with exactly that reading."""
    listed = LISTED.get((peer, case))
    if listed is None:
        assert kscript_reading == expected, f"{peer} {case}: kscript reads it differently from the peer"
    else:
        assert kscript_reading != expected, f"{peer} {case} is listed as a difference but kscript now reads it as the peer does: remove it"
        assert summary(kscript_reading, expected) == listed["kscript"], f"{peer} {case}: kscript's reading changed from the listed one"


def summary(kscript_reading, expected):
    """What a listed difference records: kscript's reading, or for a whole screenplay the lines that differ."""
    if isinstance(expected, list) and expected and isinstance(expected[0], str) and len(expected) > 40:
        import difflib

        return [line for line in difflib.unified_diff(expected, kscript_reading, n=0, lineterm="") if line[:1] in "+-" and line[:3] not in ("---", "+++")]
    return kscript_reading


# -- Jouvence ------------------------------------------------------------------------------

_JOUVENCE_SIGILS = {
    "heading": ".", "action": "!", "centered": "!><", "character": "@", "dialogue": "=",
    "parenthetical": "_", "transition": ">", "lyrics": "~", "section": "#", "synopsis": "+",
}


def _jouvence_normal(items: list[tuple[str, str]]) -> list[str]:
    """Consecutive action merged (Jouvence keeps blank lines inside one action), white space collapsed, empty action dropped."""
    out: list[list[str]] = []
    for sigil, text in items:
        if sigil == "!" and out and out[-1][0] == "!":
            out[-1][1] += " " + text
        else:
            out.append([sigil, text])
    return [sigil + collapse(text) for sigil, text in out if not (sigil == "!" and not collapse(text))]


def _jouvence_expected(spec: list[str]) -> list[str]:
    items = []
    for item in spec:
        if item == "<pagebreak>":
            items.append(("<pagebreak>", ""))
        elif item.startswith("!><"):
            items.append(("!><", item[3:]))
        else:
            items.append((item[0], item[1:]))
    return _jouvence_normal(items)


def _jouvence_reading(found: list) -> tuple[list[str], dict[str, str]]:
    items, title = [], {}
    for e in found:
        if e.kind == "title":
            title[e.extra.lower()] = e.text
        elif e.kind == "page_break":
            items.append(("<pagebreak>", ""))
        elif e.kind in _JOUVENCE_SIGILS:
            items.append((_JOUVENCE_SIGILS[e.kind], e.text))
    return _jouvence_normal(items), title


def jouvence_cases():
    if not PEERS.is_dir():
        return []
    from ruamel.yaml import YAML

    cases = []
    for path in sorted((PEERS / "jouvence").glob("test_*.yaml")):
        for i, doc in enumerate(YAML(typ="safe").load_all(path.read_text(encoding="utf-8"))):
            cases.append(pytest.param(f"{path.name}#{i}", doc, id=f"{path.name}#{i}"))
    return cases


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("case,doc", jouvence_cases())
def test_jouvence(case: str, doc: dict, reading: str) -> None:
    check("jouvence", case, *jouvence_pair(doc, reading))


def jouvence_pair(doc: dict, reading: str) -> tuple[dict, dict]:
    """(kscript's reading, Jouvence's expected reading) of one case."""
    found, title = _jouvence_reading(elements(doc["in"], reading))
    expected = _jouvence_expected(doc["out"] or [])
    expected_title = {k.lower(): v.rstrip("\n") for k, v in (doc.get("title") or {}).items()}
    return {"elements": found, "title": title}, {"elements": expected, "title": expected_title}


# -- screenplain ---------------------------------------------------------------------------


class _Screenplain(HTMLParser):
    """The elements of screenplain's HTML output, in kscript's element kinds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[list[str]] = []
        self.stack: list[tuple[str, str]] = []
        self.text: list[str] | None = None
        self.kind = ""
        self.in_dialog = False
        self.skip = 0

    def start(self, kind: str) -> None:
        self.kind, self.text = kind, []

    def end(self) -> None:
        if self.text is not None:
            text = "".join(self.text)
            if self.kind == "dialogue" and self.items and self.items[-1][0] == "dialogue":
                self.items[-1][1] += "\n" + text
            else:
                self.items.append([self.kind, text])
        self.text = None

    def handle_starttag(self, tag: str, attrs) -> None:
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append((tag, " ".join(classes)))
        if "page-break" in classes:
            self.items.append(["page_break", ""])
        if tag == "span" and any(c in ("scnuml", "scnumr") for c in classes):
            self.skip += 1
        elif tag in ("h1", "h2", "h3", "h4", "h5"):
            self.start("section")
        elif tag == "h6":
            self.start("heading")
        elif tag == "span" and any(c.endswith("-synopsis") for c in classes):
            self.start("synopsis")
        elif tag == "div" and "action" in classes:
            self.start("centered" if "centered" in classes else "action")
        elif tag == "div" and "transition" in classes:
            self.start("transition")
        elif tag == "div" and "dialog" in classes or tag == "div" and classes in (["left"], ["right"]):
            self.in_dialog = True
        elif tag == "p" and self.in_dialog:
            self.start("character" if "character" in classes else "parenthetical" if "parenthetical" in classes else "dialogue")
        elif tag == "p" and self.text is not None and self.text:
            self.text.append("\n")
        elif tag == "br" and self.text is not None:
            self.text.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        tag_open, classes = self.stack.pop() if self.stack else ("", "")
        if tag == "span" and classes in ("scnuml", "scnumr"):
            self.skip -= 1
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6") or (tag == "span" and classes.endswith("-synopsis")):
            self.end()
        elif tag == "div" and ("action" in classes or "transition" in classes):
            self.end()
        elif tag == "p" and self.in_dialog:
            self.end()
        elif tag == "div" and ("dialog" in classes or classes in ("left", "right")):
            self.in_dialog = False

    def handle_data(self, data: str) -> None:
        if self.text is not None and not self.skip:
            self.text.append(data)


def _screenplain_normal(items: list[list[str]]) -> list[str]:
    out: list[list[str]] = []
    for kind, text in items:
        text = collapse(text.replace("\xa0", " "))
        if kind == "transition":
            text = text.upper()  # screenplain writes forced transitions in capitals
        if kind == "centered" and out and out[-1][0] == "centered":
            out[-1][1] += " " + text  # a centred block is one element there, one a line here
            continue
        if kind in ("action", "dialogue") and not text:
            continue
        out.append([kind, text])
    return [f"{kind}: {text}" if text else kind for kind, text in out]


def screenplain_cases():
    if not PEERS.is_dir():
        return []
    folder = PEERS / "screenplain"
    return [
        pytest.param(f"{path.parent.name}/{path.name}", path, id=f"{path.parent.name}/{path.name}")
        for path in sorted(folder.glob("*/*.fountain"))
        if path.with_suffix(".html").exists()
    ]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("case,path", screenplain_cases())
def test_screenplain(case: str, path: Path, reading: str) -> None:
    check("screenplain", case, *screenplain_pair(path, reading))


def screenplain_pair(path: Path, reading: str) -> tuple[list[str], list[str]]:
    page = path.with_suffix(".html").read_text(encoding="utf-8")
    body = page.split('<div id="wrapper" class="screenplay">', 1)[-1]
    parser = _Screenplain()
    parser.feed(body)
    expected = _screenplain_normal(parser.items)
    kinds = ("heading", "action", "centered", "character", "parenthetical", "dialogue", "transition", "section", "synopsis", "page_break", "lyrics")
    found = [[e.kind, unmark(html.unescape(e.text))] for e in elements(path.read_text(encoding="utf-8-sig"), reading) if e.kind in kinds]
    # screenplain writes lyrics as action with the tilde dropped (it has no lyrics element)
    found = [["action" if kind == "lyrics" else kind, text] for kind, text in found]
    return _screenplain_normal(found), expected


# -- Nima Yousefi's Fountain (the reference parser) ------------------------------------------

_NIMA_TYPES = {
    "heading": "Scene Heading", "action": "Action", "centered": "Action", "character": "Character",
    "dialogue": "Dialogue", "parenthetical": "Parenthetical", "transition": "Transition", "lyrics": "Lyrics",
    "page_break": "Page Break", "section": "Section Heading", "synopsis": "Synopsis", "note": "Comment",
    "boneyard": "Boneyard",
}


def fountain_cases():
    if not PEERS.is_dir():
        return []
    cases = json.loads((PEERS / "fountain" / "expected.json").read_text(encoding="utf-8"))
    out = []
    for case in cases:
        what = next(k for k in ("type", "not_type", "text", "scene_number", "section_depth") if k in case)
        name = f"{case['test']}@{case['index']}:{what}"
        out.append(pytest.param(name, case, id=name))
    return out


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("case,expected", fountain_cases())
def test_fountain_reference(case: str, expected: dict, reading: str) -> None:
    check("fountain", case, *fountain_pair(expected, reading))


def fountain_pair(expected: dict, reading: str) -> tuple:
    text = (PEERS / "fountain" / expected["file"]).read_text(encoding="utf-8")
    found = [e for e in elements(text, reading) if e.kind in _NIMA_TYPES]
    index = expected["index"]
    element = found[index] if index < len(found) else None
    kind = _NIMA_TYPES[element.kind] if element is not None else None
    if "type" in expected:
        return kind, expected["type"]
    if "not_type" in expected:
        return kind == expected["not_type"], False
    if "text" in expected:
        return (element.text if element else None), expected["text"].strip()
    if "scene_number" in expected:
        return (element.extra if element else None), expected["scene_number"]
    return (int(element.extra) if element else None), expected["section_depth"]


def test_every_listed_difference_names_a_case_and_a_reason() -> None:
    for difference in DIFFERENCES:
        assert set(difference) == {"peer", "case", "kscript", "reason"}, difference
        assert difference["peer"] in ("jouvence", "screenplain", "fountain")
        assert len(difference["reason"]) > 20
    docs = (ROOT / "docs" / "LANGUAGE.md").read_text(encoding="utf-8")
    assert "Where kscript reads Fountain differently" in docs


def test_no_peer_file_is_a_syntax_error():
    """Every Fountain file of the three suites reads without KS001; the one KS002 is screenplain's
    note across a blank line, which Fountain says is no note (kscript says so rather than hide it)."""
    found = {}
    for path in sorted(PEERS.rglob("*.fountain")):
        problems = [(d.code, d.line) for d in kscript.parse(path.read_text(encoding="utf-8-sig"), str(path)).diagnostics]
        if problems:
            found[path.relative_to(PEERS).as_posix()] = problems
    assert found == {"screenplain/files/notes.fountain": [("KS002", 14)]}


# -- screenplain's unit cases (tests/fountain_test.py: the types of the paragraphs read) -------------

_SCREENPLAIN_TYPES = {"heading": "Slug", "action": "Action", "centered": "Action", "lyrics": "Action", "transition": "Transition",
                      "page_break": "PageBreak", "section": "Section", "character": "Dialog"}


def screenplain_paragraph_types(found: list) -> list[str]:
    """kscript's elements as screenplain's paragraphs: a cue and what follows it is one Dialog (a
    cue ending `^` after a Dialog makes them a DualDialog), the lines of one paragraph one Action."""
    out: list[str] = []
    last_end = -2
    for e in found:
        kind = _SCREENPLAIN_TYPES.get(e.kind)
        if kind is None:
            continue
        if kind == "Action" and out and out[-1] == "Action" and e.line == last_end + 1:
            last_end = e.line + e.text.count("\n")  # lyric lines and plain lines of one paragraph
            continue
        if kind == "Dialog" and out and out[-1] == "Dialog" and e.dual:
            out[-1] = "DualDialog"
        else:
            out.append(kind)
        last_end = e.line + e.text.count("\n")
    return out


def screenplain_unit_cases():
    path = PEERS / "screenplain" / "fountain_test_cases.json"
    if not path.exists():
        return []
    return [pytest.param(c["test"], c, id=c["test"]) for c in json.loads(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("case,spec", screenplain_unit_cases())
def test_screenplain_units(case: str, spec: dict, reading: str) -> None:
    found = elements("\n".join(spec["lines"]), reading)
    check("screenplain", case, screenplain_paragraph_types(found), spec["types"])
