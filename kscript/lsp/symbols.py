"""Document symbols: the cast and images blocks, and each scene (id and heading) holding its shots."""

from __future__ import annotations

from lsprotocol import types

from kscript.core.spans import Span
from kscript.lsp import lookup


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @server.guarded("documentSymbol")
    def on_symbols(params: types.DocumentSymbolParams):
        state = server.state(params.text_document.uri)
        if state is None or state.analysis is None or state.payload:
            return None
        analysis = state.analysis

        def rng(span: Span) -> types.Range:
            (sl, sc), (el, ec) = state.lsp_range(span)
            return types.Range(types.Position(sl, sc), types.Position(el, ec))

        def block(name: str, items, kind) -> types.DocumentSymbol | None:
            if not items:
                return None
            children = [types.DocumentSymbol(i.name, kind, rng(i.span), rng(i.span)) for i in items]
            whole = Span(items[0].span.line, 1, items[-1].span.end_line, items[-1].span.end_column)
            return types.DocumentSymbol(name, types.SymbolKind.Namespace, rng(whole), rng(items[0].span), children=children)

        found = []
        script = analysis.script
        for symbol in (block("CAST", script.cast, types.SymbolKind.Variable), block("IMAGES", script.images, types.SymbolKind.File)):
            if symbol is not None:
                found.append(symbol)
        scenes = list(lookup.scenes(analysis))
        last_line = state.line_count()
        for n, at in enumerate(scenes):
            heading = at.span(at.scene.span)
            end = scenes[n + 1].span(scenes[n + 1].scene.span).line - 1 if n + 1 < len(scenes) else last_line
            whole = Span(heading.line, 1, max(end, heading.line), 10**6)
            shots = []
            for i, (shot, cshot) in enumerate(zip(at.scene.shots, at.compiled.shots, strict=True)):
                span = at.span(shot.span)
                detail = f"{cshot.duration} s" + (f" · {shot.direction.text}" if shot.direction else "")
                shots.append(types.DocumentSymbol(f"Shot {i + 1}", types.SymbolKind.Event, rng(span), rng(span), detail=detail))
            detail = f"{at.compiled.total_duration} s, {len(shots)} shot{'s' if len(shots) != 1 else ''}"
            found.append(
                types.DocumentSymbol(f"{at.id}: {at.scene.heading}", types.SymbolKind.Class, rng(whole), rng(heading), detail=detail, children=shots)
            )
        return found
