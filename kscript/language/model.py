"""The data model every pass shares: plain data classes with source positions.

Lines and columns are 1-based; an end column points one past the last
character, as editors and SARIF count them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

# kscript runs on every commit, so start-up counts: the data classes below
# skip the generated __eq__ and __repr__ (an exec each at import); nothing
# compares model objects by value (identity is what the passes mean).


class Span(NamedTuple):
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def at(cls, line: int, column: int, length: int = 1) -> Span:
        return cls(line, column, line, column + max(length, 1))


@dataclass(eq=False, repr=False)
class Setting:
    key: str  # canonical setting name, e.g. "aspect", or the key as written if unknown
    written_key: str
    value: str
    span: Span  # the whole line
    key_span: Span
    value_span: Span
    known: bool = True


@dataclass(eq=False, repr=False)
class Attribute:
    key: str  # lower-cased
    value: str
    span: Span
    value_span: Span


@dataclass(eq=False, repr=False)
class CastMember:
    name: str
    description: str
    span: Span  # the name
    front: Attribute | None = None
    also: list[Attribute] = field(default_factory=list)  # one per URL
    voice: str | None = None
    attributes: list[Attribute] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Image:
    name: str
    url: str
    span: Span  # the name
    url_span: Span


@dataclass(eq=False, repr=False)
class Reference:
    name: str  # as written, without the @
    span: Span  # covers the @ and the name


@dataclass(eq=False, repr=False)
class TextLine:
    """One line of sent text, kept with the column of its first character."""

    text: str
    line: int
    column: int
    # The text as sent, where a note or boneyard stood inside the line: the hidden
    # text taken out rather than left as spaces (`roof[[ a note ]].` sends `roof.`).
    sent: str | None = None


@dataclass(eq=False, repr=False)
class Paragraph:
    kind: str  # "action" or "dialogue"
    lines: list[TextLine]
    span: Span
    # dialogue only
    cue: str = ""  # the speaker's name as written, extension dropped
    cue_span: Span | None = None
    tone: TextLine | None = None
    spoken: list[TextLine] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Shot:
    span: Span  # the SHOT line
    duration: float | None
    duration_text: str | None
    duration_span: Span | None
    direction: TextLine | None
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def seconds(self) -> int:
        """The duration the request carries: the API's default of 5 when none is given."""
        if self.duration is None:
            return 5
        return int(self.duration)


@dataclass(eq=False, repr=False)
class Scene:
    id: str
    heading: str
    span: Span  # the heading line
    number_span: Span | None
    settings: list[Setting] = field(default_factory=list)
    shots: list[Shot] = field(default_factory=list)
    loose_text: list[TextLine] = field(default_factory=list)  # before the first shot
    synopsis: list[TextLine] = field(default_factory=list)  # `= ...` lines under the heading, never sent

    def setting(self, key: str) -> Setting | None:
        for s in self.settings:
            if s.key == key and s.known:
                return s
        return None


@dataclass(eq=False, repr=False)
class Script:
    path: str
    title_page: list[Setting] = field(default_factory=list)
    cast: list[CastMember] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    scenes: list[Scene] = field(default_factory=list)
    late_blocks: list[Span] = field(default_factory=list)  # CAST/IMAGES lines after a scene
    prologue: list[TextLine] = field(default_factory=list)  # action and dialogue before the first scene: never sent

    def setting(self, key: str) -> Setting | None:
        for s in self.title_page:
            if s.key == key and s.known:
                return s
        return None
