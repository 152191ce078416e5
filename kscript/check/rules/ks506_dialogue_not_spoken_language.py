"""KS506: dialogue in a language the model does not speak, with audio on.

Kling speaks English and Chinese. A line in any other language is translated
and spoken in English, so a French line comes out in English, in a voice
that no longer matches the words the writer chose. Which language a line is
in is guessed by a small heuristic (kscript/language/tongues.py: the writing
system, then common words and accented letters); it says nothing when it
cannot tell, so a name or a one-word `Merci!` is never a finding. Scenes
without audio are not looked at: nothing is spoken there (KS501).

Bad::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    INT. DEPOT - NIGHT
    Audio: on

    SHOT 4s - CLOSE
    @Mara looks up.

    MARA
    Tu as encore laissé la lumière allumée.

Good::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    INT. DEPOT - NIGHT
    Audio: on

    SHOT 4s - CLOSE
    @Mara looks up.

    MARA
    You left the light on again.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.markup import is_parenthetical
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span

CODE = "KS506"
SEVERITY = "warning"
SUMMARY = "dialogue in a language the model does not speak (audio on): it is translated to English"


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    detect = None
    if compiled.request.get("generate_audio") is not True:
        return
    for shot in compiled.scene.shots:
        for paragraph in shot.paragraphs:
            lines = [line for line in paragraph.spoken if not is_parenthetical(line.text)] if paragraph.kind == "dialogue" else []
            if not lines:
                continue
            if detect is None:
                # Only a script with dialogue spoken aloud pays for the word lists.
                from kscript.language import tongues

                detect = tongues
            language = detect.detect(" ".join(line.text for line in lines))
            if language is None or language in detect.SPOKEN:
                continue
            named = detect.name(language)
            first, last = lines[0], lines[-1]
            yield ctx.report(
                CODE,
                f"this line looks {named}; Kling speaks English and Chinese, so with audio on it will be translated and spoken in English",
                Span(first.line, first.column, last.line, last.column + len(last.text)),
                "write the line in English or Chinese, or turn the scene's audio off (`Audio: off`) and add the voice yourself",
            )
