"""The rule registry: every rule module is checked as it loads, every rule's
docstring examples run (the bad one fires, the good one is quiet), and the
runner applies the selection before rules run and gives severities itself."""

from __future__ import annotations

import types

import pytest

from kscript.check.rules import RuleError, _checked, examples, registry
from kscript.check.runner import Selection, check_payload, check_script, lint_file
from tests.test_lines import CORPUS

RULES = list(registry().values())
SYNTAX = {"KS001", "KS002"}


def lint_example(text: str, enabled=None):
    if text.lstrip().startswith("{"):
        return check_payload("example.json", text, enabled=enabled).diagnostics
    return check_script("example.kscript", text, enabled=enabled).diagnostics


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_bad_example_fires_its_rule(rule):
    bad, _ = examples(rule.module.__doc__)
    assert bad
    for text in bad:
        codes = {d.code for d in lint_example(text)}
        assert rule.code in codes, f"{rule.code}'s bad example is quiet:\n{text}"
        assert not (codes & SYNTAX) - {rule.code}, f"{rule.code}'s bad example does not parse: {codes}\n{text}"
        # Selected alone, the rule finds it too: it depends on no other rule.
        assert rule.code in {d.code for d in lint_example(text, enabled=lambda c, code=rule.code: c == code)}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_good_example_is_quiet(rule):
    _, good = examples(rule.module.__doc__)
    assert good
    for text in good:
        codes = {d.code for d in lint_example(text)}
        assert rule.code not in codes, f"{rule.code}'s good example fires it:\n{text}"
        assert not codes & SYNTAX, f"{rule.code}'s good example does not parse: {codes}\n{text}"


def module(name: str, doc: str = "Bad::\n\n    x\n\nGood::\n\n    y\n", **attributes) -> types.ModuleType:
    made = types.ModuleType(f"kscript.check.rules.{name}", doc)
    values = {"CODE": "KS999", "SEVERITY": "warning", "SUMMARY": "something"} | attributes
    for key, value in values.items():
        if value is not None:
            setattr(made, key, value)
    return made


def test_a_well_formed_module_is_a_rule():
    rule = _checked("ks999_something", module("ks999_something"))
    assert (rule.code, rule.severity, rule.summary, rule.fix) == ("KS999", "warning", "something", None)


def test_a_rule_declares_its_targets_by_its_functions():
    made = module("ks999_something", check_scene=lambda ctx, compiled: [], check_cast=lambda ctx: [])
    assert _checked("ks999_something", made).targets == ("cast", "scene")
    assert registry()["KS005"].targets == ("shot",)
    assert registry()["KS104"].targets == ("script", "cast", "scene")
    assert registry()["KS008"].targets == ("across",) and registry()["KS008"].across == "scenes"


def test_the_checker_walks_each_scene_and_each_shot_for_the_rules(monkeypatch):
    from kscript.check import walk

    seen = []
    monkeypatch.setattr(registry()["KS005"].module, "check_shot", lambda ctx, shot, compiled: seen.append((compiled.scene.id, shot.span.line)) or [])
    monkeypatch.setattr(registry()["KS004"].module, "check_scene", lambda ctx, compiled: seen.append(compiled.scene.id) or [])
    text = "INT. A - DAY\n\nSHOT 2s\nRain.\n\nSHOT 2s\nWind.\n\nINT. B - DAY\n\nSHOT 3s\nSun.\n"
    check_script("t.kscript", text, enabled=lambda code: code in ("KS004", "KS005"))
    assert seen == ["1", ("1", 3), ("1", 6), "2", ("2", 11)]
    assert walk.scenes is not None


@pytest.mark.parametrize(
    "name,made,says",
    [
        ("ks999_something", module("x", CODE="KS998"), "CODE is 'KS998', but the file name says KS999"),
        ("something", module("x"), "named ksNNN_what_it_checks.py"),
        ("ks999_something", module("x", SEVERITY="fatal"), "SEVERITY must be one of error, warning, info"),
        ("ks999_something", module("x", SUMMARY=""), "SUMMARY"),
        ("ks999_something", module("x", FIX="maybe"), "FIX must be"),
        ("ks999_something", module("x", ACROSS="everything"), "ACROSS must be"),
        ("ks999_something", module("x", ACROSS="scenes"), "exactly when it has check_across"),
        ("ks999_something", module("x", check_across=lambda ctx: []), "exactly when it has check_across"),
        ("ks999_something", module("x", check=lambda ctx: []), "`check(ctx)` is the old rule API"),
        ("ks999_something", module("x", doc="Bad: a scene with seven shots.\n\nGood: fewer.\n"), "a `Bad::` and a `Good::` example"),
        ("ks999_something", module("x", doc="Bad::\n\n    x\n"), "a `Bad::` and a `Good::` example"),
    ],
)
def test_the_registry_refuses_a_broken_rule_module(name, made, says):
    with pytest.raises(RuleError, match=None) as caught:
        _checked(name, made)
    assert says in str(caught.value)


def test_examples_are_literal_blocks_after_bad_and_good_paragraphs():
    doc = "What.\n\nBad (implicit)::\n\n    INT. A\n\n      front: x\n\nGood: split it,\nor not::\n\n    {}\n\nMore prose.\n"
    assert examples(doc) == (["INT. A\n\n  front: x\n"], ["{}\n"])


def test_a_deselected_rule_does_not_run(monkeypatch, tmp_path):
    script = tmp_path / "a.kscript"
    script.write_text("INT. A - DAY\n\nSHOT - WIDE\nRain.\n")
    module_ = registry()["KS204"].module

    def explode(ctx, compiled):
        raise AssertionError("KS204 ran although it was not selected")

    monkeypatch.setattr(module_, "check_scene", explode)
    for selection in (Selection(ignore=["KS204"]), Selection(select=["KS3"]), Selection(ignore=["KS2"])):
        lint_file(str(script), selection=selection)
    lint_file(str(script), selection=Selection(), extra_ignores=["KS204"])
    with pytest.raises(AssertionError, match="KS204 ran"):
        lint_file(str(script), selection=Selection(select=["KS204"]))


@pytest.mark.slow
def test_each_rule_reports_only_its_own_code_with_the_registry_severity():
    for text in CORPUS:
        for rule in RULES:
            for d in lint_example(text, enabled=lambda c, code=rule.code: c == code):
                assert d.code == rule.code
                assert d.severity == rule.severity


def test_rules_and_passes_do_not_look_up_severities():
    # The registry is the one place a severity lives: the runner gives it (runner.finish).
    import kscript.check.context
    import kscript.check.payload

    for mod in (kscript.check.context, kscript.check.payload):
        assert "severity(" not in open(mod.__file__, encoding="utf-8").read()
