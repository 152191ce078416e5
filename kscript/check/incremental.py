"""The checker again after an edit: re-read only the scenes that changed.

The language server's checking, kept here beside the whole-text checker
(kscript/check/runner.py) whose rules it walks (kscript/check/walk.py): the
server only speaks the protocol.

A script is its preamble (title page, cast, images: everything before the
first scene heading) followed by scenes, and every rule but a few looks at
one scene at a time, given the preamble. So the text is cut into chunks at
its scene headings, and each chunk's reading (blanking, parse, compile, and
the rules whose target is a scene or a shot, and those on the chunk's own
directives) is cached under the chunk's own text; a keystroke re-reads the one
chunk it touched. The rules on the script and the cast run on the preamble.
The rules that compare scenes with each other (target `across`: duplicate
ids, unused names, no scene at all, title-page settings no model takes) run
afterwards over small facts of every scene, and only when the facts they read
(their ACROSS) changed. The result is the one
`kscript lint` gives for the whole text; tests/test_lsp_incremental.py checks
that with generated scripts and edits.

Chunks are read on their own, so their lines count from a sentinel
(`BASE + 1`) and unnumbered scenes get sentinel ids; placing a chunk in the
document maps both back (a message that names a line or a scene id is
rewritten too). A chunk that moves down because a line was added above it is
therefore reused as it is. A chunk whose own text holds something that looks
like a sentinel is read at its real place instead ("pinned").

Cutting is only safe where the whole-text reading would cut too:
- a `[[` or `/*` whose closer lies beyond the chunk hides the headings up to
  it, so the chunk grows until its hidden text is closed;
- a heading that a note on its own line blanks away is no heading, so that
  piece joins the chunk before it.
Cases that do not fit (a CAST or IMAGES block after the first scene, which
changes the names every scene sees; hidden text running out of the
preamble) are read whole, as `lint` reads them: correct, only slower.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from kscript.check import changes, walk
from kscript.check.changes import Change
from kscript.check.context import ScriptContext
from kscript.check.fixes import Edit, Fix
from kscript.compiler.scenes import CompiledScene, Declarations, compile_scene
from kscript.core.diagnostics import Diagnostic
from kscript.core.lines import LineTable, normalise
from kscript.core.spans import Span
from kscript.language.build import build
from kscript.language.model import MODEL_TYPES, Scene, Script
from kscript.language.source import Directive, Source, load

BASE = 10**12  # a chunk's line k is read as BASE + k
_LINE_MARK = re.compile(r"\b1000000(\d{6})\b")  # BASE + k for k < 10**6
_ID_MARK = re.compile("\ue000(\\d+)\ue001")
_LOOKS_LIKE_MARK = re.compile("1000000\\d{6}|[\ue000\ue001]")
MAX_CHUNK_LINES = 999_999
OFFSET_BASE = 10**15  # a chunk's fix offsets, before the chunk is placed

# What a chunk's line shift walks: the model's objects and the notes that silence rules.
_POSITIONED_TYPES = frozenset((*MODEL_TYPES, Directive))


def _shift_span(span: Span | None, delta: int) -> Span | None:
    if span is None:
        return None
    return Span(span.line + delta, span.column, span.end_line + delta, span.end_column)


def _shift_model(obj: Any, delta: int, seen: set[int]) -> None:
    """Move every position in a model object (and what it holds) down by `delta` lines.

    Every chunk's model is walked so, once per reading: by exact types (the model's
    classes have no subclasses) and without recursion, as the cost of reading a
    long script in chunks is mostly the sum of such per-chunk work."""
    stack = [obj]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or type(obj) not in _POSITIONED_TYPES:
            continue
        seen.add(id(obj))
        fields = vars(obj)  # plain classes, written out rather than data classes (start-up)
        for name, value in fields.items():
            kind = type(value)
            if kind is Span:
                fields[name] = Span(value.line + delta, value.column, value.end_line + delta, value.end_column)
            elif kind is int and name in ("line", "end_line"):
                fields[name] = value + delta
            elif kind is list:
                for i, item in enumerate(value):
                    kind = type(item)
                    if kind is Span:
                        value[i] = Span(item.line + delta, item.column, item.end_line + delta, item.end_column)
                    elif kind is tuple and len(item) == 2 and type(item[1]) is Span:
                        value[i] = (item[0], _shift_span(item[1], delta))  # a directive's (code, span)
                    elif kind in _POSITIONED_TYPES:
                        stack.append(item)
            elif kind in _POSITIONED_TYPES:
                stack.append(value)


@dataclass(eq=False)
class Context:
    """What every chunk is read against: the preamble and the configuration."""

    path: str
    text: str
    image_count: str
    defaults: dict[str, Any]
    source: Source
    script: Script
    decl: Declarations
    diagnostics: list[Diagnostic]  # the preamble's own, from every rule that looks at one scene
    keys: set[tuple] = field(default_factory=set)
    open_closers: list[tuple[str, int]] = field(default_factory=list)
    usable: bool = True  # False: the preamble holds a scene or late blocks; read whole
    table: LineTable = field(default_factory=lambda: LineTable(""))
    speech_rate: float = 2.5  # the configuration's `speech-rate` (KS505)
    files: bool | None = None  # whether the preamble names a local file (None: not asked yet)


def _key(d: Diagnostic) -> tuple:
    return (d.code, d.span, d.message, d.help)


def _known_codes() -> tuple[str, ...]:
    from kscript.check.rules import registry

    return tuple(registry())


def _unterminated(source: Source) -> list[tuple[str, int]]:
    """(closer, offset in the text) of each `[[` or `/*` the reading found unclosed."""
    found = []
    if not any(d.code == "KS002" for d in source.diagnostics):
        return found
    starts = [0]
    for line in source.original.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    for d in source.diagnostics:
        if d.code != "KS002":
            continue
        offset = starts[d.span.line - 1] + d.span.column - 1
        opener = source.original[offset : offset + 2]
        found.append(("]]" if opener == "[[" else "*/", offset))
    return found


def read_context(path: str, text: str, image_count: str, defaults: dict[str, Any], speech_rate: float = 2.5) -> Context:
    source = load(path, text)
    script, diagnostics = build(source)
    ctx = Context(path, text, image_count, defaults, source, script, Declarations(script), [], speech_rate=speech_rate)
    ctx.open_closers = _unterminated(source)
    if script.scenes or script.late_blocks:
        ctx.usable = False
        return ctx
    diagnostics = source.diagnostics + diagnostics
    rule_ctx = ScriptContext(source, script, [], image_count, known_codes=_known_codes(), speech_rate=speech_rate)
    ctx.table = source.table
    diagnostics.extend(walk.script(rule_ctx) + walk.cast(rule_ctx))
    ctx.diagnostics = walk.stamp(diagnostics)
    ctx.keys = {_key(d) for d in diagnostics}
    return ctx


class _ChunkTable(LineTable):
    """The fixes' line table of a chunk (see ScriptContext.line_table): its lines count
    from `base`, and its offsets from OFFSET_BASE, so that an edit placed in it is told
    from one placed in the preamble (lower lines, lower offsets) and both can be placed
    in the document later."""

    def __init__(self, text: str, base: int, preamble: LineTable) -> None:
        super().__init__(text)
        self.base = base
        self.preamble = preamble

    def offset(self, line: int, column: int) -> int:
        if line <= self.base:
            return self.preamble.offset(line, column)
        return OFFSET_BASE + super().offset(line - self.base, column)

    def position(self, offset: int) -> tuple[int, int]:
        if offset < OFFSET_BASE:
            return self.preamble.position(offset)
        line, column = super().position(offset - OFFSET_BASE)
        return line + self.base, column


class _ChunkSource(Source):
    """A chunk's Source, answering for the lines as the chunk's model numbers them."""

    base: int = 0

    def line_text(self, line: int) -> str:
        return super().line_text(line - self.base)


@dataclass(eq=False)
class Chunk:
    """One chunk's reading: its scenes, compiled requests and findings, in its own line numbers."""

    text: str
    base: int  # the model's line of the chunk's first line, minus one
    pinned: tuple[int, int] | None  # (first line, first scene index) when read at its real place
    source: Source
    scenes: list[Scene]
    compiled: list[CompiledScene]
    diagnostics: list[Diagnostic]
    foreign: list[bool]  # per diagnostic: it stands outside the chunk (in the preamble)
    lines: int
    heading_first: bool
    open_closers: list[tuple[str, int]]
    late: bool
    facts: tuple | None = None
    stubs: tuple = ((), [])  # (where it was placed, its scenes there as stubs): what "scenes" rules read
    key: Any = None  # its key in the Checker's cache
    placed_diagnostics: dict = field(default_factory=dict)
    files: bool | None = None  # whether its scenes name a local file or a chain (None: not asked yet)
    parsed: Parsed | None = None  # what of its reading another preamble would not change

    def relocatable(self) -> bool:
        return self.pinned is None


@dataclass(eq=False)
class Parsed:
    """The part of a chunk's reading the preamble does not change: its text blanked and
    parsed, its model's positions moved to the chunk's lines. An edit above the first scene
    reads every chunk again against the new preamble, but parses none of them again."""

    source: _ChunkSource
    script: Script
    diagnostics: list[Diagnostic]  # the reading's own (hidden text, syntax), in the chunk's lines
    heading_first: bool
    open_closers: list[tuple[str, int]]
    lines: int
    base: int
    late: bool


def parse_chunk(path: str, text: str, pinned: tuple[int, int] | None = None) -> Parsed:
    from kscript.language.parser import get_parser

    plain = load(path, text)
    source = _ChunkSource(plain.path, plain.original, plain.text, plain.directives, plain.diagnostics)
    script, diagnostics = build(source)
    diagnostics = source.diagnostics + diagnostics
    heading_first = get_parser().patterns["HEADING"](source.text, 0) is not None
    open_closers = _unterminated(plain)  # before the positions move
    lines = text.count("\n")
    base = BASE if pinned is None else pinned[0] - 1
    first_scene = 0 if pinned is None else pinned[1]
    if base:
        seen: set[int] = set()
        for scene in script.scenes:
            _shift_model(scene, base, seen)
        for d in diagnostics:
            d.span = _shift_span(d.span, base)
        for directive in source.directives:
            _shift_model(directive, base, seen)
        for member in script.cast:
            _shift_model(member, base, seen)
        for image in script.images:
            _shift_model(image, base, seen)
        script.late_blocks = [_shift_span(s, base) for s in script.late_blocks]
    source.base = base
    for k, scene in enumerate(script.scenes):
        if scene.number_span is None:
            scene.id = f"\ue000{k}\ue001" if pinned is None else str(first_scene + k + 1)
    late = bool(script.late_blocks or script.cast or script.images)
    return Parsed(source, script, diagnostics, heading_first, open_closers, lines, base, late)


def read_chunk(ctx: Context, text: str, pinned: tuple[int, int] | None = None, parsed: Parsed | None = None) -> Chunk:
    """A chunk's reading against the preamble: compiled, and checked by the rules on it and its scenes and shots."""
    if parsed is None:
        parsed = parse_chunk(ctx.path, text, pinned)
    source, script, base, lines = parsed.source, parsed.script, parsed.base, parsed.lines
    diagnostics = list(parsed.diagnostics)
    whole = Script(ctx.path, ctx.script.title_page, ctx.script.cast, ctx.script.images, script.scenes)
    compiled = [compile_scene(whole, scene, ctx.decl, defaults=ctx.defaults) for scene in script.scenes]
    rule_ctx = ScriptContext(source, whole, compiled, ctx.image_count, known_codes=_known_codes(), speech_rate=ctx.speech_rate)
    rule_ctx.__dict__["line_table"] = _ChunkTable(text, base, ctx.table)  # seeds the cached property
    # The chunk's own parts outside its scenes (its directives) and each of its scenes and shots.
    own = ScriptContext(source, script, compiled, ctx.image_count, known_codes=_known_codes(), speech_rate=ctx.speech_rate)
    own.__dict__["line_table"] = rule_ctx.line_table
    found = walk.script(own) + walk.scenes(rule_ctx, compiled)
    diagnostics.extend(d for d in found if _key(d) not in ctx.keys)
    walk.stamp(diagnostics)
    low, high = base + 1, base + lines + 1
    foreign = [not (low <= d.span.line <= high) for d in diagnostics]
    return Chunk(
        text, base, pinned, source, script.scenes, compiled, diagnostics, foreign, lines,
        parsed.heading_first, parsed.open_closers, parsed.late, parsed=parsed,
    )


@dataclass(eq=False)
class Placed:
    """A chunk at its place in the document."""

    chunk: Chunk
    start: int  # the document's line of the chunk's first line
    first_scene: int  # the index of its first scene among the document's scenes
    offset: int = 0  # where the chunk's text starts in the (normalised) document

    def line(self, model_line: int) -> int:
        """The document's line for a line as the chunk's model numbers it."""
        return model_line - self.chunk.base + self.start - 1

    def model_line(self, line: int) -> int:
        return line - self.start + 1 + self.chunk.base

    def span(self, span: Span) -> Span:
        delta = self.start - 1 - self.chunk.base
        return Span(span.line + delta, span.column, span.end_line + delta, span.end_column)

    def scene_id(self, scene: Scene) -> str:
        match = _ID_MARK.fullmatch(scene.id)
        return str(self.first_scene + int(match.group(1)) + 1) if match else scene.id

    def text(self, message: str) -> str:
        """A message or help with the chunk's line numbers and scene ids made the document's."""
        if self.chunk.relocatable():
            message = _LINE_MARK.sub(lambda m: str(self.start + int(m.group(1)) - 1), message)
        if "\ue000" in message:
            message = _ID_MARK.sub(lambda m: str(self.first_scene + int(m.group(1)) + 1), message)
        return message

    def edit(self, edit: Edit) -> Edit:
        """A fix's edit in the document's terms (offsets into the normalised text)."""
        if edit.start < OFFSET_BASE:
            return edit  # in the preamble: already the document's
        start, end = edit.start - OFFSET_BASE + self.offset, edit.end - OFFSET_BASE + self.offset
        return Edit(start, end, edit.text, edit.span and self.span(edit.span))

    def diagnostics(self) -> list[Diagnostic]:
        """The chunk's findings in the document's terms (foreign ones, in the preamble, as they are)."""
        chunk = self.chunk
        key = (self.start, self.first_scene, self.offset)
        cached = chunk.placed_diagnostics.get(key)
        if cached is None:
            cached = []
            for d, foreign in zip(chunk.diagnostics, chunk.foreign, strict=True):
                span = d.span if foreign else self.span(d.span)
                fix = d.fix and Fix(tuple(self.edit(e) for e in d.fix.edits), d.fix.applicability, d.fix.message)
                cached.append(Diagnostic(d.code, d.severity, self.text(d.message), span, d.help and self.text(d.help), d.path, fix))
            chunk.placed_diagnostics = {key: cached}  # one place is remembered: where it stands now
        return cached


@dataclass(eq=False)
class Analysis:
    """One reading of a whole document: what `lint` reports and the model the editor features use."""

    path: str
    text: str  # normalised, ending in a newline
    context: Context
    chunks: list[Chunk] = field(default_factory=list)
    cuts: list[int] = field(default_factory=list)  # where each chunk starts in `text`, then len(text)
    starts: list[int] = field(default_factory=list)  # each chunk's first line
    firsts: list[int] = field(default_factory=list)  # each chunk's first scene index
    script_diagnostics: dict[str, list[Diagnostic]] = field(default_factory=dict)  # the findings of the rules comparing scenes, by the facts they read
    names: dict[str, int] = field(default_factory=dict)  # how many chunks send each name
    noisy: list[int] = field(default_factory=list)  # indexes of the chunks with findings or directives
    diagnostics: list[Diagnostic] = field(default_factory=list)  # every finding, before the selection
    whole: tuple[Source, Script, list[CompiledScene]] | None = None  # when read whole

    @property
    def script(self) -> Script:
        return self.whole[1] if self.whole else self.context.script

    def placed(self, index: int) -> Placed:
        return Placed(self.chunks[index], self.starts[index], self.firsts[index], self.cuts[index])

    def scenes(self):
        """(placed chunk or None, scene, compiled scene, the scene's id) for every scene, in order."""
        if self.whole is not None:
            for compiled in self.whole[2]:
                yield None, compiled.scene, compiled, compiled.scene.id
            return
        for index in range(len(self.chunks)):
            placed = self.placed(index)
            for scene, compiled in zip(placed.chunk.scenes, placed.chunk.compiled, strict=True):
                yield placed, scene, compiled, placed.scene_id(scene)

    def placed_at(self, line: int) -> Placed | None:
        """The chunk holding the document's `line` (None: the preamble, or a whole reading)."""
        if self.whole is not None or not self.chunks or line < self.starts[0]:
            return None
        return self.placed(bisect.bisect_right(self.starts, line) - 1)

    def line_text(self, line: int) -> str:
        placed = self.placed_at(line)
        if placed is None:
            source = self.whole[0] if self.whole else self.context.source
            return source.line_text(line)
        return placed.chunk.source.line_text(placed.model_line(line))


def _facts(chunk: Chunk) -> tuple:
    """What the rules comparing scenes read of a chunk: its scenes' ids and positions, and the names it sends."""
    if chunk.facts is None:
        names: set[str] = set()
        for compiled in chunk.compiled:
            names |= {m.name.lower() for m in compiled.elements} | {i.name.lower() for i in compiled.images}
        scenes = tuple((s.id, s.heading, s.span, s.number_span) for s in chunk.scenes)
        settings = tuple((c.request.get("model"), frozenset(s.key for s in c.scene.settings)) for c in chunk.compiled)
        chunk.facts = (scenes, frozenset(names), settings)
    return chunk.facts


def _noisy(chunk: Chunk) -> bool:
    return bool(chunk.diagnostics or chunk.source.directives)


_MARKERS = ("[[", "]]", "/*", "*/")


def _names_files(analysis) -> bool:
    """Whether the document names a local file or a chained frame anywhere (worked out once
    for the preamble and once for each chunk, which keep the answer)."""
    from kscript.assets.names import names_local_files

    ctx = analysis.context
    if ctx.files is None:
        ctx.files = names_local_files(Script(analysis.path, ctx.script.title_page, ctx.script.cast, ctx.script.images, []))
    if ctx.files:
        return True
    for chunk in analysis.chunks:
        if chunk.files is None:
            chunk.files = names_local_files(Script(analysis.path, scenes=chunk.scenes))
        if chunk.files:
            return True
    return False


class Checker:
    """Reads one document again and again, reusing what did not change."""

    def __init__(self, path: str, image_count: str = "slots", defaults: dict[str, Any] | None = None, speech_rate: float = 2.5, assets=None) -> None:
        self.path = path
        self.assets = assets  # kscript.check.runner.AssetSettings: where local files go (the configuration's assets-repo)
        self.image_count = image_count
        self.speech_rate = speech_rate
        self.defaults = dict(defaults or {})
        self.context: Context | None = None
        self.chunks: dict[Any, Chunk] = {}
        self.parsed: dict[Any, Parsed] = {}  # while a new preamble is read: each chunk's parse, by its key
        self.last: Analysis | None = None

    def configure(self, image_count: str, defaults: dict[str, Any]) -> None:
        if image_count != self.image_count or defaults != self.defaults:
            self.image_count, self.defaults = image_count, dict(defaults)
            self.context, self.chunks, self.last = None, {}, None

    def check(self, text: str, changed: tuple[int, int, int] | list[Change] | None = None) -> Analysis:
        """Read `text`. `changed`, when the caller knows it: where it differs from the text read
        last, in offsets of the normalised texts, as changes (kscript/check/changes.py) or as
        one (start, old end, new end)."""
        if isinstance(changed, tuple):
            changed = changes.one(*changed)
        text = normalise(text)
        padded = text if text.endswith("\n") else text + "\n"
        analysis = None
        if self.last is None:
            analysis = self._first(padded)
        elif changed is not None and self.last.whole is None and self.last.chunks:
            analysis = self._update(self.last, padded, changed)
        if analysis is None:
            analysis = self._read(padded)
        if analysis.whole is None and _names_files(analysis):
            self._assets(analysis)
        self.last = analysis
        return analysis

    def _assets(self, analysis: Analysis) -> None:
        """The assets pass of `lint` (kscript/check/assets.py) over the scenes where they stand:
        each local file read (the facts kept while the file is unchanged on disk) and held
        against the models of the scenes that send it. It reads the scenes' settings and
        requests, not their text, so no scene is read again for it."""
        from types import SimpleNamespace

        from kscript.check.assets import check
        from kscript.check.runner import AssetSettings, _resolve_assets
        from kscript.language.model import Setting

        ctx = analysis.context
        scenes: list[Scene] = []
        compiled: list[Any] = []
        for placed, scene, one, scene_id in analysis.scenes():
            assert placed is not None
            settings = [
                Setting(s.key, s.written_key, s.value, placed.span(s.span), placed.span(s.key_span), placed.span(s.value_span), s.known)
                for s in scene.settings
            ]
            here = Scene(scene_id, scene.heading, placed.span(scene.span), None, settings)
            scenes.append(here)
            compiled.append(SimpleNamespace(scene=here, elements=one.elements, images=one.images, request=one.request, values=one.values, effective=one.effective))
        script = Script(self.path, ctx.script.title_page, ctx.script.cast, ctx.script.images, scenes)
        resolution = _resolve_assets(self.path, script, self.assets or AssetSettings())
        # Fixes count in the normalised text here, as every fix of a chunk does (see Placed.edit).
        source = Source(self.path, analysis.text, analysis.text, table=LineTable(analysis.text))
        found = walk.stamp(check(resolution, script, compiled, source))
        if found:
            analysis.script_diagnostics["assets"] = found
            self._finish(analysis)

    def warm(self) -> None:
        """Cut the text read last into chunks, if it was read whole at first, so that the
        next edit re-reads only its scene. Nothing for a text that cannot be cut (hidden
        text left open, blocks after the first scene): an edit reads it whole again."""
        last = self.last
        if last is None or last.whole is None or self.context is None or not self.context.usable:
            return
        if any(d.code in ("KS002", "KS003") for d in last.diagnostics):
            return  # unterminated hidden text or a late block: it would be read whole again
        analysis = self._read(last.text)
        if analysis.whole is None:
            self.last = analysis

    def _first(self, padded: str) -> Analysis:
        """A document's first reading. In chunks, so that the edits to come re-read only their
        scenes: read whole, it would have to be cut right after (`warm`), and the server can
        answer nothing while it cuts (on 100,000 lines: 1.8 s whole, then 3.4 s cutting,
        against 3.4 s in chunks at once). Whole, as `lint` reads it, when the text holds
        hidden text (`[[`, `/*`): that can run across scenes and stop the cutting half way,
        and a file of 200,000 unclosed `[[` costs twice its lint in chunks."""
        heading = self._heading()
        if heading.match(padded, 0):
            pre_end = 0
        else:
            found = re.search(f"\n(?:{heading.pattern})", padded)
            pre_end = len(padded) if found is None else found.start() + 1
        self.context = read_context(self.path, padded[:pre_end], self.image_count, self.defaults, self.speech_rate)
        self.chunks = {}
        if "[[" in padded or "/*" in padded:
            return self._whole(padded)
        return self._read(padded)

    # -- reading ------------------------------------------------------------------------------

    def _heading(self):
        from kscript.language.parser import get_parser

        return get_parser().patterns["HEADING"].__self__

    def _chunk(self, text: str, start: int, first_scene: int, fresh: dict[Any, Chunk]) -> Chunk:
        assert self.context is not None
        chunk = fresh.get(text) or self.chunks.get(text)
        if chunk is not None and chunk.pinned is None:
            fresh[text] = chunk
            return chunk
        if _LOOKS_LIKE_MARK.search(text) or text.count("\n") > MAX_CHUNK_LINES:
            key: Any = (text, start, first_scene)
            chunk = fresh.get(key) or self.chunks.get(key) or read_chunk(self.context, text, (start, first_scene), self.parsed.get(key))
        else:
            key = text
            chunk = read_chunk(self.context, text, parsed=self.parsed.get(key))
        chunk.key = key
        fresh[key] = chunk
        return chunk

    def _group(self, padded: str, cuts: list[int], line: int, scene_index: int, fresh: dict[Any, Chunk]):
        """Chunks from the pieces between `cuts`, grown where hidden text crosses a cut.

        Returns (chunks, their cuts, starts, first scene indexes), or None when the text
        must be read whole (or, with a `limit`, when a chunk would grow past it)."""
        chunks, group_cuts, starts, firsts = [], [], [], []
        i = 0
        while i < len(cuts) - 1:
            j = i + 1
            while True:
                chunk = self._chunk(padded[cuts[i] : cuts[j]], line, scene_index, fresh)
                if chunk.late or any(c.after for c in chunk.compiled):
                    # A block after the first scene, or a scene starting from another's last frame
                    # (the chain rules read the scenes' settings where they stand): read whole.
                    return None
                more = chunk.open_closers and any(padded.find(c, cuts[j]) >= 0 for c, _ in chunk.open_closers)
                if j < len(cuts) - 1 and (more or not self._heading_first(padded, cuts[j], cuts[j + 1])):
                    j += 1
                    continue
                if more:
                    return None  # hidden text runs past the part being read again
                break
            if not chunk.heading_first:
                return None  # a note blanks the first heading away: it is no heading
            chunks.append(chunk)
            group_cuts.append(cuts[i])
            starts.append(line)
            firsts.append(scene_index)
            line += chunk.lines
            scene_index += len(chunk.scenes)
            i = j
        return chunks, group_cuts, starts, firsts

    def _heading_first(self, padded: str, start: int, end: int) -> bool:
        first_end = padded.find("\n", start)
        if padded.find("[[", start, first_end) < 0 and padded.find("/*", start, first_end) < 0:
            return True  # blanking cannot touch the heading
        from kscript.language.parser import get_parser

        return get_parser().patterns["HEADING"](load(self.path, padded[start:end]).text, 0) is not None

    def _read(self, padded: str) -> Analysis:
        heading = self._heading()
        cuts = [0] if heading.match(padded, 0) else []
        cuts += [m.start() + 1 for m in re.finditer(f"\n(?:{heading.pattern})", padded)]
        pre_end = cuts[0] if cuts else len(padded)
        preamble = padded[:pre_end]
        ctx = self.context
        if ctx is None or ctx.text != preamble:
            ctx = self.context = read_context(self.path, preamble, self.image_count, self.defaults, self.speech_rate)
            # Every chunk is read again against the new preamble, from the parse it already has.
            self.parsed = {key: chunk.parsed for key, chunk in self.chunks.items() if chunk.parsed is not None}
            self.chunks = {}
        if not ctx.usable or any(padded.find(c, pre_end) >= 0 for c, _ in ctx.open_closers):
            self.parsed = {}
            return self._whole(padded)
        fresh: dict[Any, Chunk] = {}
        try:
            grouped = self._group(padded, [*cuts, len(padded)], preamble.count("\n") + 1, 0, fresh)
        finally:
            self.parsed = {}  # what the document no longer holds is let go
        if grouped is None:
            return self._whole(padded)
        self.chunks = fresh
        chunks, group_cuts, starts, firsts = grouped
        analysis = Analysis(self.path, padded, ctx, chunks, [*group_cuts, len(padded)], starts, firsts)
        analysis.noisy = [k for k, c in enumerate(chunks) if _noisy(c)]
        for chunk in chunks:
            for name in _facts(chunk)[1]:
                analysis.names[name] = analysis.names.get(name, 0) + 1
        analysis.script_diagnostics = {kind: self._script_rules(analysis, kind) for kind in walk.across_kinds()}
        return self._finish(analysis)

    def _update(self, prev: Analysis, padded: str, changes: list[Change]) -> Analysis | None:
        """Read again only the chunks the changes touched; None when that is not safe."""
        import bisect

        old = prev.text
        n = len(prev.chunks)
        if not changes or len(padded) - len(old) != changes[-1][3] - changes[-1][1]:
            return None  # not the edits they say
        groups: list[list[int]] = []  # [first chunk, last chunk, text delta] of each run of touched chunks
        total = 0
        for o1, o2, n1, n2 in changes:
            if o1 <= prev.cuts[0] or o2 > len(old):
                return None  # in the preamble (or at its end), or not the edit it says
            for segment in (old[max(o1 - 1, 0) : o2 + 1], padded[max(n1 - 1, 0) : n2 + 1]):
                if any(m in segment for m in _MARKERS):
                    return None  # hidden text changed: where chunks may be cut changes
            i = max(bisect.bisect_right(prev.cuts, o1) - 2, 0)  # the touched chunk and the one before
            j = min(bisect.bisect_right(prev.cuts, o2) - 1, n - 1)
            delta = (n2 - n1) - (o2 - o1)
            total += delta
            if groups and i <= groups[-1][1] + 1:
                groups[-1][1] = max(groups[-1][1], j)
                groups[-1][2] += delta
            else:
                groups.append([i, j, delta])
        heading = self._heading()
        cut_at = re.compile(f"\n(?:{heading.pattern})")
        fresh: dict[Any, Chunk] = {}
        chunks: list[Chunk] = []
        cuts: list[int] = []
        starts: list[int] = []
        firsts: list[int] = []
        olds: list[Chunk] = []
        news: list[Chunk] = []
        shift = line_shift = scene_shift = 0  # how far the chunks after the runs read so far have moved
        kept = 0  # the first chunk of the previous reading not yet taken
        moved_scenes = False
        last_pinned = max((k for k, c in enumerate(prev.chunks) if not c.relocatable()), default=-1)
        for i, j, delta in groups:
            self._keep(prev, kept, i, (shift, line_shift, scene_shift), (chunks, cuts, starts, firsts))
            region_start, region_end = prev.cuts[i] + shift, prev.cuts[j + 1] + shift + delta
            if heading.match(padded, region_start) is None:
                return None
            pieces = [region_start] + [m.start() + 1 for m in cut_at.finditer(padded, region_start, region_end)]
            grouped = self._group(padded, [*pieces, region_end], prev.starts[i] + line_shift, prev.firsts[i] + scene_shift, fresh)
            if grouped is None:
                return None
            read, read_cuts, read_starts, read_firsts = grouped
            replaced = prev.chunks[i : j + 1]
            line_delta = sum(c.lines for c in read) - sum(c.lines for c in replaced)
            scene_delta = sum(len(c.scenes) for c in read) - sum(len(c.scenes) for c in replaced)
            # The scenes' ids and places: a chunk's own facts, and where the chunk stands (a heading
            # typed over a blank line moves the next chunk up without changing its own facts).
            moved_scenes = moved_scenes or bool(
                line_delta
                or scene_delta
                or read_starts != [x + line_shift for x in prev.starts[i : j + 1]]
                or [_facts(c)[0] for c in replaced] != [_facts(c)[0] for c in read]
            )
            chunks += read
            cuts += read_cuts
            starts += read_starts
            firsts += read_firsts
            olds += replaced
            news += read
            shift, line_shift, scene_shift = shift + delta, line_shift + line_delta, scene_shift + scene_delta
            kept = j + 1
            if (line_shift or scene_shift) and kept <= last_pinned:
                return None  # a chunk read at its place moves: read it again at the new one
        self._keep(prev, kept, n, (shift, line_shift, scene_shift), (chunks, cuts, starts, firsts))
        for chunk in olds:  # the cache holds what the document holds, no more
            self.chunks.pop(chunk.key, None)
        self.chunks.update(fresh)
        analysis = Analysis(self.path, padded, prev.context, chunks, [*cuts, len(padded)], starts, firsts)
        analysis.noisy = [k for k, c in enumerate(chunks) if _noisy(c)]
        names = dict(prev.names)
        for chunk in olds:
            for name in _facts(chunk)[1]:
                names[name] -= 1
        for chunk in news:
            for name in _facts(chunk)[1]:
                names[name] = names.get(name, 0) + 1
        analysis.names = {name: n for name, n in names.items() if n > 0}
        analysis.script_diagnostics = {
            "scenes": self._script_rules(analysis, "scenes") if moved_scenes else prev.script_diagnostics["scenes"],
            "names": self._script_rules(analysis, "names") if analysis.names.keys() != prev.names.keys() else prev.script_diagnostics["names"],
            "settings": self._script_rules(analysis, "settings")
            if [_facts(c)[2] for c in olds] != [_facts(c)[2] for c in news]
            else prev.script_diagnostics["settings"],
        }
        return self._finish(analysis)

    @staticmethod
    def _keep(prev: Analysis, first: int, end: int, moved: tuple[int, int, int], into: tuple[list, list, list, list]) -> None:
        """Take the previous reading's chunks first..end-1 as they are, moved by (characters, lines, scenes)."""
        shift, line_shift, scene_shift = moved
        chunks, cuts, starts, firsts = into
        chunks += prev.chunks[first:end]
        cuts += [c + shift for c in prev.cuts[first:end]] if shift else prev.cuts[first:end]
        starts += [x + line_shift for x in prev.starts[first:end]] if line_shift else prev.starts[first:end]
        firsts += [x + scene_shift for x in prev.firsts[first:end]] if scene_shift else prev.firsts[first:end]

    def _whole(self, padded: str) -> Analysis:
        from kscript.check.runner import check_script

        result = check_script(self.path, padded, image_count=self.image_count, defaults=self.defaults, speech_rate=self.speech_rate, assets=self.assets)
        assert result.source is not None and result.script is not None and self.context is not None
        analysis = Analysis(self.path, padded, self.context, whole=(result.source, result.script, result.compiled))
        analysis.diagnostics = result.diagnostics
        return analysis

    # -- the findings ---------------------------------------------------------------------------

    def _script_rules(self, analysis: Analysis, kind: str) -> list[Diagnostic]:
        """The rules comparing scenes that read `kind`, over the facts of every scene, in the document's terms."""
        ctx = analysis.context
        stubs: list[Scene] = []
        compiled: list[CompiledScene] = []
        for index in range(len(analysis.chunks)):
            chunk = analysis.chunks[index]
            if kind != "scenes":  # what is sent and set, wherever it stands
                stubs.extend(chunk.scenes)
                compiled.extend(chunk.compiled)
                continue
            # Their ids and positions only: stubs, kept while the chunk stays where it is.
            where = (analysis.starts[index], analysis.firsts[index])
            if chunk.stubs[0] != where:
                p = analysis.placed(index)
                placed = []
                for scene in chunk.scenes:
                    number_span = p.span(scene.number_span) if scene.number_span else None
                    placed.append(Scene(p.scene_id(scene), scene.heading, p.span(scene.span), number_span))
                chunk.stubs = (where, placed)
            stubs.extend(chunk.stubs[1])
        source = Source(self.path, analysis.text, "")
        script = Script(self.path, ctx.script.title_page, ctx.script.cast, ctx.script.images, stubs)
        rule_ctx = ScriptContext(source, script, compiled, self.image_count, known_codes=_known_codes(), speech_rate=self.speech_rate)
        return walk.stamp(walk.across(rule_ctx, reads=kind))

    def _finish(self, analysis: Analysis) -> Analysis:
        ctx = analysis.context
        diagnostics = list(ctx.diagnostics)
        seen_foreign: set[tuple] = set()
        directives: list[Directive] = list(ctx.source.directives)
        for index in analysis.noisy:
            chunk = analysis.chunks[index]
            if chunk.diagnostics:
                for d, foreign in zip(analysis.placed(index).diagnostics(), chunk.foreign, strict=True):
                    if foreign:
                        if (d.code, d.span) in seen_foreign:
                            continue
                        seen_foreign.add((d.code, d.span))
                    diagnostics.append(d)
            if chunk.source.directives:
                p = analysis.placed(index)
                for directive in chunk.source.directives:
                    directives.append(Directive(directive.kind, [(c, p.span(sp)) for c, sp in directive.codes], p.span(directive.span)))
        for found in analysis.script_diagnostics.values():
            diagnostics.extend(found)
        if directives:
            from kscript.check.runner import apply_directives

            blanked = (ctx.source.text if ctx.text else "") + "".join(c.source.text for c in analysis.chunks)
            diagnostics = apply_directives(Source(self.path, analysis.text, blanked, directives), diagnostics)
        analysis.diagnostics = diagnostics
        return analysis
