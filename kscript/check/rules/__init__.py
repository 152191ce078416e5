"""The lint rules: one module a rule, each with its docstring as documentation.

A module names its CODE, SEVERITY and SUMMARY, and FIX when it can fix what it
finds ("safe" or "unsafe", as in kscript/check/fixes.py), explains itself in its
docstring (what, why, a bad and a good example), and checks through
`check(ctx)` on a script, `check_payload(ctx)` on a payload file, or both.
Rules found while reading or parsing (KS001, KS002) do their work in those
passes and are documented here all the same.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: str
    summary: str
    module: ModuleType
    fix: str | None = None  # "safe", "unsafe" or None: the applicability of the rule's fixes

    @property
    def doc(self) -> str:
        return (self.module.__doc__ or "").strip()


@lru_cache(maxsize=1)
def registry() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for name in _module_names():
        module = importlib.import_module(f"{__name__}.{name}")
        fix = getattr(module, "FIX", None)
        if fix not in (None, "safe", "unsafe"):
            raise ValueError(f"{module.__name__}: FIX must be \"safe\", \"unsafe\" or None, not {fix!r}")
        rules[module.CODE] = Rule(module.CODE, module.SEVERITY, module.SUMMARY, module, fix)
    return dict(sorted(rules.items()))


def _module_names() -> list[str]:
    names = [n[:-3] for n in os.listdir(__path__[0]) if n.startswith("ks") and n.endswith(".py")]
    return sorted(names)


def severity(code: str) -> str:
    return registry()[code].severity
