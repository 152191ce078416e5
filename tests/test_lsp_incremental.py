"""The language server's incremental checking gives exactly what `kscript lint` gives.

kscript/check/incremental.py re-reads only the chunks an edit touched and
recomputes the cross-scene rules from cached facts; here generated scripts
and edits are checked both ways, after every edit.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kscript.check.incremental import BASE, Checker
from kscript.check.runner import check_script
from kscript.core.diagnostics import Diagnostic
from tests.helpers import EXAMPLES

HEAD = """\
Title: T
Audio: on
Style: soft light

CAST

MARA - courier
  front: https://cdn.example.com/mara.png
  voice: low

IMAGES

depot: https://cdn.example.com/depot.jpg
depot2: https://cdn.example.com/depot.jpg

"""

FRAGMENTS = [
    "INT. DEPOT - NIGHT\n",
    "EXT. ROAD #7#\n",
    "INT. ROOM #2#\n",
    ".FLASHBACK\n",
    "SHOT 4s - WIDE\n",
    "SHOT\n",
    "SHOT 20s\n",
    "Shot 2s - close\n",
    "@Mara walks into @depot.\n",
    "@depot2 and @depot glow.\n",
    "@Nobody waits.\n",
    "@Element2 is hand-made.\n",
    "He runs.\n",
    "MARA\n(quietly)\nHello THERE.\n",
    "Aspect: 4:3\n",
    "Audio: off\n",
    "Start frame: https://cdn.example.com/s.png\n",
    "End frame: http://cdn.example.com/e.png\n",
    "Avoid: no blur\n",
    "[[kscript: ignore KS204]]\n",
    "[[kscript: ignore-file KS502]]\n",
    "[[ a note\nacross lines ]]\n",
    "/* cut\nINT. GONE\n*/\n",
    "/*",
    "*/",
    "[[",
    "]]",
    "CAST\nJUNE - late\n",
    "IMAGES\nyard: https://cdn.example.com/y.png\n",
    "IMAGES\nshed: shed-not-here.png\n",  # a local file: read as lint reads it
    "# ACT TWO\n",
    "= a synopsis\n",
    "CUT TO:\n",
    "\n",
    "\n\n",
    "x",
    "1000000000003",
    "\ue000",
]

scripts = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map(lambda parts: HEAD + "".join(parts))
edits = st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 30), st.sampled_from(FRAGMENTS + ["", "", "SHOT 4s - WIDE\n@Mara runs.\n"])),
    min_size=1,
    max_size=12,
)


def shape(diagnostics: list[Diagnostic], offsets: bool = True) -> list[tuple]:
    """What a diagnostic says. A fix's edit offsets count in the normalised text in the
    incremental reading (editors use their spans), so with CRLF they are left out."""
    out = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        fix = None
        if d.fix is not None:
            fix = (d.fix.applicability, d.fix.message, tuple((e.start, e.end, e.text, e.span) if offsets else (e.text, e.span) for e in d.fix.edits))
        out.append((d.code, d.severity, d.message, tuple(d.span), d.help, fix))
    return out


def assert_same(checker: Checker, text: str, changed=None) -> None:
    analysis = checker.check(text, changed)
    offsets = "\r" not in text
    assert shape(analysis.diagnostics, offsets) == shape(check_script("t.kscript", text).diagnostics, offsets)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripts, edits)
def test_after_every_edit_the_findings_are_lints(text, changes):
    checker = Checker("t.kscript")
    assert_same(checker, text)
    for where, length, insert in changes:
        start = int(where * len(text))
        end = min(len(text), start + length)
        text = text[:start] + insert + text[end:]
        assert_same(checker, text, (start, end, start + len(insert)))


@settings(max_examples=60, deadline=None)
@given(scripts, scripts)
def test_a_whole_new_text_without_a_hint(first, second):
    checker = Checker("t.kscript")
    assert_same(checker, first)
    assert_same(checker, second)
    assert_same(checker, second.replace("\n", "\r\n"))


def test_the_examples_and_a_long_script():
    for path in sorted(EXAMPLES.glob("*.kscript")):
        assert_same(Checker("t.kscript"), path.read_text())
    scene = "INT. ROOM {n}\n\nSHOT 4s - WIDE\n@Mara walks in @depot.\n\n"
    text = HEAD + "".join(scene.format(n=n) for n in range(300)) + "INT. ROOM 5 #5#\n\nSHOT\nx\n"
    checker = Checker("t.kscript")
    assert_same(checker, text)
    middle = text.index("ROOM 150")
    text = text[:middle] + "\n" + text[middle:]
    assert_same(checker, text, (middle, middle, middle + 1))  # every later scene moves down a line
    assert checker.last.whole is None and len(checker.last.chunks) == 301


def test_an_edit_reads_again_only_the_chunk_it_touched(monkeypatch):
    from kscript.check import incremental

    scene = "INT. ROOM\n\nSHOT 4s - WIDE\n@Mara walks in @depot{n}.\n\n"
    text = HEAD + "".join(scene.format(n=n) for n in range(200))
    checker = Checker("t.kscript")
    checker.check(text)
    assert checker.last.whole is not None  # the first reading is lint's, of the whole text
    checker.warm()  # what the server does once the first diagnostics are out
    assert checker.last.whole is None and len(checker.last.chunks) == 200
    reads = []
    real = incremental.read_chunk
    monkeypatch.setattr(incremental, "read_chunk", lambda *a, **k: reads.append(1) or real(*a, **k))
    at = text.index("walks", len(text) // 2)
    text = text[:at] + "x" + text[at:]
    assert_same(checker, text, (at, at, at + 1))
    assert len(reads) == 1


def test_sentinels_stay_out_of_messages():
    text = HEAD + "INT. A\n\nSHOT 4s\n@Mara.\n\nINT. B\nAspect: 1:1\nAspect: 9:16\n\nSHOT 1s\n@Mara.\n"
    found = Checker("t.kscript").check(text).diagnostics
    assert found and all(str(BASE // 10**6) not in d.message and "\ue000" not in d.message for d in found)
    assert any("scene 2" in d.message for d in found)
