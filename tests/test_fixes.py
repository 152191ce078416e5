"""The fix data model and the applier: offsets, overlaps, rounds, line ends."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kscript.check.fixes import Edit, Fix, LineTable, apply_fixes, edit, fix_text, replace
from kscript.check.rules import registry
from kscript.check.runner import check_payload, check_script
from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span
from tests.helpers import EXAMPLES
from tests.test_properties import SCRIPTS


def fix(*edits: tuple[int, int, str], applicability: str = "safe") -> Fix:
    return Fix(tuple(Edit(*e) for e in edits), applicability, "test")  # type: ignore[arg-type]


def test_applicability_is_checked():
    with pytest.raises(ValueError):
        Fix((), "maybe", "x")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "fixes,expected,count",
    [
        ([fix((0, 1, "A")), fix((2, 3, "C"))], "AbCdef", 2),
        ([fix((2, 3, "C")), fix((0, 1, "A"))], "AbCdef", 2),  # any order in, file order out
        ([fix((0, 3, "X")), fix((2, 4, "Y"))], "Xdef", 1),  # overlapping: the first wins
        ([fix((1, 1, "+")), fix((1, 1, "-"))], "a+bcdef", 1),  # two insertions at one point
        ([fix((1, 3, "X")), fix((1, 1, "+"))], "a+bcdef", 1),  # an insertion at a replacement's edge: the first in file order
        ([fix((0, 1, "A")), fix((1, 2, "B"))], "ABcdef", 2),  # touching is not overlapping
        ([fix((0, 1, "A"), (4, 5, "E")), fix((4, 6, "Z"))], "AbcdEf", 1),  # a fix is all or nothing
        ([fix((0, 2, "X"), (1, 3, "Y"))], "abcdef", 0),  # a fix overlapping itself
        ([fix((5, 9, "X"))], "abcdef", 0),  # outside the text
        ([fix((3, 3, "--"))], "abc--def", 1),
        ([fix((0, 6, ""))], "", 1),
        ([Fix((), "safe", "nothing")], "abcdef", 0),
    ],
)
def test_apply_fixes(fixes, expected, count):
    assert apply_fixes("abcdef", fixes) == (expected, count)


@given(st.text(max_size=30), st.lists(st.tuples(st.integers(0, 35), st.integers(0, 8), st.text(max_size=4)), max_size=6))
def test_any_fixes_apply_without_raising(text, raw):
    new, count = apply_fixes(text, [fix((s, s + n, t)) for s, n, t in raw])
    assert 0 <= count <= len(raw)
    assert count or new == text


def _naive(text: str, fixes: list[Fix]) -> tuple[str, int]:
    """The applier's rule written the slow, obvious way: every accepted edit checked against every other."""
    from kscript.check.fixes import _conflict

    accepted: list[Edit] = []
    count = 0
    for f in sorted((f for f in fixes if f.edits), key=lambda f: (min(e.start for e in f.edits), max(e.end for e in f.edits))):
        edits = list(f.edits)
        if any(not 0 <= e.start <= e.end <= len(text) for e in edits):
            continue
        if any(_conflict(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :]) or any(_conflict(a, b) for a in edits for b in accepted):
            continue
        accepted += edits
        count += 1
    for e in sorted(accepted, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: e.start] + e.text + text[e.end :]
    return text, count


EDITS = st.tuples(st.integers(0, 25), st.integers(0, 4), st.text(alphabet="XYZ", max_size=2))


@given(st.text(alphabet="abc", max_size=20), st.lists(st.lists(EDITS, min_size=1, max_size=3), max_size=8))
def test_the_applier_agrees_with_the_obvious_quadratic_one(text, raw):
    fixes = [Fix(tuple(Edit(s, s + n, t) for s, n, t in edits), "safe", "x") for edits in raw]
    assert apply_fixes(text, fixes) == _naive(text, fixes)


@given(st.text(min_size=1, max_size=30), st.data())
def test_disjoint_fixes_all_apply_as_if_one_after_another_from_the_end(text, data):
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=8)))
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b]  # disjoint, never touching an insertion
    texts = data.draw(st.lists(st.text(max_size=3), min_size=len(spans), max_size=len(spans)))
    fixes = [fix((a, b, t)) for (a, b), t in zip(spans, texts, strict=True)]
    expected = text
    for (a, b), t in reversed(list(zip(spans, texts, strict=True))):
        expected = expected[:a] + t + expected[b:]
    assert apply_fixes(text, data.draw(st.permutations(fixes))) == (expected, len(fixes))


def test_edits_point_into_the_original_text():
    raw = "\ufeffab\r\ncd\rx\n\nlast"
    table = LineTable(raw)
    e = edit(table, Span(2, 1, 2, 3), "CD")  # (line, column) as the passes count them
    assert (e.start, e.end, e.span) == (raw.index("cd"), raw.index("cd") + 2, Span(2, 1, 2, 3))
    e = edit(table, Span(1, 2, 1, 99), "")  # clamped to the line's end, before its CRLF
    assert (e.start, e.end, e.span) == (2, 3, Span(1, 2, 1, 3))
    e = edit(table, Span(5, 5, 5, 5), "!")  # an insertion at the very end
    assert (e.start, e.end) == (len(raw), len(raw))
    assert apply_fixes(raw, [replace(table, Span(1, 1, 1, 2), "A", "safe", "x")])[0] == "\ufeffAb\r\ncd\rx\n\nlast"


class Counter:
    """A lint that offers a fix per lower-case `a`: safe `a` -> `b`, and unsafe `b` -> `c`."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, text: str) -> list[Diagnostic]:
        self.calls += 1
        table = LineTable(text)
        out = []
        for i, ch in enumerate(text):
            if ch in "ab":
                line, column = table.position(i)
                span = Span.at(line, column)
                applicability = "safe" if ch == "a" else "unsafe"
                out.append(
                    Diagnostic("KS999", "warning", ch, span, fix=replace(table, span, chr(ord(ch) + 1), applicability, "next"))  # type: ignore[arg-type]
                )
        return out


def test_fix_text_rounds_and_counts():
    lint = Counter()
    result = fix_text("\ufeffa\r\nxa\r\n", lint)
    assert result.text == "\ufeffb\r\nxb\r\n"  # BOM and CRLF kept
    assert result.fixed == 2
    assert [d.message for d in result.remaining] == ["b", "b"]
    assert result.more_with_unsafe == 2
    assert lint.calls == 2
    result = fix_text("\ufeffa\r\nxa\r\n", Counter(), unsafe=True)
    assert result.text == "\ufeffc\r\nxc\r\n"
    assert (result.fixed, result.remaining, result.more_with_unsafe) == (4, [], 0)


def test_fix_text_is_bounded():
    def grows(text: str) -> list[Diagnostic]:  # a fix that never resolves its diagnostic
        return [Diagnostic("KS999", "info", "more", Span.at(1, 1), fix=fix((0, 0, "x")))]

    result = fix_text("", grows, rounds=4)
    assert result.text == "xxxx"
    assert result.fixed == 4
    assert len(result.remaining) == 1


def test_fix_text_stops_when_nothing_changes():
    calls = []

    def same(text: str) -> list[Diagnostic]:
        calls.append(text)
        return [Diagnostic("KS999", "info", "no-op", Span.at(1, 1), fix=fix((0, 1, text[:1])))]

    result = fix_text("abc", same)
    assert (result.text, result.fixed, len(calls)) == ("abc", 0, 1)


# -- the rules' fixes over whole scripts ------------------------------------------



def _requests(text: str) -> list[dict] | None:
    result = check_script("t.kscript", text)
    if any(d.severity == "error" for d in result.diagnostics):
        return None
    return [scene.request for scene in result.compiled]


def _lint(text: str):
    diagnostics = check_script("t.kscript", text).diagnostics
    for d in diagnostics:
        if d.fix is not None:
            assert registry()[d.code].fix == d.fix.applicability, d.code
    return diagnostics


SHOT_LINES = st.sampled_from(["SHOT", "SHOT - WIDE", "SHOT 4s - WIDE", "SHOT \u2013 CLOSE", "SHOT 3s", "SHOT\t- LOW"])
VALID = st.builds(
    lambda bom, crlf, title, shots, end: ("\ufeff" if bom else "")
    + (
        title
        + "CAST\n\nMARA - courier\n  front: https://a.example/m.png\n\nIMAGES\n\ndepot: http://a.example/d.jpg\n\n"
        + "INT. DEPOT - NIGHT\n\n"
        + "".join(f"{shot}\n@Mara waits in @depot.\n\n" for shot in shots)
        + end
    ).replace("\n", "\r\n" if crlf else "\n"),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["", "Title: T\nAudio: on\n\n", "Aspekt: 9:16\nAvoid: no blur\n\n", "Title: T\nStyel: noir\n\n"]),
    st.lists(SHOT_LINES, min_size=1, max_size=3),
    st.sampled_from(["", "[[kscript: ignore KS3060]]\n", "[[ note ]]\nSHOT - INSERT\nThe lamp.\n"]),
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VALID)
def test_safe_fixes_keep_the_requests_of_a_valid_script(text):
    before = _requests(text)
    result = fix_text(text, _lint)
    assert result.text.startswith("\ufeff") == text.startswith("\ufeff")
    assert ("\r\n" in result.text) == ("\r\n" in text)
    if before is not None:
        assert _requests(result.text) == before
    assert not [d for d in result.remaining if d.fix is not None and d.fix.applicability == "safe"]


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(SCRIPTS, VALID))
def test_fixing_never_raises(text):
    safe = fix_text(text, _lint)
    unsafe = fix_text(text, _lint, unsafe=True)
    assert safe.fixed >= 0 and unsafe.fixed >= 0


def test_safe_fixes_keep_the_examples_requests():
    for path in sorted(EXAMPLES.glob("*.kscript")):
        text = path.read_text(encoding="utf-8")
        variant = text.replace("SHOT 5s", "SHOT")  # the example with its 5-second shots implicit
        assert _requests(fix_text(variant, _lint).text) == _requests(text), path.name


@given(st.text(max_size=200), st.sampled_from(["p.json", "p.yaml"]))
@settings(max_examples=150, deadline=None)
def test_payload_fixing_never_raises(text, path):
    fix_text(text, lambda t: check_payload(path, t).diagnostics, unsafe=True)
