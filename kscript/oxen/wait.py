"""Waiting for generations and bringing their videos home: `submit --wait`, `download --wait`.

Completions come from the API's event stream (opened before the first
enqueue, see events.py). Alongside, one `GET /api/ai/queue` (the in-flight
list) per interval covers every generation at once, and only those that left
the list are asked for by id: so the number of status requests does not grow
with the number of generations. With the stream up, the list is read rarely
(cancelled jobs send no event, and an event can be missed); with it down,
every interval: 10 s at first, then 1.5 times longer each time, up to 60 s.
Videos download as they finish, up to four at once (results expire).

What happens goes out as events (kscript/oxen/submission.py): the progress a
writer watches (WaitBegan, GenerationState, DownloadBytes, WaitNote, WaitEnded),
which the command line draws (kscript/cli/progress.py), then how the wait ended
(a VideoSaved per video, Said lines for the failures and how to resume). What
it does beyond waiting for the ids is a `WaitOptions`.
"""

from __future__ import annotations

import os
import queue
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kscript.core.exits import Exit
from kscript.core.words import counted
from kscript.formats.escape import untrusted
from kscript.oxen import journal
from kscript.oxen.api import IN_FLIGHT, ApiError, Client, DeadlineReached, normal_status
from kscript.oxen.download_threads import Downloads, NotSaved, Saved, fresh_url
from kscript.oxen.events import Completion, Dropped, EventStream, Reconnected
from kscript.oxen.submission import DownloadBytes, GenerationState, Said, VideoSaved, WaitBegan, WaitEnded, WaitNote
from kscript.oxen.video_transfer import DEFAULT_MAX_VIDEO_MB, safe_name

if TYPE_CHECKING:
    from kscript.oxen.submission import Events

UNKNOWN_STATUS_BOUND = 10  # answers with a status kscript does not know, before it stops waiting for one
QUIET_LIST_FACTOR = 6  # with the event stream up, read the list this many intervals apart
MAX_INTERVAL_FACTOR = 6  # polling slows to at most this many times the first interval (60 s)
STREAM_STALL = 45.0  # seconds without a byte (three missed keep-alives): the stream is dead


class Interrupted(Exception):
    def __init__(self, pending: list[str]) -> None:
        super().__init__("interrupted")
        self.pending = pending


class TimedOut(Exception):
    def __init__(self, pending: list[str]) -> None:
        super().__init__("timed out")
        self.pending = pending


def poll_interval() -> float:
    """Where polling starts: the documentation's 10 seconds (KSCRIPT_POLL_INTERVAL for tests)."""
    try:
        value = float(os.environ.get("KSCRIPT_POLL_INTERVAL", "10"))
    except ValueError:
        return 10.0
    return max(0.01, value) if value == value and value != float("inf") else 10.0


def open_events(client: Client) -> EventStream:
    """Subscribe to the completion events. Reconnection backoff scales with the poll
    interval; a stall does not: the API's keep-alive comes every 15 s whatever we poll."""
    base = poll_interval()
    stream = EventStream(client, stall=STREAM_STALL, retry_base=base / 10, retry_cap=MAX_INTERVAL_FACTOR * base)
    stream.open(wait=min(10.0, 10 * base))
    return stream


def label_of(entry: journal.Entry | None, gid: str) -> str:
    if entry is None:
        return gid[:8]
    return f"{entry.stem} scene {entry.scene}{' draft' if entry.draft else ''} #{entry.index}"


def video_stem(entry: journal.Entry | None, gid: str) -> str:
    """The video's file name without `.mp4`: from the journal when it knows the id
    (`<stem>.<scene>.<n>`, a draft's `<stem>.<scene>.draft.<n>`), else the id; only safe
    characters either way (an id or a scene may hold `../`)."""
    if entry is None:
        return safe_name(gid)
    parts = (entry.stem, entry.scene, "draft", entry.index) if entry.draft else (entry.stem, entry.scene, entry.index)
    return ".".join(safe_name(str(part)) for part in parts)


# -- the wait ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WaitOptions:
    """What a wait does besides waiting: where the videos go (None: they are not
    downloaded), how long it may last in all (seconds), the largest video a download
    accepts, and the command its resume hint names when many are left (a submit's own,
    see resume_command; None: the ids)."""

    out: Path | None
    timeout: float | None = None
    max_bytes: int = DEFAULT_MAX_VIDEO_MB << 20
    command: str | None = None


@dataclass
class Track:
    label: str
    stem: str
    journalled: bool  # the journal knows this id: its status and download are recorded there
    unknown: int = 0
    warned: set[str] = field(default_factory=set)


class Wait:
    def __init__(self, client: Client, gids: list[str], options: WaitOptions, deadline: float | None, stream: EventStream, events: Events) -> None:
        known = journal.by_id()
        out = options.out
        self.events = events
        self.client = client
        self.out = out
        self.deadline = deadline
        self.stream = stream
        self.inbox: queue.Queue = stream.inbox
        self.pending: dict[str, Track] = {}
        for gid in dict.fromkeys(gids):
            entry = known.get(gid)
            self.pending[gid] = Track(untrusted(label_of(entry, gid)), video_stem(entry, gid), entry is not None)
        self.journalled = {gid for gid, track in self.pending.items() if track.journalled}
        self.journal_problem: str | None = None
        self.labels = {gid: track.label for gid, track in self.pending.items()}
        events.emit(WaitBegan(dict(self.labels)))
        self.downloads = Downloads(client, out, self.inbox, options.max_bytes, report_bytes=True) if out is not None else None
        self.saved: list[Path] = []
        self.failures: list[str] = []
        self.unfinished: list[str] = []  # given up on, yet not ended: part of the resume hint
        self.base = poll_interval()
        self.interval = self.base
        self.list_works = True
        self.stream_was_down = False

    # -- outcomes --

    def show(self, gid: str, label: str, state: str) -> None:
        self.events.emit(GenerationState(gid, label, state))

    def note(self, text: str) -> None:
        self.events.emit(WaitNote(text))

    def record(self, write: Any, gid: str, *args: Any) -> None:
        """A journal record for a generation this folder's journal knows; a journal that
        cannot be written is said once, and the wait goes on."""
        if gid not in self.journalled or self.journal_problem is not None:
            return
        try:
            write(gid, *args)
        except OSError as exc:
            self.journal_problem = f"{exc.filename or journal.JOURNAL}: {exc.strerror or exc}"
            self.note(f"warning: cannot write the journal ({self.journal_problem}); the wait goes on")

    def fail(self, gid: str, message: str, state: str) -> None:
        self.failures.append(message)
        self.show(gid, self.labels.get(gid, gid[:8]), state)

    def settle(self, gid: str, raw_status: Any, url: Any, error: Any) -> None:
        """What a record or an event says about a pending generation."""
        track = self.pending.get(gid)
        if track is None:
            return
        status = normal_status(raw_status)
        if status is None:
            track.unknown += 1
            shown = untrusted(repr(str(raw_status)[:60]))
            if shown not in track.warned:
                track.warned.add(shown)
                self.note(f"warning: the API reports status {shown} for {untrusted(gid)}, which kscript does not know; still waiting")
            if track.unknown >= UNKNOWN_STATUS_BOUND:
                del self.pending[gid]
                self.unfinished.append(gid)
                self.fail(gid, f"{track.label} ({untrusted(gid)}): the API kept reporting the unknown status {shown}; kscript stopped waiting for it", f"unknown status {shown}")
            return
        track.unknown = 0
        if status in IN_FLIGHT:
            self.show(gid, track.label, status)
            return
        del self.pending[gid]
        message = self.client.redact(error) if isinstance(error, str) and error else None
        self.record(journal.record_status, gid, status, message)  # as the API said it; shown escaped
        said = untrusted(message or "no error message")
        if status == "failed":
            self.fail(gid, f"{track.label} ({untrusted(gid)}) failed: {said}", f"failed: {said}")
        elif status == "cancelled":
            self.fail(gid, f"{track.label} ({untrusted(gid)}) was cancelled", "cancelled")
        elif self.downloads is None:
            self.show(gid, track.label, "succeeded")
        elif not isinstance(url, str) or not url:
            try:
                url = fresh_url(self.client, gid)
            except ApiError as exc:
                self.fail(gid, f"{track.label} ({untrusted(gid)}) succeeded but was not saved: {exc.message}; fetch it with `kscript download {untrusted(gid)}`",
                          "succeeded, not saved")
                return
            self.start_download(gid, track, url)
        else:
            self.start_download(gid, track, url)

    def start_download(self, gid: str, track: Track, url: str) -> None:
        assert self.downloads is not None
        self.show(gid, track.label, "downloading")
        self.downloads.add(gid, url, track.stem)

    def take(self, item: Any) -> None:
        if isinstance(item, Completion):
            if item.generation_id in self.pending:
                self.settle(item.generation_id, item.status, item.url, item.error)
        elif isinstance(item, Dropped):
            if not self.stream_was_down and self.pending:
                self.note(f"{item.reason}; reading the API's list of generations in flight instead")
            self.stream_was_down = True
            if item.was_up:
                self.next_poll = time.monotonic()  # events may have been missed: look now
                self.interval = self.base
        elif isinstance(item, Reconnected):
            self.next_poll = time.monotonic()  # events of the gap are lost: look once more
        elif isinstance(item, DownloadBytes):
            self.events.emit(item)
        elif isinstance(item, Saved | NotSaved):
            assert self.downloads is not None
            self.downloads.done(item.gid)
            label = self.labels.get(item.gid, item.gid[:8])
            if isinstance(item, Saved):
                self.record(journal.record_download, item.gid, str(item.video.path), item.video.size, item.video.sha256)
                self.saved.append(item.video.path)
                self.show(item.gid, label, f"saved {item.video.path}")
            else:
                shown = untrusted(item.gid)
                self.fail(item.gid, f"{label} ({shown}) succeeded but was not saved: {untrusted(item.reason)}; fetch it with `kscript download {shown}`", "succeeded, not saved")

    # -- looking --

    def look(self) -> None:
        """One read of the in-flight list, then a record per generation that left it."""
        ask = list(self.pending)
        if self.list_works:
            try:
                rows = self.client.in_flight()
            except DeadlineReached:
                raise
            except ApiError as exc:
                if exc.exit_code == Exit.API and not exc.retryable:
                    raise  # the key is refused, billing: nothing will get better by waiting
                if exc.retryable:
                    for gid, track in self.pending.items():
                        self.show(gid, track.label, f"waiting (the API: {exc.message})")
                    return
                self.list_works = False  # no usable list here: ask each generation, as before
            else:
                in_list = {row["generation_id"]: row for row in rows}
                ask = [gid for gid in self.pending if gid not in in_list]
                for gid, track in self.pending.items():
                    if gid in in_list:  # in flight, by being listed; its record says how it ended
                        status = normal_status(in_list[gid].get("status"))
                        self.show(gid, track.label, status if status in IN_FLIGHT else "in flight")
        for gid in ask:
            if gid not in self.pending:
                continue
            try:
                record = self.client.generation(gid)
            except DeadlineReached:
                raise
            except ApiError as exc:
                if exc.exit_code == Exit.API and not exc.retryable:
                    raise
                track = self.pending[gid]
                if exc.retryable:
                    self.show(gid, track.label, f"waiting (the API: {exc.message})")
                    continue
                del self.pending[gid]
                self.fail(gid, f"{untrusted(gid)}: {exc.message}", f"error: {exc.message}")
                continue
            self.settle(gid, record.get("status"), record.get("result_url"), record.get("error_message"))

    def run(self) -> None:
        # One look at the start: a generation enqueued before the stream opened (a resumed
        # wait, `download --wait`) may have ended already, and its event is gone.
        self.next_poll = time.monotonic()
        try:
            while self.pending or (self.downloads is not None and self.downloads.active):
                while True:  # what has arrived first: an event spares a request
                    try:
                        self.take(self.inbox.get_nowait())
                    except queue.Empty:
                        break
                if not (self.pending or (self.downloads is not None and self.downloads.active)):
                    break  # the last item just taken ended the wait
                now = time.monotonic()
                if self.deadline is not None and now >= self.deadline:
                    raise TimedOut(self.left())
                if self.pending and now >= self.next_poll:
                    self.look()
                    if self.stream.connected:
                        self.next_poll = time.monotonic() + QUIET_LIST_FACTOR * self.base
                    else:
                        self.next_poll = time.monotonic() + self.interval
                        self.interval = min(self.interval * 1.5, MAX_INTERVAL_FACTOR * self.base)
                    continue
                until = self.next_poll if self.pending else now + 3600
                if self.deadline is not None:
                    until = min(until, self.deadline)
                try:
                    item = self.inbox.get(timeout=max(0.0, until - time.monotonic()))
                except queue.Empty:
                    continue
                self.take(item)
        except DeadlineReached:
            raise TimedOut(self.left()) from None
        except KeyboardInterrupt:
            raise Interrupted(self.left()) from None
        finally:
            if self.downloads is not None:
                self.downloads.cancel.set()
            self.events.emit(WaitEnded())

    def left(self) -> list[str]:
        downloading = sorted(self.downloads.active) if self.downloads is not None else []
        return list(self.pending) + downloading + self.unfinished


def wait_for(
    client: Client, gids: list[str], options: WaitOptions, events: Events, stream: EventStream | None = None
) -> tuple[list[Path], list[str], list[str]]:
    """Wait until every generation ends, downloading each success to `options.out` as it
    comes, its progress told to `events`; `stream`: the event stream when already open (else
    one is opened and closed here). Returns the saved paths, the failures' messages and the
    ids still unfinished."""
    deadline = None if options.timeout is None else time.monotonic() + options.timeout
    if client.deadline is not None:
        deadline = client.deadline if deadline is None else min(deadline, client.deadline)
    own = stream is None
    if stream is None:
        stream = open_events(client)
    try:
        wait = Wait(client, gids, options, deadline, stream, events)
        wait.run()
        return wait.saved, wait.failures, wait.unfinished
    finally:
        if own:
            stream.close()


SHORT_HINT = 3  # more ids than this in a hint, and a submit's own command is shorter to resume with


def resume_command() -> str | None:
    """The `kscript submit ... --wait` this run can be resumed with (its own arguments, less
    `--yes`, so that a script changed since is planned and confirmed again), or None
    outside `kscript submit`."""
    import shlex

    args = sys.argv[1:]
    if not args or args[0] != "submit":
        return None
    kept = [a for a in args if a not in ("--yes", "-y", "--wait")]
    return "kscript " + " ".join(shlex.quote(a) for a in kept) + " --wait"


def resume_hint(pending: list[str], command: str | None = None) -> str:
    """How to pick the generations up again: their ids, or (many of them, after a submit)
    the submit command with --wait, which waits for them all and sends nothing twice."""
    if command is not None and len(pending) > SHORT_HINT:
        return f"resume with: {command} (it waits for the {len(pending)} unfinished generations; nothing is sent twice)"
    return "resume with: kscript download --wait " + " ".join(untrusted(gid) for gid in pending)


def finish_wait(client: Client, gids: list[str], options: WaitOptions, events: Events, stream: EventStream | None = None) -> int:
    """Wait for `gids`, save their videos (each a VideoSaved), and say how it ended on
    `events`: the failures, and how to resume what is left. Closes `stream`. The exit code."""
    command = options.command
    try:
        saved, failures, unfinished = wait_for(client, gids, options, events, stream)
    except Interrupted as exc:
        events.emit(Said("\nstopped waiting; nothing was cancelled. " + resume_hint(exc.pending, command)))
        return Exit.INTERRUPTED
    except TimedOut as exc:
        events.emit(Said(f"kscript: error: --timeout reached with {counted(len(exc.pending), 'generation')} unfinished; nothing was cancelled. "
                         + resume_hint(exc.pending, command)))
        return Exit.FAIL
    finally:
        if stream is not None:
            stream.close()
    for path in saved:
        events.emit(VideoSaved(path))
    for failure in failures:
        events.emit(Said(f"kscript: error: {untrusted(failure)}"))
    if unfinished:
        events.emit(Said(resume_hint(unfinished, command)))
    return Exit.FAIL if failures else Exit.OK
