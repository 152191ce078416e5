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
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span
from kscript.core.words import did_you_mean
from kscript.language.references import as_reference, references_in

CODE = "KS502"
SEVERITY = "warning"
SUMMARY = "a shot's action begins with a pronoun (shots share no context)"
PRONOUNS = frozenset("he she it they him her them his hers its their theirs we us our".split())
_FIRST_WORD = re.compile(r"[^\W\d_]+")


def _named_in(ctx: ScriptContext, shot) -> set[str]:
    """The cast members a shot's own text names (a misspelt `@Tomass` counts as the
    Tomas it is closest to): the pronoun is someone else."""
    names = [m.name for m in ctx.decl.cast.values()]
    found: set[str] = set()
    for line in (p for para in shot.paragraphs for p in para.lines):
        for ref in references_in(line):
            member = ctx.decl.cast.get(ref.name.lower())
            if member is None:
                close = did_you_mean(ref.name, names)
                member = ctx.decl.cast.get(close.lower()) if close else None
            if member is not None:
                found.add(member.name.lower())
    return found


def _subject(ctx: ScriptContext, compiled, index: int) -> str | None:
    """Who the pronoun can only mean: the one cast member of the scene's earlier shots
    (else of the cast) that this shot does not name. None when that is not one member:
    a guess could point at another character."""
    others = _named_in(ctx, compiled.scene.shots[index])
    earlier: list[str] = []
    for shot in compiled.scene.shots[:index]:
        for line in (p for para in shot.paragraphs for p in para.lines):
            for ref in references_in(line):
                member = ctx.decl.cast.get(ref.name.lower())
                if member is not None and member.name.lower() not in others and member.name not in earlier:
                    earlier.append(member.name)
    pool = earlier or [m.name for m in ctx.script.cast if m.name.lower() not in others]
    return as_reference(pool[0]) if len(pool) == 1 else None


def _help(subject: str | None) -> str:
    if subject is None:
        return "name the subject with a reference to the cast member it means (`@Name`)"
    return f"name the subject with a reference, such as `{subject}`"


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
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
                _help(_subject(ctx, compiled, index)),
            )
