"""What stands where: names, references, cues, shots, settings and scenes in document terms.

The features ask about the document's lines and columns; the analysis keeps
each chunk's model in the chunk's own line numbers, so everything found here
is handed back with its span already placed in the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kscript.check.incremental import Analysis, Placed
from kscript.compiler.scenes import CompiledScene, Declarations
from kscript.core.spans import Span
from kscript.language.model import CastMember, Image, Scene, Script, Setting, Shot, TextLine
from kscript.language.references import references_in


@dataclass(eq=False)
class SceneAt:
    scene: Scene
    compiled: CompiledScene
    id: str
    placed: Placed | None

    def span(self, span: Span) -> Span:
        return self.placed.span(span) if self.placed is not None else span

    def model_line(self, line: int) -> int:
        return self.placed.model_line(line) if self.placed is not None else line


@dataclass(eq=False)
class Occurrence:
    name: str  # as written
    span: Span  # the name alone (no @), in document terms
    kind: str  # "declaration", "reference" or "cue"
    declaration: CastMember | Image | None  # what it names, if declared
    scene: SceneAt | None = None


def declarations(analysis: Analysis) -> Declarations:
    return Declarations(analysis.script)


def declared(analysis: Analysis) -> list[CastMember | Image]:
    script = analysis.script
    return sorted([*script.cast, *script.images], key=lambda d: (d.span.line, d.span.column))


def scenes(analysis: Analysis) -> Iterator[SceneAt]:
    for placed, scene, compiled, scene_id in analysis.scenes():
        yield SceneAt(scene, compiled, scene_id, placed)


def scene_at(analysis: Analysis, line: int) -> SceneAt | None:
    """The scene whose text holds `line` (None before the first heading)."""
    if analysis.whole is None:
        placed = analysis.placed_at(line)
        if placed is None:
            return None
        model_line = placed.model_line(line)
        found = None
        for scene, compiled in zip(placed.chunk.scenes, placed.chunk.compiled, strict=True):
            if scene.span.line <= model_line:
                found = SceneAt(scene, compiled, placed.scene_id(scene), placed)
        return found
    found = None
    for at in scenes(analysis):
        if at.scene.span.line <= line:
            found = at
    return found


def _sent_lines(script: Script, scenes_only: bool) -> list[TextLine]:
    from kscript.check.context import ScriptContext
    from kscript.language.source import Source

    if scenes_only:
        script = Script(script.path, [], [], [], script.scenes)
    return ScriptContext(Source(script.path, "", ""), script, []).sent_lines


def _name_span(span: Span) -> Span:
    return Span(span.line, span.column + 1, span.end_line, span.end_column)  # without the @


def occurrences(analysis: Analysis) -> Iterator[Occurrence]:
    """Every declaration, `@name` reference and dialogue cue of a cast member, in document terms."""
    decl = declarations(analysis)

    def lookup(name: str) -> CastMember | Image | None:
        low = name.lower()
        return decl.cast.get(low) or decl.images.get(low)

    script = analysis.script
    for d in declared(analysis):
        yield Occurrence(d.name, d.span, "declaration", d)
    preamble = Script(script.path, script.title_page, script.cast, script.images, [])
    for line in _sent_lines(preamble, False):
        for ref in references_in(line):
            yield Occurrence(ref.name, _name_span(ref.span), "reference", lookup(ref.name))
    for at in scenes(analysis):
        one = Script(script.path, [], [], [], [at.scene])
        for line in _sent_lines(one, True):
            for ref in references_in(line):
                yield Occurrence(ref.name, at.span(_name_span(ref.span)), "reference", lookup(ref.name), at)
        for shot in at.scene.shots:
            for paragraph in shot.paragraphs:
                if paragraph.kind == "dialogue" and paragraph.cue_span is not None:
                    member = decl.cast.get(paragraph.cue.lower())
                    if member is not None:
                        yield Occurrence(paragraph.cue, at.span(paragraph.cue_span), "cue", member, at)


def inside(span: Span, line: int, column: int) -> bool:
    """Whether (line, column) is in `span` or just after it (a cursor at a word's end is on it)."""
    if not span.line <= line <= span.end_line:
        return False
    if line == span.line and column < span.column:
        return False
    return not (line == span.end_line and column > span.end_column)


def occurrence_at(analysis: Analysis, line: int, column: int) -> Occurrence | None:
    for occ in occurrences(analysis):
        if occ.span.line <= line <= occ.span.end_line and inside(occ.span, line, column):
            return occ
    return None


def shot_at(at: SceneAt, line: int) -> tuple[int, Shot, object] | None:
    """(index, shot, compiled shot) of the SHOT line on `line`."""
    model_line = at.model_line(line)
    for index, (shot, cshot) in enumerate(zip(at.scene.shots, at.compiled.shots, strict=True)):
        if shot.span.line == model_line:
            return index, shot, cshot
    return None


def setting_at(analysis: Analysis, line: int, column: int) -> tuple[Setting, str] | None:
    """The setting whose key is under the cursor, and where it stands ("title" or "scene")."""
    for setting in analysis.script.title_page:
        if inside(setting.key_span, line, column):
            return setting, "title"
    at = scene_at(analysis, line)
    if at is not None:
        for setting in at.scene.settings:
            if inside(at.span(setting.key_span), line, column):
                return setting, "scene"
    return None
