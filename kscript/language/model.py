"""The data model every pass shares: plain data classes with source positions.

Lines and columns are 1-based; an end column points one past the last
character, as editors and SARIF count them.
"""

from __future__ import annotations

from kscript.core.spans import Span

# kscript runs on every commit, so start-up counts: the classes below are
# written out instead of generated with @dataclass (which execs the code of
# each __init__ at import: 2.5 ms for this module). Nothing compares model
# objects by value; identity is what the passes mean.


class Setting:
    def __init__(self, key: str, written_key: str, value: str, span: Span, key_span: Span, value_span: Span, known: bool = True) -> None:
        self.key = key  # canonical setting name, e.g. "aspect", or the key as written if unknown
        self.written_key = written_key
        self.value = value
        self.span = span  # the whole line
        self.key_span = key_span
        self.value_span = value_span
        self.known = known


class Attribute:
    def __init__(self, key: str, value: str, span: Span, value_span: Span) -> None:
        self.key = key  # lower-cased
        self.value = value
        self.span = span
        self.value_span = value_span


class CastMember:
    def __init__(self, name: str, description: str, span: Span, front: Attribute | None = None, also: list[Attribute] | None = None, voice: str | None = None, attributes: list[Attribute] | None = None) -> None:
        self.name = name
        self.description = description
        self.span = span  # the name
        self.front = front
        self.also: list[Attribute] = [] if also is None else also  # one per URL
        self.voice = voice
        self.attributes: list[Attribute] = [] if attributes is None else attributes


class Image:
    def __init__(self, name: str, url: str, span: Span, url_span: Span) -> None:
        self.name = name
        self.url = url
        self.span = span  # the name
        self.url_span = url_span


class Reference:
    def __init__(self, name: str, span: Span) -> None:
        self.name = name  # as written, without the @
        self.span = span  # covers the @ and the name


class TextLine:
    """One line of sent text, kept with the column of its first character."""

    def __init__(self, text: str, line: int, column: int, sent: str | None = None) -> None:
        self.text = text
        self.line = line
        self.column = column
        # The text as sent, where a note or boneyard stood inside the line: the hidden
        # text taken out rather than left as spaces (`roof[[ a note ]].` sends `roof.`).
        self.sent = sent


class Paragraph:
    def __init__(self, kind: str, lines: list[TextLine], span: Span, cue: str = "", cue_span: Span | None = None, tone: TextLine | None = None, spoken: list[TextLine] | None = None) -> None:
        self.kind = kind  # "action" or "dialogue"
        self.lines = lines
        self.span = span
        # dialogue only
        self.cue = cue  # the speaker's name as written, extension dropped
        self.cue_span = cue_span
        self.tone = tone
        self.spoken: list[TextLine] = [] if spoken is None else spoken


class Shot:
    def __init__(self, span: Span, duration: float | None, duration_text: str | None, duration_span: Span | None, direction: TextLine | None, paragraphs: list[Paragraph] | None = None) -> None:
        self.span = span  # the SHOT line
        self.duration = duration
        self.duration_text = duration_text
        self.duration_span = duration_span
        self.direction = direction
        self.paragraphs: list[Paragraph] = [] if paragraphs is None else paragraphs

    @property
    def seconds(self) -> int:
        """The duration the request carries: the API's default of 5 when none is given."""
        if self.duration is None:
            return 5
        return int(self.duration)


class Scene:
    def __init__(self, id: str, heading: str, span: Span, number_span: Span | None, settings: list[Setting] | None = None, shots: list[Shot] | None = None, loose_text: list[TextLine] | None = None, synopsis: list[TextLine] | None = None) -> None:
        self.id = id
        self.heading = heading
        self.span = span  # the heading line
        self.number_span = number_span
        self.settings: list[Setting] = [] if settings is None else settings
        self.shots: list[Shot] = [] if shots is None else shots
        self.loose_text: list[TextLine] = [] if loose_text is None else loose_text  # before the first shot
        self.synopsis: list[TextLine] = [] if synopsis is None else synopsis  # `= ...` lines under the heading, never sent

    def setting(self, key: str) -> Setting | None:
        for s in self.settings:
            if s.key == key and s.known:
                return s
        return None


class Script:
    def __init__(self, path: str, title_page: list[Setting] | None = None, cast: list[CastMember] | None = None, images: list[Image] | None = None, scenes: list[Scene] | None = None, late_blocks: list[Span] | None = None, prologue: list[TextLine] | None = None) -> None:
        self.path = path
        self.title_page: list[Setting] = [] if title_page is None else title_page
        self.cast: list[CastMember] = [] if cast is None else cast
        self.images: list[Image] = [] if images is None else images
        self.scenes: list[Scene] = [] if scenes is None else scenes
        self.late_blocks: list[Span] = [] if late_blocks is None else late_blocks  # CAST/IMAGES lines after a scene
        self.prologue: list[TextLine] = [] if prologue is None else prologue  # action and dialogue before the first scene: never sent
        # The whole script as Fountain's elements, in order (kscript.language.reading.Element).
        self.elements: list = []

    def setting(self, key: str) -> Setting | None:
        for s in self.title_page:
            if s.key == key and s.known:
                return s
        return None


# Every class above: what a pass that walks a model (the language server's line shift) looks into.
MODEL_TYPES = (Setting, Attribute, CastMember, Image, Reference, TextLine, Paragraph, Shot, Scene, Script)
