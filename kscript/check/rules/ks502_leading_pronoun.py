"""KS502: a shot's action begins with a pronoun.

Each shot is generated on its own: the model does not know who "she" was in
the previous shot. Name the subject with a reference instead.

Bad::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    LANTERN - storm lantern
      front: https://cdn.example.com/lantern.png

    INT. DEPOT - NIGHT

    SHOT 3s - CLOSE
    She sets @Lantern down.

Good::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    LANTERN - storm lantern
      front: https://cdn.example.com/lantern.png

    INT. DEPOT - NIGHT

    SHOT 3s - CLOSE
    @Mara sets @Lantern down.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span
from kscript.language.references import as_reference, references_in

CODE = "KS502"
SEVERITY = "warning"
SUMMARY = "a shot's action begins with a pronoun (shots share no context)"
PRONOUNS = frozenset("he she it they him her them his hers its their theirs we us our".split())
_FIRST_WORD = re.compile(r"[^\W\d_]+")


def _subject(ctx: ScriptContext, compiled, index: int) -> str:
    """Who the pronoun most likely means: a cast member of an earlier shot of the scene."""
    for shot in reversed(compiled.scene.shots[:index]):
        for line in (p for para in shot.paragraphs for p in para.lines):
            for ref in references_in(line):
                member = ctx.decl.cast.get(ref.name.lower())
                if member is not None:
                    return as_reference(member.name)
    return as_reference(ctx.script.cast[0].name) if ctx.script.cast else "@Name"


def check(ctx: ScriptContext) -> Iterator[Diagnostic]:
    for compiled in ctx.compiled:
        for index, shot in enumerate(compiled.scene.shots):
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
                    f"name the subject with a reference, such as `{_subject(ctx, compiled, index)}`",
                )
