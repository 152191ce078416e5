"""Registers every feature module's handlers with the server."""

from __future__ import annotations

import importlib

MODULES = ("hover", "navigate", "complete", "symbols", "hints", "tokens", "actions", "formatting")


def register(server) -> None:
    for name in MODULES:
        importlib.import_module(f"kscript.lsp.{name}").register(server)
