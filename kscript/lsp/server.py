"""The language server: pygls over standard input and output. It speaks the
protocol; the checking is kscript/check/incremental.py's.

Documents are kept here (state.Open), not in pygls's workspace: an edit is
applied once, with LSP's own line breaks, and its range goes on to the
checker, which reads again only the chunk it touched. Edits are not checked
one by one: each is applied to the text at once and a check is scheduled a
moment later (DEBOUNCE), so edits arriving faster than they are checked are
merged into one check of the part they changed (`merge`); a request that
reads the analysis (hover, completion, ...) checks the pending edits first.
The first reading of a document is lint's, of the whole text; cutting it into
chunks for later edits follows once its diagnostics are out. Every handler is
guarded: an internal error in one request is logged to the client
(window/logMessage) and answered with nothing, and the server goes on.
"""

from __future__ import annotations

import functools
import os
import traceback
from collections.abc import Callable
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from kscript.check import changes
from kscript.check.incremental import Checker
from kscript.core.version import __version__
from kscript.lsp import diagnostics
from kscript.lsp.document import Document
from kscript.lsp.state import Open, load_config, uri_to_path


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, without its own copy of each document (see the module's docstring)."""

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


class KscriptServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("kscript", __version__, protocol_cls=_Protocol)
        self.documents: dict[str, Open] = {}

    @property
    def encoding(self) -> str:
        try:
            return str(self.workspace.position_encoding or "utf-16")
        except RuntimeError:
            return "utf-16"

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def guarded(self, name: str, default: Any = None) -> Callable:
        """Run a handler; an exception is logged to the client and `default` answered."""

        def wrap(handler: Callable) -> Callable:
            @functools.wraps(handler)
            def run(params):
                try:
                    if name == os.environ.get("KSCRIPT_LSP_FAIL_IN"):  # the tests' way to make one request fail
                        raise RuntimeError(f"a failure in {name}, asked for by KSCRIPT_LSP_FAIL_IN")
                    return handler(params)
                except JsonRpcException:
                    raise  # an answer for the client (a refused rename), not a failure
                except Exception:  # noqa: BLE001 - one bad request must not end the server
                    self.log(f"kscript lsp: internal error in {name}:\n{traceback.format_exc()}", types.MessageType.Error)
                    return default

            return run

        return wrap

    def state(self, uri: str) -> Open | None:
        """The open document, its pending edits checked (for a request that reads the analysis)."""
        state = self.documents.get(uri)
        if state is not None and state.pending:
            _flush(self, state)
        return state


def _open(server: KscriptServer, uri: str, text: str, version: int | None) -> Open:
    path = uri_to_path(uri)
    cfg, error = load_config(path)
    from kscript.check.runner import AssetSettings

    assets = AssetSettings(cfg.assets_repo, os.environ.get("KSCRIPT_BASE_URL") or cfg.base_url)
    checker = Checker(path, cfg.image_count, cfg.compile_defaults(), cfg.speech_rate, assets)
    state = Open(Document(uri, text, version), path, cfg, checker, server.encoding, config_error=error)
    server.documents[uri] = state
    return state


DEBOUNCE = 0.03  # seconds without a new edit before the pending edits are checked
MOST_WAIT = 0.5  # ... but never more than this after the first of them


def _refresh(server: KscriptServer, state: Open, changed: list[changes.Change] | None = None) -> None:
    import gc

    # A check makes many small objects and frees them all (a hostile file: 200,000 diagnostics);
    # the collector's passes over them would cost as much as the check, as `lint` knows (it turns
    # the collector off). Off for the check only: the server runs for hours.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if not state.payload:
            state.check(changed)
        diagnostics.publish(server, state)
    finally:
        if collecting:
            gc.enable()


def _flush(server: KscriptServer, state: Open) -> None:
    """Check the pending edits, all at once, and publish."""
    if state.timer is not None:
        state.timer.cancel()
        state.timer = None
    if not state.pending or server.documents.get(state.document.uri) is not state:
        return
    changed, state.pending, state.pending_since, state.changed = state.changed, False, None, None
    _refresh(server, state, changed)


def _schedule(server: KscriptServer, state: Open) -> None:
    import asyncio
    import time

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # no event loop (a direct call): check now
        _flush(server, state)
        return
    now = time.monotonic()
    if state.pending_since is None:
        state.pending_since = now
    if state.timer is not None:
        if now - state.pending_since > MOST_WAIT:
            return  # the armed check stands: typing does not postpone it forever
        state.timer.cancel()
    state.timer = loop.call_later(DEBOUNCE, _flush, server, state)


def _warm(server: KscriptServer, state: Open) -> None:
    """After the first diagnostics: cut the document into chunks for the edits to come."""
    if server.documents.get(state.document.uri) is state and not state.pending and not state.payload:
        state.checker.warm()
        state.analysis = state.checker.last


def make_server() -> KscriptServer:
    from kscript.lsp import features

    server = KscriptServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @server.guarded("didOpen")
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        state = _open(server, doc.uri, doc.text, doc.version)
        _refresh(server, state)
        import asyncio

        try:
            asyncio.get_running_loop().call_later(DEBOUNCE, _warm, server, state)
        except RuntimeError:
            pass

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @server.guarded("didChange")
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        state = server.documents.get(params.text_document.uri)  # not state(): that would check
        if state is None:
            return
        doc = state.document
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                start = state.offset(change.range.start.line, change.range.start.character)
                end = max(state.offset(change.range.end.line, change.range.end.character), start)
                if not state.pending or state.changed is not None:
                    state.changed = changes.merge(state.changed if state.pending else None, start, end, len(change.text))
                state.apply(start, end, change.text)
            else:
                doc.replace(change.text)
                state.synced = False
                state.changed = None  # the whole text: no part to re-read alone
            state.pending = True
        doc.version = params.text_document.version
        if state.changed is not None and not state.plain:
            state.changed = None  # offsets in the text as written differ from the normalised text's
        _schedule(server, state)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @server.guarded("didClose")
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.documents.pop(params.text_document.uri, None)
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    features.register(server)
    return server


def main() -> None:
    import gc

    server = make_server()
    gc.enable()  # a long-running process: collect cycles (the CLI turns the collector off)
    server.start_io()
