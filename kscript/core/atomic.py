"""Replacing a file in one step: readers see the old file or the new one, never half of one.

The one way kscript writes a file it replaces: `write_file` for text and bytes
(`lint --fix`, `fmt`, `compile -o`, `import -o`, the storyboard, the caches,
the generated docs and schemas), `replacing` for a writer that needs a path of
its own (PyAV writing the film). A video download is the one file written
otherwise: it must never replace anything, so it is claimed under a free name
(kscript/oxen/video_transfer.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress


@contextmanager
def replacing(target: str | os.PathLike[str], mode: int | None = None) -> Iterator[str]:
    """A temporary file's path beside `target`, to write in the block; when the block
    ends without an error, the file gets `mode` (by default what a plain `open`
    gives, 0666 less the umask) and is renamed over `target`. A link at `target`
    is replaced, not written through (callers that mean the file a link points
    at pass its real path). On any error the temporary file is removed."""
    import tempfile  # not for every run: only one that writes a file

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


def write_file(target: str | os.PathLike[str], data: str | bytes, mode: int | None = None) -> None:
    """Replace `target` with `data` (text is written as UTF-8 exactly, line ends
    untranslated), atomically; `mode` as for `replacing`."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with replacing(target, mode) as temporary, open(temporary, "wb") as handle:
        handle.write(payload)
