"""KS013: a line that looks like a SHOT line but is not one.

A shot begins at a line `SHOT`, then optionally a duration and ` - ` and a
camera direction: `SHOT 4s - WIDE`. A line in a scene that starts with the
word shot but is written otherwise (`Shot - WIDE`, `shot`, `Shot: 4s - WIDE`,
`SHOT: close on her hands`, `Shot 4 seconds WIDE`) is read as action: it would
be sent inside the previous shot's prompt, and the shot the writer meant would
not exist. So it is an error, never sent.

Which lines look like a SHOT line (kscript/language/shot_like.py): the word
`shot` in any case followed by nothing, a colon, a number of seconds, a dash
or a word in capitals. Prose is not: `Shots ring out.`, `Shot after shot,
the rain.`, `Shot through the glass, the lamp goes dark.` stay action.

Bad::

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    Rain drums on the roof.

    Shot: 3s - CLOSE ON her hands
    A gloved hand turns the wick down.

Good::

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    Rain drums on the roof.

    SHOT 3s - CLOSE ON her hands
    A gloved hand turns the wick down.

Action that really begins so is forced with `!`: `!Shot: the gun fires.`

Fix (unsafe): rewrites the line as the SHOT line it means (`Shot: 4s - WIDE`
becomes `SHOT 4s - WIDE`), where that is clear: not for a number without a
unit (`Shot 4 - WIDE`: seconds, or the fourth shot?). The line becomes a new
shot, so what is sent changes: a guess to review.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span
from kscript.language.model import Scene, TextLine
from kscript.language.shot_like import as_shot_line, looks_like_shot

CODE = "KS013"
SEVERITY = "error"
SUMMARY = "a line that looks like a SHOT line but is not one (it would be sent as action)"
FIX = "unsafe"

SHAPE = "a SHOT line is `SHOT`, then optionally a duration, ` - ` and a camera direction: `SHOT 4s - WIDE`"


def _lines(ctx: ScriptContext, scene: Scene) -> Iterator[tuple[TextLine, str]]:
    """Each line of the scene read as something else than a SHOT line, with what it was read as."""
    for setting in scene.settings:
        ks = setting.key_span
        yield TextLine(ctx.source.line_text(ks.line)[ks.column - 1 :].rstrip(), ks.line, ks.column), "a scene setting"
    for line in scene.loose_text:
        yield line, "text before the scene's first shot"
    for shot in scene.shots:
        for paragraph in shot.paragraphs:
            first, *more = paragraph.lines
            # A paragraph forced with `!` keeps its first line as action, whatever it says.
            if not ctx.source.line_text(first.line)[: first.column - 1].rstrip().endswith("!"):
                yield first, f"{paragraph.kind} in the shot above"
            for line in more:
                yield line, f"{paragraph.kind} in the shot above"


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    scene = compiled.scene
    for line, read_as in _lines(ctx, scene):
        if not looks_like_shot(line.text):
            continue
        span = Span.at(line.line, line.column, len(line.text))
        meant = as_shot_line(line.text)
        if meant is None:
            help = f"{SHAPE}; to keep this line as action, start it with `!`"
            fix = None
        else:
            help = f"write `{meant}` ({SHAPE}), or start the line with `!` to keep it as action"
            fix = ctx.replace(span, meant, "unsafe", f"write `{meant}`")
        shown = line.text if len(line.text) <= 60 else line.text[:59] + "\u2026"
        yield ctx.report(CODE, f"`{shown}` looks like a SHOT line but is read as {read_as}", span, help, fix)
