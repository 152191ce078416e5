"""Replacing a file in one step: readers see the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress


@contextmanager
def replacing(target: str | os.PathLike[str], mode: int | None = None) -> Iterator[str]:
    """A temporary file's path beside `target`, to write in the block; when the block
    ends without an error, the file gets `mode` (by default what a plain `open`
    gives, 0666 less the umask) and is renamed over `target`. A link at `target`
    is replaced, not written through (callers that mean the file a link points
    at pass its real path). On any error the temporary file is removed."""
    target = os.fspath(target)
    fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=os.path.dirname(target) or ".")
    os.close(fd)
    try:
        yield temporary
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
