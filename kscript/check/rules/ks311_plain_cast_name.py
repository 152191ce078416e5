"""KS311: a cast member named in plain words in a shot.

Only `@Isla` becomes an element, the member's reference images sent with the
request. A shot that says `Isla` or `ISLA` sends the word alone: the model
knows no Isla and invents a face, so she looks different in every scene.

Only the cast is looked for, in a shot's direction and action (cues and
dialogue are left alone: a cue is already the member's element, and spoken
words are words). A name is found capitalised (`Isla`) or in capitals
(`ISLA`), never in lower case. A name that is also an ordinary word (`Will`,
`Hope`, `May`, `Rose`, `Grace`...) is found only in capitals, or capitalised
in the middle of a sentence: `Hope fades.` is left alone, `she sees Hope`
is not. The fix writes `@Isla`; it is unsafe because the request then carries
one more element, which can take the scene past its reference slots (KS402).

Bad::

    CAST

    ISLA - diver, late 20s
      front: https://cdn.example.com/isla.png

    INT. BOATHOUSE - DAWN

    SHOT 4s - MEDIUM on Isla
    ISLA pulls on her fins.

Good::

    CAST

    ISLA - diver, late 20s
      front: https://cdn.example.com/isla.png

    INT. BOATHOUSE - DAWN

    SHOT 4s - MEDIUM on @Isla
    @Isla pulls on her fins.

Good, a name that is an ordinary word, at a sentence's start::

    CAST

    HOPE - a lighthouse keeper
      front: https://cdn.example.com/hope.png

    EXT. CLIFF - DUSK

    SHOT 4s - WIDE
    Hope fades from the sky as @Hope climbs the stairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.language.model import CastMember, Span, TextLine
from kscript.language.references import as_reference

CODE = "KS311"
SEVERITY = "warning"
SUMMARY = "a cast member named in plain words in a shot (not tied to the reference images)"
FIX = "unsafe"

# Given names that are ordinary English words too: capitalised at a sentence's start they
# are most likely the word ("Will you...", "Hope fades", "May I"), so only capitals or a
# capital mid-sentence count there.
ORDINARY = frozenset(
    """
    will hope may rose grace faith joy mark bill pat sue art jack april june august dawn eve
    summer autumn winter victor frank grant hunter chase max ray rob sky storm page lily ivy iris
    jade ruby amber pearl penny holly heather daisy violet hazel ginger sandy rusty carol bob drew
    gene honey crystal river reed wade dean miles sunny harmony melody destiny patience prudence
    charity mercy trinity justice bliss blossom brook cliff dale glen heath lane rock stone sterling
    price king bishop cook baker carter fisher forest wolf fox bear buck hawk robin wren lark star
    moon sun sage basil olive cherry berry blue red ash birch oak willow rain snow cloud echo
    angel colt dusty faith rich sonny tucker major august noble royal shadow ace duke prince
    """.split()
)
_SENTENCE_END = ".!?…:;"
_LOOK_BACK = 16


def _finder(members: list[CastMember]) -> re.Pattern[str]:
    """One pattern for every member's name as a whole word, not after `@`: one scan a line, whatever the cast."""
    names = sorted({re.escape(m.name) for m in members}, key=len, reverse=True)
    return re.compile(r"(?<![\w@])(?:" + "|".join(names) + r")(?!\w)", re.IGNORECASE)


def _sentence_start(before: str) -> bool:
    """Whether a word after `before` (the text before it, in its paragraph) begins a sentence."""
    trimmed = before.rstrip().rstrip("\"'“‘([").rstrip()
    return not trimmed or trimmed[-1] in _SENTENCE_END


def _found(word: str, before: str, ordinary: bool) -> bool:
    if len(word) > 1 and word.isupper():
        return True
    if not word[:1].isupper():
        return False
    return not (ordinary and _sentence_start(before))


def _runs(shot) -> Iterator[list[TextLine]]:
    """The direction, then each action paragraph: the lines read as one run of sentences."""
    if shot.direction is not None:
        yield [shot.direction]
    for paragraph in shot.paragraphs:
        if paragraph.kind == "action":
            yield paragraph.lines


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    cast = ctx.decl.cast
    if not cast:
        return
    finder = _finder(list(cast.values()))
    scene = compiled.scene
    for shot in scene.shots:
        for run in _runs(shot):
            before = ""  # the end of the run's previous line: where a sentence may have ended
            for line in run:
                for match in finder.finditer(line.text):
                    word = match.group()
                    member = cast.get(word.lower())
                    if member is None:
                        continue  # matched only through Unicode case folding (`ſ` for `s`): not the name as written
                    start = match.start()
                    # A few characters before the word say whether a sentence starts there.
                    context = line.text[max(0, start - _LOOK_BACK) : start]
                    if start < _LOOK_BACK:
                        context = before + " " + context
                    if not _found(word, context, member.name.lower() in ORDINARY):
                        continue
                    written = as_reference(member.name)
                    span = Span.at(line.line, line.column + start, len(word))
                    yield ctx.report(
                        CODE,
                        f"{word} is not tied to the cast member's reference images; write {written}",
                        span,
                        f"only `{written}` sends {member.name}'s reference images with the request; for a plain `{word}` the model invents a face",
                        ctx.replace(span, written, "unsafe", f"write `{written}`"),
                    )
                before = line.text[-_LOOK_BACK:]
