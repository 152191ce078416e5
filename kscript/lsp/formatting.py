"""Formatting: the whole document, exactly as `kscript fmt` writes it (kscript/formatter)."""

from __future__ import annotations

from lsprotocol import types

from kscript.lsp.actions import whole_document_edit


def formatter():
    """The formatter's `format_text`, or None while kscript has none."""
    try:
        from kscript.formatter import format_text
    except ImportError:
        return None
    return format_text


def register(server) -> None:
    format_text = formatter()
    if format_text is None:
        return

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    @server.guarded("formatting")
    def on_format(params: types.DocumentFormattingParams):
        state = server.state(params.text_document.uri)
        if state is None or state.payload:
            return None
        edit = whole_document_edit(state, format_text(state.document.text))
        return [] if edit is None else edit.changes[state.document.uri]
