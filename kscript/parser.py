"""The LALR parser, built once from grammar/kscript.lark and cached on disk."""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from typing import TYPE_CHECKING

from kscript.resources import grammar_path

if TYPE_CHECKING:
    from lark import Lark


@lru_cache(maxsize=1)
def get_parser() -> Lark:
    from lark import Lark

    path = grammar_path()
    grammar = path.read_text(encoding="utf-8")
    options = dict(parser="lalr", lexer="contextual", propagate_positions=False, maybe_placeholders=False)
    # Lark's cache is keyed by the grammar's text and options, so an edited
    # grammar never meets a stale table.
    cache_dir = os.environ.get("KSCRIPT_CACHE_DIR") or os.path.join(tempfile.gettempdir(), "kscript-cache")
    try:
        os.makedirs(cache_dir, exist_ok=True)
        import hashlib

        digest = hashlib.sha256(grammar.encode()).hexdigest()[:16]
        return Lark(grammar, cache=os.path.join(cache_dir, f"grammar-{digest}.lark.cache"), **options)
    except OSError:
        return Lark(grammar, **options)
