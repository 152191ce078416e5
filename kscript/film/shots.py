"""What a crew reads off a shot: its label, its cast, its dialogue. Pure functions over the model.

Shared by the storyboard (kscript/film/board.py) and the editor's timeline
(kscript/film/export.py), so that a shot is called the same on both.
"""

from __future__ import annotations

import re

from kscript.compiler.markup import is_parenthetical, unmark
from kscript.compiler.scenes import Declarations
from kscript.language.model import CastMember, Shot
from kscript.language.references import references_in, substitute

# The framing a direction starts with, in capitals: `WIDE`, `CLOSE ON`, `LOW ANGLE`, `OTS`.
_FRAMING = re.compile(r"[^\W\da-z_][^\Wa-z_]*(?:[ /-][^\W\da-z_][^\Wa-z_]*)*")


def direction(shot: Shot) -> str:
    """The SHOT line's camera direction as written (emphasis markers taken out), or ""."""
    if shot.direction is None:
        return ""
    return " ".join(unmark(shot.direction.sent if shot.direction.sent is not None else shot.direction.text).split())


def readable(text: str) -> str:
    """`text` with each reference written as its name (`CLOSE ON @Isla` reads `CLOSE ON Isla`), `@@` as `@`."""
    return substitute(text, lambda name: name)


def label(shot: Shot) -> str:
    """A short name for the shot's framing: the direction's leading words in capitals
    (`WIDE, locked off` is `WIDE`, `CLOSE ON her hands` is `CLOSE ON`), else its first
    clause (`slow push in`), at most 32 characters; "" without a direction."""
    text = direction(shot)
    found = _FRAMING.match(text)
    if found is not None and any(c.isalpha() for c in found.group()):
        words = found.group().split()
        if words and len(words[-1]) == 1 and len(words) > 1:
            words = words[:-1]  # `CLOSE ON A` reading into the next word: `CLOSE ON`
        return " ".join(words)[:32]
    first = text.split(",")[0].strip()
    return first if len(first) <= 32 else first[:31].rstrip() + "…"


def cast(shot: Shot, decl: Declarations) -> list[CastMember]:
    """The cast members a shot refers to or gives lines to, in the order they first appear."""
    found: dict[str, CastMember] = {}

    def add(name: str) -> None:
        member = decl.cast.get(name.lower())
        if member is not None:
            found.setdefault(member.name.lower(), member)

    def scan(lines) -> None:
        for line in lines:
            for ref in references_in(line):
                add(ref.name)

    scan([shot.direction] if shot.direction is not None else [])
    for paragraph in shot.paragraphs:
        if paragraph.kind == "dialogue":
            add(paragraph.cue)
            scan([paragraph.tone] if paragraph.tone is not None else [])
            scan(paragraph.spoken)
        else:
            scan(paragraph.lines)
    return list(found.values())


class Line:
    """One dialogue block as a screenplay sets it: the cue, a parenthetical, the words."""

    __slots__ = ("cue", "member", "tone", "words")

    def __init__(self, cue: str, member: CastMember | None, tone: str, words: str) -> None:
        self.cue = cue  # as written, extension dropped
        self.member = member  # the cast member speaking, if the cue is one
        self.tone = tone  # the parenthetical without its brackets, or ""
        self.words = words  # the spoken lines joined; a parenthetical among them stays in brackets

    def as_dict(self) -> dict[str, str]:
        return {"speaker": self.cue, "parenthetical": self.tone, "line": self.words}


def dialogue(shot: Shot, decl: Declarations) -> list[Line]:
    found = []
    for paragraph in shot.paragraphs:
        if paragraph.kind != "dialogue":
            continue
        tone = paragraph.tone.text.strip() if paragraph.tone is not None else ""
        if tone.startswith("(") and tone.endswith(")"):
            tone = tone[1:-1].strip()
        words = " ".join(" ".join(unmark(line.text).split()) for line in paragraph.spoken if line.text.strip())
        if words or tone:
            cue = paragraph.cue.lstrip("@")
            found.append(Line(cue, decl.cast.get(cue.lower()), tone, words))
    return found


def spoken_only(line: Line) -> str:
    """The words of a line without the parentheticals among them: what a subtitle shows."""
    return " ".join(part for part in re.split(r"(\([^)]*\))", line.words) if part.strip() and not is_parenthetical(part)).strip()
