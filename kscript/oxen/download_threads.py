"""Several downloads at once, on threads, for the wait and for `kscript download`;
each is one transfer of kscript/oxen/video_transfer.py.

Each result (`Saved` or `NotSaved`) goes to an inbox queue the caller reads,
the same queue the event stream feeds, so one loop hears about both.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kscript.oxen.api import ApiError, Client, normal_status
from kscript.oxen.submission import DownloadBytes
from kscript.oxen.video_transfer import Fetch, SavedVideo, Target, clean_stale, fetch_video

DOWNLOADS_AT_ONCE = 4


@dataclass(frozen=True)
class Saved:
    gid: str
    video: SavedVideo


@dataclass(frozen=True)
class NotSaved:
    gid: str
    reason: str


BYTES_EVERY = 0.25  # seconds between two DownloadBytes of one download


class Downloads:
    """Up to DOWNLOADS_AT_ONCE downloads at once, on daemon threads (Ctrl-C leaves the
    partial files for the next run); each result goes to `inbox`."""

    def __init__(self, client: Client, out: Path, inbox: queue.Queue, max_bytes: int, report_bytes: bool = False) -> None:
        self.client = client
        self.report_bytes = report_bytes  # also put DownloadBytes events in the inbox
        self.out = out
        self.inbox = inbox
        self.max_bytes = max_bytes
        self.cancel = threading.Event()
        self.active: set[str] = set()
        self._jobs: queue.Queue = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._cleaned = False

    def add(self, gid: str, url: str, stem: str) -> None:
        self.active.add(gid)
        self._jobs.put((gid, url, stem))
        if len(self._threads) < min(DOWNLOADS_AT_ONCE, len(self.active)):
            worker = threading.Thread(target=self._work, name="kscript-download", daemon=True)
            self._threads.append(worker)
            worker.start()

    def done(self, gid: str) -> None:
        self.active.discard(gid)

    def _work(self) -> None:
        while not self.cancel.is_set():
            gid, url, stem = self._jobs.get()
            try:
                if not self._cleaned:
                    self._cleaned = True
                    clean_stale(self.out)
                how = Fetch(max_bytes=self.max_bytes, refresh=lambda gid=gid: fresh_url(self.client, gid), cancel=self.cancel,
                            on_bytes=self._reporter(gid) if self.report_bytes else None)
                video = fetch_video(self.client, url, Target(self.out, stem, key=gid), how)
                self.inbox.put(Saved(gid, video))
            except KeyboardInterrupt:
                return  # cancelled: the partial file stays for the next run
            except ApiError as exc:
                self.inbox.put(NotSaved(gid, exc.message))
            except OSError as exc:
                self.inbox.put(NotSaved(gid, f"{exc.filename or self.out}: {exc.strerror or exc}"))
            except Exception as exc:  # noqa: BLE001 - a worker must always answer, or the wait never ends
                self.inbox.put(NotSaved(gid, f"{type(exc).__name__}: {self.client.redact(str(exc))}"))


    def _reporter(self, gid: str):
        last = [0.0]

        def report(done: int, total: int | None) -> None:
            now = time.monotonic()
            if now - last[0] >= BYTES_EVERY:
                last[0] = now
                self.inbox.put(DownloadBytes(gid, done, total))  # the wait passes it on as it is

        return report


def fresh_url(client: Client, gid: str) -> str:
    """A new result URL for a finished generation (the old one expired)."""
    record = client.generation(gid)
    url = record.get("result_url")
    if normal_status(record.get("status")) != "succeeded" or not isinstance(url, str) or not url:
        raise ApiError(f"the API gave no fresh result_url for {gid}")
    return url
