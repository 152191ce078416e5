"""Inlay hints: after each scene heading, the scene's seconds and estimated cost (`12 s · $2.69`).

The price is the one `kscript submit` estimates with (kscript.models.live.Prices:
a live price less than a day old fetched from the API the document's
configuration sends to, else the model's profile), for the seconds the scene
is billed; `~` marks a price that is not published.
"""

from __future__ import annotations

from lsprotocol import types

from kscript.lsp import lookup


def label(compiled, prices) -> str:
    from kscript.models.live import billed_seconds

    seconds, _ = billed_seconds(compiled)
    price = prices.of(str(compiled.request.get("model", "")))
    cost = seconds * price.for_request(compiled.request)
    return f"{seconds} s · {'' if price.confirmed else '~'}${cost:,.2f}"


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    @server.guarded("inlayHint")
    def on_hints(params: types.InlayHintParams):
        state = server.state(params.text_document.uri)
        if state is None or state.analysis is None or state.payload:
            return None
        from kscript.models.live import Prices, base_url

        first, last = params.range.start.line + 1, params.range.end.line + 1
        prices = Prices(base_url(None, state.config.base_url))
        hints = []
        for at in lookup.scenes(state.analysis):
            heading = at.span(at.scene.span)
            if not first <= heading.line <= last:
                continue
            line, character = state.lsp_position(heading.line, 10**9)  # the end of the heading line
            hints.append(types.InlayHint(types.Position(line, character), "  " + label(at.compiled, prices), padding_left=True))
        return hints
