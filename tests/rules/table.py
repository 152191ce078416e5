"""The table every rule test file fills in: bad cases with the (line, column) of
each diagnostic the rule must give, and good cases where it must give none."""

from __future__ import annotations

import pytest

from tests.helpers import HEAD, SCENE, at

__all__ = ["HEAD", "SCENE", "MODEL", "table", "fixes", "at", "in_scene", "shots"]

MODEL = '"model": "kling-video-o3-pro-reference-to-video"'


def in_scene(body: str, settings: str = "") -> str:
    """HEAD, a scene heading on line 13 with `settings` under it, then `body`."""
    return HEAD + "INT. DEPOT - NIGHT\n" + settings + "\n" + body


def shots(*headers: str) -> str:
    """A scene of shots `SHOT <header>`, each with one line of action; the first SHOT is on line 15."""
    return in_scene("".join(f"SHOT {h}\n@Mara waits in @depot.\n\n" for h in headers))


def table(code: str, bad: list[tuple], good: list, path: str = "t.kscript", **options):
    """Two tests: every bad case fires `code` exactly where listed; no good case fires it.

    A case may name its own file path (for payloads): (text, positions, path) and (text, path).
    """

    def split_bad(case):
        return case if len(case) == 3 else (*case, path)

    def split_good(case):
        return case if isinstance(case, tuple) else (case, path)

    @pytest.mark.parametrize("text,expected,file", [split_bad(c) for c in bad], ids=[f"bad{i}" for i in range(len(bad))])
    def test_fires(text, expected, file):
        assert at(text, code, file, **options) == sorted(expected)

    @pytest.mark.parametrize("text,file", [split_good(c) for c in good], ids=[f"good{i}" for i in range(len(good))])
    def test_quiet(text, file):
        assert at(text, code, file, **options) == []

    return test_fires, test_quiet


def fixes(code: str, cases: list[tuple], path: str = "t.kscript"):
    """A test: applying `code`'s fixes (safe and unsafe, every round) turns each `before` into its `after`.

    A case is (before, after) or (before, after, path); after == before says
    the rule offers no fix there. Every fix offered has the applicability the
    rule declares in FIX.
    """
    from kscript.check.fixes import fix_text
    from kscript.check.rules import registry
    from tests.helpers import lint

    declared = registry()[code].fix

    def only(text, file):
        found = [d for d in lint(text, file) if d.code == code]
        for d in found:
            assert d.fix is None or d.fix.applicability == declared, (d.fix, declared)
        return found

    def split(case):
        return case if len(case) == 3 else (*case, path)

    @pytest.mark.parametrize("before,after,file", [split(c) for c in cases], ids=[f"fix{i}" for i in range(len(cases))])
    def test_fixes(before, after, file):
        assert fix_text(before, lambda text: only(text, file), unsafe=True).text == after

    return test_fixes
