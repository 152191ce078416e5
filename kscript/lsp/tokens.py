"""Semantic tokens: headings, SHOT lines, settings, names, references, cues, notes and sections."""

from __future__ import annotations

import re

from lsprotocol import types

from kscript.check.incremental import Analysis
from kscript.core.spans import Span
from kscript.language.references import references_in
from kscript.lsp import lookup

TYPES = ["class", "number", "keyword", "parameter", "property", "string", "variable", "type", "comment"]
MODIFIERS = ["declaration"]
LEGEND = types.SemanticTokensLegend(token_types=TYPES, token_modifiers=MODIFIERS)
_INDEX = {name: i for i, name in enumerate(TYPES)}
_KEYWORD = re.compile(r"\s*(CAST|IMAGES)\s*\Z")


def collect(analysis: Analysis, line_count: int) -> list[tuple[int, int, int, str, int]]:
    """(line, column, length, type, modifiers) in kscript's terms, one line each."""
    found: list[tuple[int, int, int, str, int]] = []

    def add(span: Span | None, kind: str, modifiers: int = 0) -> None:
        if span is not None and span.line == span.end_line and span.end_column > span.column:
            found.append((span.line, span.column, span.end_column - span.column, kind, modifiers))

    def line_token(line: int, column: int, length: int, kind: str) -> None:
        if length > 0:
            found.append((line, column, length, kind, 0))

    script = analysis.script
    for setting in script.title_page:
        add(setting.key_span, "property")
        add(setting.value_span, "string")
    for member in script.cast:
        add(member.span, "variable", 1)
        for attribute in member.attributes:
            line_token(attribute.span.line, attribute.span.column, len(attribute.key), "property")
            add(attribute.value_span, "string")
    for image in script.images:
        add(image.span, "variable", 1)
        add(image.url_span, "string")
    for occ in lookup.occurrences(analysis):
        if occ.kind == "reference":
            add(Span(occ.span.line, occ.span.column - 1, occ.span.end_line, occ.span.end_column), "variable")
        elif occ.kind == "cue":
            add(occ.span, "type")
    for at in lookup.scenes(analysis):
        scene = at.scene
        heading = at.span(scene.span)
        number = at.span(scene.number_span) if scene.number_span else None
        if number is not None and number.line == heading.line:
            add(Span(heading.line, heading.column, heading.line, number.column), "class")
            add(number, "number")
        else:
            add(heading, "class")
        for setting in scene.settings:
            add(at.span(setting.key_span), "property")
            add(at.span(setting.value_span), "string")
        for shot in scene.shots:
            span = at.span(shot.span)
            line_token(span.line, span.column, 4, "keyword")
            add(at.span(shot.duration_span) if shot.duration_span else None, "number")
            if shot.direction is not None:
                d = shot.direction
                start = at.span(Span(d.line, d.column, d.line, d.column + len(d.text)))
                # the direction, with its references left to the reference tokens
                column = start.column
                for ref in references_in(d):
                    rs = at.span(ref.span)
                    line_token(start.line, column, rs.column - column, "parameter")
                    column = rs.end_column
                line_token(start.line, column, start.end_column - column, "parameter")
    for line in range(1, line_count + 1):
        text = analysis.line_text(line)
        stripped = text.lstrip()
        if _KEYWORD.match(text):
            line_token(line, len(text) - len(stripped) + 1, len(stripped.rstrip()), "keyword")
        elif text.startswith(("#", "=")) and not text.startswith("==="):
            line_token(line, 1, len(text.rstrip()), "comment")
    found.extend(_hidden(analysis))
    found.sort()
    kept: list[tuple[int, int, int, str, int]] = []
    for token in found:  # no overlaps: the first token at a place wins
        if kept and kept[-1][0] == token[0] and kept[-1][1] + kept[-1][2] > token[1]:
            continue
        kept.append(token)
    return kept


def _hidden(analysis: Analysis):
    """Notes and boneyard, from where the blanked text differs from the original."""
    sources = []
    if analysis.whole is not None:
        sources.append((analysis.whole[0], lambda n: n))
    else:
        sources.append((analysis.context.source, lambda n: n))
        for index in range(len(analysis.chunks)):
            placed = analysis.placed(index)
            sources.append((placed.chunk.source, lambda n, p=placed: p.start + n - 1))
    for source, to_line in sources:
        if "[[" not in source.original and "/*" not in source.original:
            continue
        originals = source.original.split("\n")
        blanked = source.text.split("\n")
        for n, (o, t) in enumerate(zip(originals, blanked, strict=False), 1):
            if o == t:
                continue
            start = None
            for i, (a, b) in enumerate(zip(o, t + " " * (len(o) - len(t)), strict=False)):
                differs = a != b or (start is not None and b in " \x00")
                if differs and start is None:
                    start = i
                elif not differs and start is not None:
                    yield (to_line(n), start + 1, i - start, "comment", 0)
                    start = None
            if start is not None:
                yield (to_line(n), start + 1, len(o) - start, "comment", 0)


def encode(state, tokens) -> list[int]:
    data: list[int] = []
    previous_line, previous_char = 0, 0
    for line, column, length, kind, modifiers in tokens:
        (sl, sc) = state.lsp_position(line, column)
        (_, ec) = state.lsp_position(line, column + length)
        if ec <= sc:
            continue
        delta_line = sl - previous_line
        delta_char = sc - previous_char if delta_line == 0 else sc
        data += [delta_line, delta_char, ec - sc, _INDEX[kind], modifiers]
        previous_line, previous_char = sl, sc
    return data


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, LEGEND)
    @server.guarded("semanticTokens")
    def on_tokens(params: types.SemanticTokensParams):
        state = server.state(params.text_document.uri)
        if state is None or state.analysis is None or state.payload:
            return types.SemanticTokens(data=[])
        tokens = collect(state.analysis, state.line_count())
        return types.SemanticTokens(data=encode(state, tokens))
