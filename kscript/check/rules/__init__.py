"""The lint rules: one module a rule, each with its docstring as documentation.

A module names its CODE, SEVERITY and SUMMARY, and FIX when it can fix what it
finds ("safe" or "unsafe", as in kscript/check/fixes.py). It explains itself in
its docstring (what, why, a bad and a good example).

How a rule declares its target
------------------------------

A rule says what it looks at by the functions it defines, one for each target;
the checker (kscript/check/walk.py) does the walking and calls each where it
applies, so a rule never loops over the scenes itself:

    def check_script(ctx)                 the script outside its scenes: the title
                                          page, the prologue, directives, late blocks
    def check_cast(ctx)                   the declarations: cast members and images
    def check_scene(ctx, compiled)        one scene (a CompiledScene: `.scene` is the model)
    def check_shot(ctx, shot, compiled)   one shot of a scene
    def check_across(ctx)                 every scene at once; ACROSS names what it reads
    def check_payload(ctx)                a request payload file (kscript/check/payload.py)

`ctx` is the ScriptContext (kscript/check/context.py): the title page, cast,
images and configuration every scene sees. A rule defines one target or
several (KS104 checks the title page, each scene and each cast member). A
scene or shot rule reads only the scene it is given (and `ctx`'s preamble):
that is what lets the language server re-check one scene after an edit. A
rule that compares scenes is an `across` rule, and says in ACROSS what it
reads of them, so that it runs again only when that changes: "scenes" (their
ids, positions and settings), "names" (what each sends) or "settings" (each
scene's model and settings). Migrating a rule written as `def check(ctx)` that
loops `for compiled in ctx.compiled:` means renaming it
`check_scene(ctx, compiled)` and dropping the loop (a `continue` becomes a
`return`). Rules found while reading or parsing (KS001, KS002) do their work
in those passes and define no function; they are documented here all the same.

The registry checks each module as it loads it (a RuleError says what is
wrong): its CODE matches its file name (`ks204_default_duration.py` is
KS204), its SEVERITY is `error`, `warning` or `info`, it has a SUMMARY, it
has no `check` of the old kind, an ACROSS exactly when it has `check_across`,
and its docstring shows at least one bad and one good example, each a literal
block after a paragraph that starts with `Bad` or `Good` and ends in `::`.
An example is a whole file: a script, or a JSON payload when it starts with
`{`. The tests run every example: a bad one must give the rule's code, a good
one must not.

Rules give a code, never a severity: the checker stamps each diagnostic
with its rule's severity from here (kscript/check/walk.py: stamp).

Every lint runs every rule, so the registry imports every module of this
folder, the ordinary way: their code comes only from the installed package
(and Python's own bytecode beside it), never from kscript's cache folder.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from functools import lru_cache
from types import ModuleType
from typing import NamedTuple

from kscript.core.diagnostics import SEVERITIES


class Rule(NamedTuple):
    code: str
    severity: str
    summary: str
    module: ModuleType
    fix: str | None = None  # "safe", "unsafe" or None: the applicability of the rule's fixes
    across: str | None = None  # "scenes", "names", "settings" or None: what a rule comparing scenes reads of them
    targets: tuple[str, ...] = ()  # what it checks: the TARGETS whose check_<target> it defines

    @property
    def doc(self) -> str:
        return (self.module.__doc__ or "").strip()


ACROSS = ("scenes", "names", "settings")
TARGETS = ("script", "cast", "scene", "shot", "across", "payload")


def targets_of(module: ModuleType) -> tuple[str, ...]:
    return tuple(t for t in TARGETS if callable(getattr(module, f"check_{t}", None)))


# Patterns, not compiled ones (re keeps what it compiled).
_FILE_NAME = r"ks(\d{3})_[a-z0-9_]+\Z"
# A paragraph starting `Bad` or `Good` and ending in `::`, then its literal block (indented lines).
_EXAMPLE = r"(?m)^(Bad|Good)\b(?:[^\n]|\n(?!\n))*?::[ \t]*\n((?:[ \t]*\n)*(?:(?: {4}[^\n]*)?\n)*)"


class RuleError(ValueError):
    """A rule module that breaks the rules for rule modules."""


@lru_cache(maxsize=1)
def registry() -> dict[str, Rule]:
    rules = {}
    for name in _module_names():
        rule = _checked(name, _imported(name))
        rules[rule.code] = rule
    return dict(sorted(rules.items()))


def _imported(name: str) -> ModuleType:
    """The rule module `name`, imported from its file in this folder (and Python's bytecode
    beside it) as `import` would, without asking every finder on sys.path first: every
    lint imports all of them, and start-up is most of what a pre-commit run costs."""
    full = f"{__name__}.{name}"
    module = sys.modules.get(full)
    if module is not None:
        return module
    from importlib.machinery import ModuleSpec, SourceFileLoader

    origin = os.path.join(__path__[0], f"{name}.py")
    loader = SourceFileLoader(full, origin)
    spec = ModuleSpec(full, loader, origin=origin)
    spec.has_location = True
    module = importlib.util.module_from_spec(spec)
    sys.modules[full] = module
    try:
        loader.exec_module(module)
    except BaseException:
        del sys.modules[full]
        raise
    setattr(sys.modules[__name__], name, module)
    return module


def _module_names() -> list[str]:
    """The rule modules of this folder (ks*.py), by name."""
    with os.scandir(__path__[0]) as entries:
        return sorted(entry.name[:-3] for entry in entries if entry.name.startswith("ks") and entry.name.endswith(".py"))


def _checked(name: str, module: ModuleType) -> Rule:
    """The module as a Rule, or RuleError naming what is wrong with it."""
    where = f"{module.__name__} ({name}.py)"
    found = re.match(_FILE_NAME, name)
    code = getattr(module, "CODE", None)
    if found is None:
        raise RuleError(f"{where}: a rule module is named ksNNN_what_it_checks.py")
    if code != f"KS{found.group(1)}":
        raise RuleError(f"{where}: CODE is {code!r}, but the file name says KS{found.group(1)}")
    severity = getattr(module, "SEVERITY", None)
    if severity not in SEVERITIES:
        raise RuleError(f"{where}: SEVERITY must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    summary = getattr(module, "SUMMARY", None)
    if not isinstance(summary, str) or not summary.strip():
        raise RuleError(f"{where}: SUMMARY must say in a few words what the rule finds")
    fix = getattr(module, "FIX", None)
    if fix not in (None, "safe", "unsafe"):
        raise RuleError(f"{where}: FIX must be \"safe\", \"unsafe\" or None, not {fix!r}")
    if callable(getattr(module, "check", None)):
        raise RuleError(
            f"{where}: `check(ctx)` is the old rule API; name the function for its target instead "
            "(`check_scene(ctx, compiled)` for one scene, `check_script(ctx)`, `check_cast(ctx)`, ...: see kscript/check/rules/__init__.py)"
        )
    targets = targets_of(module)
    across = getattr(module, "ACROSS", None)
    if across not in (None, *ACROSS):
        raise RuleError(f"{where}: ACROSS must be one of {', '.join(ACROSS)}, or None, not {across!r}")
    if (across is not None) != ("across" in targets):
        raise RuleError(f"{where}: a rule has ACROSS (what it reads of every scene) exactly when it has check_across(ctx)")
    kinds = {m.group(1) for m in re.finditer(_EXAMPLE, (module.__doc__ or "").strip("\n") + "\n") if m.group(2).strip()}
    if kinds != {"Bad", "Good"}:
        raise RuleError(f"{where}: the docstring needs a `Bad::` and a `Good::` example (literal blocks the tests run)")
    return Rule(code, severity, summary, module, fix, across, targets)


def examples(doc: str) -> tuple[list[str], list[str]]:
    """The bad and the good examples of a rule's docstring, each a whole file's text."""
    import textwrap

    bad: list[str] = []
    good: list[str] = []
    for match in re.finditer(_EXAMPLE, doc.strip("\n") + "\n"):
        text = textwrap.dedent(match.group(2)).strip("\n")
        if text:
            (bad if match.group(1) == "Bad" else good).append(text + "\n")
    return bad, good
