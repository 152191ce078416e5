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
    "Start frame: frames/none.png\n",  # a local file (missing): the assets pass, as lint runs it
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


def edited(text: str, changes_made: list[tuple[float, int, str]]) -> tuple[str, list]:
    """`text` after the edits, and the changes the server would have gathered for them."""
    from kscript.check.changes import merge

    gathered = None
    for where, length, insert in changes_made:
        start = int(where * len(text))
        end = min(len(text), start + length)
        text = text[:start] + insert + text[end:]
        gathered = merge(gathered, start, end, len(insert))
    return text, gathered


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripts, st.lists(edits, min_size=1, max_size=4))
def test_after_edits_gathered_as_scattered_changes_the_findings_are_lints(text, bursts):
    """Edits typed faster than they are checked, each burst checked at once, as the server does."""
    checker = Checker("t.kscript")
    assert_same(checker, text)
    checker.warm()
    for burst in bursts:
        text, gathered = edited(text, burst)
        assert_same(checker, text, gathered)


@settings(max_examples=300, deadline=None)
@given(st.text("ab\n", max_size=30), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 5), st.text("xy\n", max_size=4)), max_size=15))
def test_gathered_changes_say_exactly_what_differs(text, made):
    """Between the changes the two texts are the same, and each change's old and new parts are
    where it says: what the checker relies on to read again only the changed scenes."""
    new, gathered = edited(text, made)
    if gathered is None:
        assert new == text
        return
    old_at = new_at = 0
    for o1, o2, n1, n2 in gathered:
        assert o1 - old_at == n1 - new_at >= 0 and o2 >= o1 and n2 >= n1
        assert text[old_at:o1] == new[new_at:n1]
        old_at, new_at = o2, n2
    assert text[old_at:] == new[new_at:]


def test_edits_at_scattered_scenes_read_only_those_scenes(monkeypatch):
    from kscript.check import incremental
    from kscript.check.changes import merge

    scene = "INT. ROOM\n\nSHOT 4s - WIDE\n@Mara walks in @depot{n}.\n\n"
    text = HEAD + "".join(scene.format(n=n) for n in range(200))
    checker = Checker("t.kscript")
    checker.check(text)
    checker.warm()
    reads = []
    real = incremental.read_chunk
    monkeypatch.setattr(incremental, "read_chunk", lambda *a, **k: reads.append(1) or real(*a, **k))
    gathered = None
    for n in (20, 180, 100, 60):  # out of order, as typing at random lines comes
        at = text.index(f"depot{n}.")
        text = text[:at] + "x" + text[at:]
        gathered = merge(gathered, at, at, 1)
    assert len(gathered) == 4
    walked = []
    real_chunk = incremental.Checker._chunk
    monkeypatch.setattr(incremental.Checker, "_chunk", lambda self, *a: walked.append(1) or real_chunk(self, *a))
    assert_same(checker, text, gathered)
    assert len(reads) == 4  # the four scenes read again
    assert len(walked) <= 8  # and each with the one before it looked up: not the 160 between them
    assert checker.last.whole is None


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
    assert checker.last.whole is None and len(checker.last.chunks) == 200  # read in chunks from the first
    noted = Checker("t.kscript")
    noted.check(text + "[[ a note ]]\n")
    assert noted.last.whole is not None  # hidden text: read whole first, as lint reads it
    noted.warm()  # what the server does once the first diagnostics are out
    assert noted.last.whole is None and len(noted.last.chunks) == 200
    reads = []
    real = incremental.read_chunk
    monkeypatch.setattr(incremental, "read_chunk", lambda *a, **k: reads.append(1) or real(*a, **k))
    at = text.index("walks", len(text) // 2)
    text = text[:at] + "x" + text[at:]
    assert_same(checker, text, (at, at, at + 1))
    assert len(reads) == 1


def test_an_edit_above_the_first_scene_reads_every_scene_again_but_parses_none(monkeypatch):
    from kscript.check import incremental

    scene = "INT. ROOM\n\nSHOT 4s - WIDE\n@Mara walks in @depot{n}.\n\n"
    text = HEAD + "".join(scene.format(n=n) for n in range(50))
    checker = Checker("t.kscript")
    checker.check(text)
    parses, reads = [], []
    real_parse, real_read = incremental.parse_chunk, incremental.read_chunk
    monkeypatch.setattr(incremental, "parse_chunk", lambda *a, **k: parses.append(1) or real_parse(*a, **k))
    monkeypatch.setattr(incremental, "read_chunk", lambda *a, **k: reads.append(1) or real_read(*a, **k))
    for old, new in (("MARA - courier", "MARA - a courier"), ("MARA - a courier", "MARIA - a courier")):
        at = text.index(old)
        text = text[:at] + new + text[at + len(old) :]
        assert_same(checker, text, (at, at + len(old), at + len(new)))  # the second: every @Mara unknown
    assert len(reads) == 100 and parses == []
    assert checker.parsed == {}  # nothing kept beyond the reading


def test_a_text_naming_local_files_is_read_in_chunks_and_its_files_checked_as_lint_checks_them(monkeypatch, tmp_path):
    from PIL import Image

    from kscript.check import incremental
    from kscript.check.runner import AssetSettings

    (tmp_path / "frames").mkdir()
    Image.new("RGB", (100, 100)).save(tmp_path / "frames" / "small.png")
    Image.new("RGB", (640, 480)).save(tmp_path / "mara.png")
    scene = "INT. ROOM\n\nSHOT 4s - WIDE\n@Mara walks in @depot.\n\n"
    local = "INT. YARD\nStart frame: frames/missing.png\n\nSHOT 4s\n@Mara waits.\n\n"
    small = "INT. SHED #9#\nStart frame: frames/small.png\nEnd frame: mara.png\n\nSHOT 4s\n@Mara hides.\n\n"
    text = HEAD.replace("https://cdn.example.com/mara.png", "mara.png") + scene * 5 + local + scene * 5 + small
    path = str(tmp_path / "t.kscript")

    def lint_of(text: str, repo: str | None) -> list:
        return shape(check_script(path, text, assets=AssetSettings(repo, None)).diagnostics)

    for repo in (None, "ns/assets"):  # without an assets repository, KS312 too
        checker = Checker(path, assets=AssetSettings(repo, None))
        analysis = checker.check(text)
        assert analysis.whole is None  # read in chunks, files and all
        assert shape(analysis.diagnostics) == lint_of(text, repo)
        codes = [d.code for d in analysis.diagnostics]
        assert codes.count("KS313") == 2 and ("KS312" in codes) == (repo is None)
    reads = []
    real = incremental.read_chunk
    monkeypatch.setattr(incremental, "read_chunk", lambda *a, **k: reads.append(1) or real(*a, **k))
    at = text.index("waits")
    text = text[:at] + "x" + text[at:]
    assert shape(checker.check(text, (at, at, at + 1)).diagnostics) == lint_of(text, "ns/assets")
    assert len(reads) == 1 and checker.last.whole is None
    at = text.index("Start frame: frames/missing.png")
    end = at + len("Start frame: frames/missing.png\n")
    text = text[:at] + "Start frame: mara.png\n" + text[end:]
    found = checker.check(text, (at, end, at + len("Start frame: mara.png\n"))).diagnostics
    assert shape(found) == lint_of(text, "ns/assets") and [d.code for d in found].count("KS313") == 1
    text = text + "[[kscript: ignore KS313]]\n"  # a directive silences the files' findings, as in lint
    assert shape(checker.check(text, (len(text) - 26, len(text) - 26, len(text))).diagnostics) == lint_of(text, "ns/assets")


def test_sentinels_stay_out_of_messages():
    text = HEAD + "INT. A\n\nSHOT 4s\n@Mara.\n\nINT. B\nAspect: 1:1\nAspect: 9:16\n\nSHOT 1s\n@Mara.\n"
    found = Checker("t.kscript").check(text).diagnostics
    assert found and all(str(BASE // 10**6) not in d.message and "\ue000" not in d.message for d in found)
    assert any("scene 2" in d.message for d in found)
