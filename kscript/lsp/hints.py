"""Inlay hints: after each scene heading, the scene's seconds and estimated cost (`12 s · $2.69`)."""

from __future__ import annotations

from lsprotocol import types

from kscript.lsp import lookup

DEFAULT_PRICE = 0.224  # $ per second: the supported model's


def price(model: str) -> tuple[float, bool]:
    """The model's price per second of video, and whether it is published."""
    try:
        from kscript.oxen.api import PRICES
    except ImportError:
        return DEFAULT_PRICE, False
    return (PRICES[model], True) if model in PRICES else (DEFAULT_PRICE, False)


def label(compiled) -> str:
    seconds = compiled.total_duration
    per_second, known = price(str(compiled.request.get("model", "")))
    generations = compiled.request.get("num_generations")
    n = generations if isinstance(generations, int) and 1 <= generations <= 4 else 1
    cost = seconds * n * per_second
    return f"{seconds} s · {'~' if not known else ''}${cost:,.2f}" + (f" ({n} generations)" if n > 1 else "")


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    @server.guarded("inlayHint")
    def on_hints(params: types.InlayHintParams):
        state = server.state(params.text_document.uri)
        if state is None or state.analysis is None or state.payload:
            return None
        first, last = params.range.start.line + 1, params.range.end.line + 1
        hints = []
        for at in lookup.scenes(state.analysis):
            heading = at.span(at.scene.span)
            if not first <= heading.line <= last:
                continue
            line, character = state.lsp_position(heading.line, 10**9)  # the end of the heading line
            hints.append(types.InlayHint(types.Position(line, character), "  " + label(at.compiled), padding_left=True))
        return hints
