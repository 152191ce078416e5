"""kscript's cache folder: what is expensive to rebuild and cheap to check is kept here.

The parser's tables (kscript/language/parser.py) and the rule modules' compiled
code (kscript/check/rules) live here, each file checked against what it was
made from before it is used. Nothing in it is needed: a missing, stale,
corrupt or unwritable cache only means the work is done again.
"""

from __future__ import annotations

import os


def cache_dir() -> str:
    explicit = os.environ.get("KSCRIPT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "kscript")


def store(name: str, data: bytes) -> None:
    """Write one cache file (`name` in the cache folder, or a path) atomically: a
    parallel run reads the old file or the new one, never half of one. A read-only
    home is no error."""
    from kscript.core.atomic import write_file  # tempfile is no import for every run

    path = os.path.join(cache_dir(), name)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_file(path, data)
    except (OSError, ValueError):
        pass


def fetch(name: str) -> bytes | None:
    """A cache file's bytes (`name` in the cache folder, or a path), or None when there is none to read."""
    try:
        with open(os.path.join(cache_dir(), name), "rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None
