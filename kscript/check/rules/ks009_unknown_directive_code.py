"""KS009: a directive naming an unknown code.

`[[kscript: ignore KS306]]` silences the codes it names (a prefix such as
`KS5` names a family). A code that does not
exist silences nothing, which usually means a typo that leaves the real
diagnostic switched on.

Bad::

    [[kscript: ignore KS3060]]

Good::

    [[kscript: ignore KS306]]

Fix (unsafe): writes the closest code. Which code was meant is a guess, and
it decides what is silenced.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.core.diagnostics import Diagnostic
from kscript.core.words import did_you_mean

CODE = "KS009"
SEVERITY = "warning"
SUMMARY = "a directive naming an unknown code"
FIX = "unsafe"


def check_script(ctx: ScriptContext) -> Iterator[Diagnostic]:
    known = list(ctx.known_codes)
    for directive in ctx.source.directives:
        if not directive.codes:
            yield ctx.report(
                CODE,
                f"`kscript: {directive.kind}` names no code",
                directive.span,
                f"name the codes to silence, e.g. `[[kscript: {directive.kind} KS306]]`",
            )
        for code, span in directive.codes:
            if not any(k.startswith(code) for k in known) or len(code) < 3:
                guess = did_you_mean(code, known, limit=0.7)
                yield ctx.report(
                    CODE,
                    f"unknown code `{code}` in a directive",
                    span,
                    f"did you mean `{guess}`?" if guess else "`kscript rules` lists every code",
                    ctx.replace(span, guess, "unsafe", f"write `{guess}`") if guess else None,
                )
