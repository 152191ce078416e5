"""kscript's cache folder: data that is slow to rebuild and quick to check, never code.

It holds JSON only, read with `json` and checked before use: the parser's
tables when the grammar is not the one the package's own tables were made
from (kscript/language/parser.py), and the answers of the live model check
(kscript/models/live.py). Nothing read from it is executed or unpickled:
kscript's code runs only from the installed package.

A cache is used only from a folder the current user owns and no one else can
write; kscript creates its folder with mode 0700. A folder owned by someone
else or writable by group or others is ignored, with one warning on stderr
for the run, and nothing is written into it. A file is read only when it is a
regular file (a link is not followed) that the user owns. So a planted,
corrupt or foreign cache costs time, never a verdict; and nothing in it is
needed: a missing, stale or unwritable cache only means the work is done again.
"""

from __future__ import annotations

import os
import stat
import sys

MAX_BYTES = 64 * 1024 * 1024  # more than any cache file kscript writes: a bigger one is not ours
_warned: set[str] = set()


def cache_dir() -> str:
    explicit = os.environ.get("KSCRIPT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "kscript")


def untrusted(folder: str) -> str | None:
    """Why `folder` must not be used as a cache (owned by someone else, writable by
    group or others), or None when it may. A folder that is missing or not a folder
    is no warning matter: it just cannot be read."""
    info = os.stat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(folder)
    if not hasattr(os, "getuid"):  # no owners or modes to check (Windows): the user's profile is theirs
        return None
    if info.st_uid != os.getuid():
        return f"it belongs to another user (uid {info.st_uid})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"other users can write to it (mode {stat.S_IMODE(info.st_mode):04o})"
    return None


def _usable(folder: str, create: bool) -> bool:
    try:
        if create:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        why = untrusted(folder)
    except (OSError, ValueError):
        return False
    if why is not None:
        if folder not in _warned:
            _warned.add(folder)
            print(
                f"kscript: warning: ignoring the cache folder {folder}: {why}; kscript keeps its cache only in a folder "
                "of yours that no one else can write (remove it, `chmod go-w` it, or set KSCRIPT_CACHE_DIR)",
                file=sys.stderr,
            )
        return False
    return True


def store(name: str, data: bytes) -> None:
    """Write one cache file (`name` in the cache folder, or a path) atomically: a
    parallel run reads the old file or the new one, never half of one. An unusable
    folder (read-only, someone else's) is no error: nothing is written."""
    path = os.path.join(cache_dir(), name)
    if not _usable(os.path.dirname(path) or ".", create=True):
        return
    from kscript.core.atomic import write_file  # tempfile is no import for every run

    try:
        write_file(path, data, mode=0o600)
    except (OSError, ValueError):
        pass


def fetch(name: str) -> bytes | None:
    """A cache file's bytes (`name` in the cache folder, or a path), or None when there
    is none that may be read: the folder is not the user's alone, or the file is not a
    regular file of the user's."""
    path = os.path.join(cache_dir(), name)
    if not _usable(os.path.dirname(path) or ".", create=False):
        return None
    try:
        # Not through a link, and never blocking on a FIFO.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_BYTES)
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)
