"""One run at a time per folder: `.kscript/lock`, held from planning through enqueuing.

An operating-system lock (the `filelock` package: fcntl on Unix), so a run
killed with kill -9 releases it with its process. `submit` waits for it;
`plan` and `status` only try, and leave the unanswered enqueues of a run in
progress alone. While `submit` waits for it, it says so through `say` (the
run's events), never by printing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kscript.oxen import journal

LOCK = journal.LOCK


class FolderLock:
    def __init__(self, folder: Path | None = None, say: Callable[[str], None] | None = None) -> None:
        self.path = (folder or Path.cwd()) / LOCK
        self.say = say or (lambda text: None)  # what it tells the user while it waits for another run
        self._lock: Any = None

    def acquire(self, wait: bool = True) -> bool:
        """Take the lock (waiting with a message if another run holds it); False when
        `wait` is off and it is taken, or when the folder cannot hold a lock file."""
        from filelock import FileLock, Timeout

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        lock = FileLock(str(self.path))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if not wait:
                return False
            self.say("another kscript run is sending from this folder; waiting for it to finish (Ctrl-C stops; nothing is sent yet)…")
            lock.acquire()
            self.say("the other run finished; planning again")
        except OSError:
            return False
        self._lock = lock
        return True

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @property
    def held(self) -> bool:
        return self._lock is not None

