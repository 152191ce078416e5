"""KS505: more dialogue than its shot can hold.

The model fits what is said into the shot's seconds: a line that needs
longer is rushed or cut off. kscript estimates the time at a speaking rate
of 2.5 words a second (a calm screen pace; the configuration's `speech-rate`
changes it) and compares it with the shot's duration, counting every
dialogue block of the shot. Chinese and Japanese are counted by character,
two characters to a word. Parentheticals are directions, not words.

Bad::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    INT. DEPOT - NIGHT
    Audio: on

    SHOT 3s - CLOSE
    @Mara looks up.

    MARA
    You left the light on again, and the whole depot can see it from the street.

Good::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    INT. DEPOT - NIGHT
    Audio: on

    SHOT 3s - CLOSE
    @Mara looks up.

    MARA
    You left the light on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.markup import is_parenthetical
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span
from kscript.language.model import Paragraph

CODE = "KS505"
SEVERITY = "warning"
SUMMARY = "dialogue longer than its shot can hold at a speaking rate (configuration `speech-rate`)"
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Han, kana and Hangul syllables: written without spaces, counted by character. Compiled when a
# line first holds a character that far up: its ranges cost 3 ms to compile, at every lint.
_FIRST_SYLLABIC = "\u3040"
_syllabic: re.Pattern | None = None


def words(text: str) -> float:
    """How many words `text` says: runs of letters and digits, a syllabic character half a word."""
    global _syllabic
    if not text or max(text) < _FIRST_SYLLABIC:
        return len(_WORD.findall(text))
    if _syllabic is None:
        _syllabic = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
    syllabic = len(_syllabic.findall(text))
    rest = _syllabic.sub(" ", text)
    return len(_WORD.findall(rest)) + syllabic / 2


def _said(paragraph: Paragraph) -> float:
    return sum(words(line.text) for line in paragraph.spoken if not is_parenthetical(line.text))


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    rate = ctx.speech_rate
    scene = compiled.scene
    for shot in scene.shots:
        blocks = [p for p in shot.paragraphs if p.kind == "dialogue" and p.spoken]
        if not blocks or (shot.duration is not None and not (shot.duration > 0 and shot.duration == shot.duration)):
            continue
        said = sum(_said(p) for p in blocks)
        needed = said / rate
        lasts = shot.duration if shot.duration is not None else 5
        if needed <= lasts:
            continue
        first = blocks[0].spoken[0]
        last = blocks[-1].spoken[-1]
        span = Span(first.line, first.column, last.line, last.column + len(last.text))
        count = f"{said:g} words"
        fits = max(1, math.floor(lasts * rate))
        longer = math.ceil(needed)
        help = f"cut the lines to about {fits} words"
        if longer <= 15:
            help += f", or make the shot `{longer}s`"
        yield ctx.report(
            CODE,
            f"{count} take about {needed:.1f} s; the shot lasts {lasts:g} s, so the line will be rushed or cut off",
            span,
            help,
        )
