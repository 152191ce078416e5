"""The lint rules: one module a rule, each with its docstring as documentation.

A module names its CODE, SEVERITY and SUMMARY, and FIX when it can fix what it
finds ("safe" or "unsafe", as in kscript/check/fixes.py), and ACROSS when it
compares scenes with each other instead of looking at each on its own: what it
reads of them, "scenes" (their ids and positions) or "names" (what each sends),
so the language server knows to run it again when that changes after an edit
(kscript/lsp/incremental.py). It explains itself in its
docstring (what, why, a bad and a good example), and checks through
`check(ctx)` on a script, `check_payload(ctx)` on a payload file, or both.
Rules found while reading or parsing (KS001, KS002) do their work in those
passes and are documented here all the same.

The registry checks each module as it loads it (a RuleError says what is
wrong): its CODE matches its file name (`ks204_default_duration.py` is
KS204), its SEVERITY is `error`, `warning` or `info`, it has a SUMMARY, and
its docstring shows at least one bad and one good example, each a literal
block after a paragraph that starts with `Bad` or `Good` and ends in `::`.
An example is a whole file: a script, or a JSON payload when it starts with
`{`. The tests run every example: a bad one must give the rule's code, a good
one must not.

Rules give a code, never a severity: the runner (kscript/check/runner.py)
stamps each diagnostic with its rule's severity from here.

Every lint runs every rule, and importing fifty-odd small modules one by one
(a path search, an open and a read each) cost 5 ms of a run that takes 60.
So the registry keeps the modules' compiled code in one file in kscript's
cache (kscript/core/cache.py), stamped with each module's file name, size and
modification time and the Python that compiled it, and executes the code
from there. The file is written only after every module passed the checks
above; any change to a rule file, or to Python, and the modules are imported
the ordinary way and the file written again.
"""

from __future__ import annotations

import importlib
import marshal
import os
import re
import sys
from functools import lru_cache
from types import CodeType, ModuleType
from typing import NamedTuple

from kscript.core.diagnostics import SEVERITIES


class Rule(NamedTuple):
    code: str
    severity: str
    summary: str
    module: ModuleType
    fix: str | None = None  # "safe", "unsafe" or None: the applicability of the rule's fixes
    across: str | None = None  # "scenes", "names" or None: what a rule comparing scenes reads of them

    @property
    def doc(self) -> str:
        return (self.module.__doc__ or "").strip()


ACROSS = ("scenes", "names")
# Patterns, not compiled ones: they are needed only when a module is checked, which a
# run that finds the bundle never does (re keeps what it compiled).
_FILE_NAME = r"ks(\d{3})_[a-z0-9_]+\Z"
# A paragraph starting `Bad` or `Good` and ending in `::`, then its literal block (indented lines).
_EXAMPLE = r"(?m)^(Bad|Good)\b(?:[^\n]|\n(?!\n))*?::[ \t]*\n((?:[ \t]*\n)*(?:(?: {4}[^\n]*)?\n)*)"


class RuleError(ValueError):
    """A rule module that breaks the rules for rule modules."""


@lru_cache(maxsize=1)
def registry() -> dict[str, Rule]:
    stamps = _stamps()
    rules = _from_bundle(stamps)
    if rules is None:
        rules = {}
        for name, _, _ in stamps:
            rule = _checked(name, importlib.import_module(f"{__name__}.{name}"))
            rules[rule.code] = rule
        _store_bundle(stamps, rules)
    return dict(sorted(rules.items()))


def _stamps() -> list[tuple[str, int, int]]:
    """Each rule module's name, size and modification time: what the bundle is checked against."""
    found = []
    with os.scandir(__path__[0]) as entries:
        for entry in entries:
            if entry.name.startswith("ks") and entry.name.endswith(".py"):
                stat = entry.stat()
                found.append((entry.name[:-3], stat.st_size, stat.st_mtime_ns))
    return sorted(found)


def _bundle_name() -> str:
    """The bundle's file name: one for each Python and each installed copy of kscript
    (a virtualenv's and pre-commit's, say), so that two copies do not take turns
    throwing each other's bundle away."""
    place = 0x811C9DC5  # FNV-1a of the rules folder: zlib would cost more to import than it saves
    for byte in os.fsencode(__path__[0]):
        place = ((place ^ byte) * 0x01000193) & 0xFFFFFFFF
    return "rules-py{}{}-{:08x}.marshal".format(*sys.version_info[:2], place)


def _from_bundle(stamps: list[tuple[str, int, int]]) -> dict[str, Rule] | None:
    """The rules from the cached bundle, or None when it is missing or stale."""
    from kscript.core.cache import fetch

    stored = fetch(_bundle_name())
    if stored is None:
        return None
    try:
        data = marshal.loads(stored)
    except (ValueError, EOFError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("python") != sys.version or data.get("stamps") != stamps:
        return None
    codes = data.get("code")
    if not isinstance(codes, list) or len(codes) != len(stamps) or not all(isinstance(c, CodeType) for c in codes):
        return None
    from importlib.machinery import ModuleSpec, SourceFileLoader

    package = sys.modules[__name__]
    rules: dict[str, Rule] = {}
    for (name, _, _), code in zip(stamps, codes, strict=True):
        full = f"{__name__}.{name}"
        module = sys.modules.get(full)
        if module is None:
            origin = os.path.join(__path__[0], f"{name}.py")
            module = ModuleType(full)
            module.__spec__ = ModuleSpec(full, SourceFileLoader(full, origin), origin=origin)
            module.__spec__.has_location = True
            module.__loader__ = module.__spec__.loader
            module.__file__ = origin
            module.__package__ = __name__
            sys.modules[full] = module
            try:
                exec(code, module.__dict__)
            except BaseException:
                del sys.modules[full]
                raise
            setattr(package, name, module)
        # The docstring's examples were checked when the bundle was made, from these very files.
        rule = Rule(module.CODE, module.SEVERITY, module.SUMMARY, module, getattr(module, "FIX", None), getattr(module, "ACROSS", None))
        rules[rule.code] = rule
    return rules


def _store_bundle(stamps: list[tuple[str, int, int]], rules: dict[str, Rule]) -> None:
    from kscript.core.cache import store

    by_name = {rule.module.__name__.rpartition(".")[2]: rule.module for rule in rules.values()}
    try:
        code = [by_name[name].__loader__.get_code(by_name[name].__name__) for name, _, _ in stamps]
    except (KeyError, AttributeError, ImportError, OSError):
        return  # a module loaded some other way: import them as usual next time
    store(_bundle_name(), marshal.dumps({"python": sys.version, "stamps": stamps, "code": code}))


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
    across = getattr(module, "ACROSS", None)
    if across not in (None, *ACROSS):
        raise RuleError(f"{where}: ACROSS must be \"scenes\", \"names\" or None, not {across!r}")
    kinds = {m.group(1) for m in re.finditer(_EXAMPLE, (module.__doc__ or "").strip("\n") + "\n") if m.group(2).strip()}
    if kinds != {"Bad", "Good"}:
        raise RuleError(f"{where}: the docstring needs a `Bad::` and a `Good::` example (literal blocks the tests run)")
    return Rule(code, severity, summary, module, fix, across)


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
