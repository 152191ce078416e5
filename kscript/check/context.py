"""What a rule sees: the source, the model and the compiled scenes of one script."""

from __future__ import annotations

from functools import cached_property

from kscript.check.fixes import Applicability, Fix, replace
from kscript.compiler.scenes import CompiledScene, Declarations
from kscript.core.diagnostics import Diagnostic
from kscript.core.lines import LineTable
from kscript.core.spans import Span
from kscript.language.model import CastMember, Image, Reference, Script, Setting, TextLine
from kscript.language.references import references_in
from kscript.language.source import Source


class ScriptContext:
    # Written out rather than @dataclass (an exec at import): this module is on every lint's path.
    def __init__(
        self,
        source: Source,
        script: Script,
        compiled: list[CompiledScene],
        image_count: str = "slots",
        known_codes: tuple[str, ...] = (),
        speech_rate: float = 2.5,
    ) -> None:
        self.source = source
        self.script = script
        self.compiled = compiled
        self.image_count = image_count
        self.known_codes = known_codes  # every rule's code, from the registry (the runner gives them: rules do not import it)
        self.speech_rate = speech_rate  # words a second, for KS505 (the configuration's `speech-rate`)
        self.decl = Declarations(script)

    def report(self, code: str, message: str, span: Span, help: str | None = None, fix: Fix | None = None) -> Diagnostic:
        # The severity is the registry's, given by the runner (kscript/check/runner.py: finish).
        return Diagnostic(code, "", message, span, help, self.source.path, fix)

    @cached_property
    def line_table(self) -> LineTable:
        """The lines fixes' edits are placed with: the file as read (a tool that lints
        part of a document may put a table of its own here, whose offset() and
        position() say where that part stands)."""
        return self.source.table

    def replace(self, span: Span, text: str, applicability: Applicability, message: str) -> Fix:
        """A fix replacing what `span` covers with `text`, in offsets of the file as read."""
        return replace(self.line_table, span, text, applicability, message)

    def replace_value(self, setting: Setting, text: str, applicability: Applicability, message: str) -> Fix | None:
        """A fix writing a setting's value as `text`; None for a value continued over several lines."""
        span = setting.value_span
        written = self.source.line_text(span.line)[span.column - 1 : span.end_column - 1]
        if span.line != span.end_line or not written.strip() or written.strip() != setting.value.strip():
            return None
        return self.replace(span, text, applicability, message)

    @cached_property
    def preamble_lines(self) -> list[TextLine]:
        """The lines sent from outside the scenes: the title page's Style and the cast's voices."""
        lines: list[TextLine] = []
        for setting in self.script.title_page:
            if setting.key == "style" and setting.known:
                lines.append(_setting_line(setting))
        for member in self.script.cast:
            for attribute in member.attributes:
                if attribute.key == "voice":
                    vs = attribute.value_span
                    lines.append(TextLine(attribute.value, vs.line, vs.column))
        return lines

    @cached_property
    def sent_lines(self) -> list[TextLine]:
        """Every line of text that may be sent, each once, in file order: the preamble's
        (`preamble_lines`), then each scene's (`scene_lines`)."""
        return self.preamble_lines + [line for scene in self.script.scenes for line in scene_lines(scene)]

    @cached_property
    def preamble_references(self) -> list[Reference]:
        """Every `@name` in the lines the preamble sends."""
        return [ref for line in self.preamble_lines for ref in references_in(line)]

    @property
    def declarations(self) -> list[CastMember | Image]:
        """Cast members and images, in file order."""
        found: list[CastMember | Image] = [*self.script.cast, *self.script.images]
        return sorted(found, key=lambda d: (d.span.line, d.span.column))


def scene_lines(scene) -> list[TextLine]:
    """The lines a scene sends, in file order: its Style, shot directions, action and
    dialogue (where a reference can stand)."""
    lines: list[TextLine] = []
    for setting in scene.settings:
        if setting.key == "style" and setting.known:
            lines.append(_setting_line(setting))
    for shot in scene.shots:
        if shot.direction is not None:
            lines.append(shot.direction)
        for paragraph in shot.paragraphs:
            if paragraph.kind == "action":
                lines.extend(paragraph.lines)
            else:
                if paragraph.tone is not None:
                    lines.append(paragraph.tone)
                lines.extend(paragraph.spoken)
    return lines


def scene_references(scene) -> list[Reference]:
    """Every `@name` in the lines a scene sends."""
    return [ref for line in scene_lines(scene) for ref in references_in(line)]


def _setting_line(setting) -> TextLine:
    vs = setting.value_span
    return TextLine(setting.value, vs.line, vs.column)
