"""Finding and reading the files to check, safely.

Only regular files are ever opened. A FIFO named `a.kscript` would block a
read for ever (a pre-commit hook over `.` would hang), and opening a device
can have effects of its own, so a folder walk skips whatever is not a regular
file, and a path named explicitly must be one. The file is opened without
blocking and checked again on the open descriptor, so that it cannot be
swapped for a FIFO between the look and the read.
"""

from __future__ import annotations

import errno
import os
import stat

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class NotARegularFile(OSError):
    """The path names something other than a regular file: it is not read."""


def kind_of(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _refuse(path: str, mode: int) -> NotARegularFile:
    if stat.S_ISDIR(mode):
        return IsADirectoryError(errno.EISDIR, "is a folder", path)  # type: ignore[return-value]
    what = kind_of(mode)
    return NotARegularFile(errno.EINVAL, f"is {what}, not a regular file; pass `-` to read standard input", path)


def read_bytes(path: str) -> bytes:
    """The bytes of the regular file at `path`; OSError (NotARegularFile, IsADirectoryError...) otherwise."""
    mode = os.stat(path).st_mode  # follows links: a link to a FIFO is a FIFO
    if not stat.S_ISREG(mode):
        raise _refuse(path, mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _refuse(path, mode)
        return handle.read()


def describe(exc: OSError, path: str) -> str:
    """Why `path` cannot be read, in words: a symlink loop and a broken link are named as such."""
    if isinstance(exc, (NotARegularFile, IsADirectoryError)):
        return exc.strerror or str(exc)
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop (a link that leads back to itself)"
    if exc.errno == errno.ENOENT and os.path.islink(path):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"a broken symbolic link (it points at {target}, which does not exist)"
    return exc.strerror or str(exc)


def found_under(folder: str, suffix: str | tuple[str, ...]) -> list[str]:
    """The files whose names end with `suffix` (one or several) below `folder`, skipping hidden folders and anything
    that is not a regular file. A broken or looping link is kept, so that it is
    reported as unreadable instead of passing in silence; folder links are not followed."""
    found: list[str] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue  # an unreadable sub-folder: os.walk skipped these too
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    pending.append(entry.path)
                continue
            if not entry.name.endswith(suffix):
                continue
            try:
                regular = entry.is_file()  # follows a link; False for FIFOs, sockets, devices
            except OSError:
                regular = False
            if regular or (entry.is_symlink() and not os.path.exists(entry.path)):
                found.append(entry.path)
    return sorted(found)
