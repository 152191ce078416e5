"""KS502: a shot's action begins with a pronoun.

Each shot is generated on its own: the model does not know who "she" was in
the previous shot. Name the subject with a reference instead.

Bad::

    SHOT 3s - CLOSE
    She sets the lantern down.

Good::

    SHOT 3s - CLOSE
    @Mara sets @Lantern down.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kscript.context import ScriptContext
from kscript.diagnostics import Diagnostic
from kscript.model import Span

CODE = "KS502"
SEVERITY = "warning"
SUMMARY = "a shot's action begins with a pronoun (shots share no context)"
PRONOUNS = frozenset("he she it they him her them his hers its their theirs we us our".split())
_FIRST_WORD = re.compile(r"[^\W\d_]+")


def check(ctx: ScriptContext) -> Iterator[Diagnostic]:
    for scene in ctx.script.scenes:
        for shot in scene.shots:
            action = next((p for p in shot.paragraphs if p.kind == "action"), None)
            if action is None or not action.lines:
                continue
            first = action.lines[0]
            match = _FIRST_WORD.match(first.text)
            if match and match.group().lower() in PRONOUNS:
                yield ctx.report(
                    CODE,
                    f"this shot's action begins with `{match.group()}`, but shots share no context",
                    Span.at(first.line, first.column, len(match.group())),
                    "name the subject with a reference, such as `@Mara`",
                )
