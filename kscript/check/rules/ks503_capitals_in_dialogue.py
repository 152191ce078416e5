"""KS503: a word in capitals inside spoken lines.

With audio on, the model speaks the lines as written; a word in capitals
(`NASA`, `STOP`) may be spelt out letter by letter instead of said.

Bad::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    INT. DEPOT - NIGHT
    Audio: on

    SHOT 4s - CLOSE
    @Mara looks up.

    MARA
    The tram to ZONE FOUR left.

Good::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    INT. DEPOT - NIGHT
    Audio: on

    SHOT 4s - CLOSE
    @Mara looks up.

    MARA
    The tram to zone four left.

(For emphasis, use the parenthetical: `(urgently)`.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span

CODE = "KS503"
SEVERITY = "warning"
SUMMARY = "a word in capitals inside spoken lines (it may be spelt out)"
_WORD = re.compile(r"(?<![@\w])[^\W\d_]{2,}(?!\w)")
ALLOWED = frozenset({"OK"})


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    scene = compiled.scene
    for shot in scene.shots:
        for paragraph in shot.paragraphs:
            if paragraph.kind != "dialogue":
                continue
            for line in paragraph.spoken:
                for match in _WORD.finditer(line.text):
                    word = match.group()
                    if word.isupper() and word not in ALLOWED:
                        yield ctx.report(
                            CODE,
                            f"`{word}` is in capitals and may be spelt out letter by letter",
                            Span.at(line.line, line.column + match.start(), len(word)),
                            f"write `{word.lower()}`, or put the emphasis in a parenthetical",
                        )
