"""The checker's walk: which rule runs on what.

A rule declares its targets by the functions it defines (kscript/check/rules:
`check_script`, `check_cast`, `check_scene`, `check_shot`, `check_across`,
`check_payload`); this module calls each where it applies. A whole script is
one walk (`walk`); the checker (kscript/check/checker.py) walks the parts of
a script it reads again after an edit the same way, one part at a time. A rule
the selection leaves out is not called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.lines import LineTable

Enabled = Callable[[str], bool]  # whether a code is selected

# By target, with no selection: the same for every walk of the same registry.
_EVERY: dict[str, tuple[dict, list[tuple[str, str | None, Callable]]]] = {}


def _selected(target: str, enabled: Enabled | None) -> list[tuple[str, str | None, Callable]]:
    """(code, ACROSS, function) of every selected rule with `target`, in code order."""
    from kscript.check.rules import registry

    rules = registry()
    if enabled is None and target in _EVERY and _EVERY[target][0] is rules:
        return _EVERY[target][1]
    name = f"check_{target}"
    found = [
        (rule.code, rule.across, getattr(rule.module, name))
        for rule in rules.values()
        if target in rule.targets and (enabled is None or enabled(rule.code))
    ]
    if enabled is None:
        _EVERY[target] = (rules, found)
    return found


def script(ctx, enabled: Enabled | None = None) -> list[Diagnostic]:
    """The rules on the script outside its scenes (title page, prologue, directives, late blocks)."""
    found: list[Diagnostic] = []
    for _, _, check in _selected("script", enabled):
        found.extend(check(ctx))
    return found


def cast(ctx, enabled: Enabled | None = None) -> list[Diagnostic]:
    """The rules on the declarations (cast members and images)."""
    found: list[Diagnostic] = []
    for _, _, check in _selected("cast", enabled):
        found.extend(check(ctx))
    return found


def scenes(ctx, compiled: Iterable[CompiledScene], enabled: Enabled | None = None) -> list[Diagnostic]:
    """The rules on one scene, and on one shot, for each of `compiled`.

    A finding a scene makes above its heading (at a declaration it sends, say) is
    the same finding for every scene that makes it: it is kept once, the first
    scene's, as the incremental checker keeps it across chunks."""
    on_scene = [f[2] for f in _selected("scene", enabled)]
    on_shot = [f[2] for f in _selected("shot", enabled)]
    found: list[Diagnostic] = []
    outside: set[tuple] = set()
    for one in compiled:
        mine: list[Diagnostic] = []
        for check in on_scene:
            mine.extend(check(ctx, one))
        if on_shot:
            for shot in one.scene.shots:
                for check in on_shot:
                    mine.extend(check(ctx, shot, one))
        first = one.scene.span.line
        for d in mine:
            if d.span.line < first:
                key = (d.code, d.span)
                if key in outside:
                    continue
                outside.add(key)
            found.append(d)
    return found


def across(ctx, enabled: Enabled | None = None, reads: str | None = None) -> list[Diagnostic]:
    """The rules comparing scenes (those whose ACROSS is `reads`, or all)."""
    found: list[Diagnostic] = []
    for _, kind, check in _selected("across", enabled):
        if reads is None or kind == reads:
            found.extend(check(ctx))
    return found


def payload(ctx, enabled: Enabled | None = None) -> list[Diagnostic]:
    """The rules on a request payload file."""
    found: list[Diagnostic] = []
    for _, _, check in _selected("payload", enabled):
        found.extend(check(ctx))
    return found


def walk(ctx, enabled: Enabled | None = None) -> list[Diagnostic]:
    """Every selected rule over a whole script: its parts outside the scenes, the
    declarations, each scene and shot, then the rules comparing scenes."""
    return script(ctx, enabled) + cast(ctx, enabled) + scenes(ctx, ctx.compiled, enabled) + across(ctx, enabled)


def across_kinds() -> tuple[str, ...]:
    from kscript.check.rules import ACROSS

    return ACROSS


def stamp(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Each diagnostic's severity from the rule registry, the one place severities live."""
    from kscript.check.rules import registry

    rules = registry()
    for d in diagnostics:
        rule = rules.get(d.code)
        if rule is not None:
            d.severity = rule.severity
    return diagnostics


def finish(diagnostics: Iterable[Diagnostic], table: LineTable, enabled: Enabled | None = None) -> list[Diagnostic]:
    """The selected diagnostics, each with its severity (`stamp`) and its character
    offsets from the file's lines."""
    out = [d for d in diagnostics if enabled is None or enabled(d.code)]
    stamp(out)
    for d in out:
        d.locate(table)
    return out
