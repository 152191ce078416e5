"""Waiting for generations and bringing their videos home: `submit --wait`, `download --wait`.

Output goes through `console` (standard error for progress, standard output
for results), so that the flows stay testable and the key never reaches it.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from kscript.oxen import journal
from kscript.oxen.api import TERMINAL, ApiError, Client
from kscript.oxen.console import echo
from kscript.oxen.download import save_url


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
        return max(0.01, float(os.environ.get("KSCRIPT_POLL_INTERVAL", "10")))
    except ValueError:
        return 10.0


# -- progress ------------------------------------------------------------------------------


@dataclass
class Progress:
    """One line per generation on a terminal, redrawn in place; plain log lines otherwise."""

    live: bool
    rows: dict[str, str] = field(default_factory=dict)
    drawn: int = 0

    def update(self, gid: str, label: str, state: str) -> None:
        line = f"{label:<28} {gid:<38} {state}"
        if self.rows.get(gid) == line:
            return
        self.rows[gid] = line
        if self.live:
            out = sys.stderr
            if self.drawn:
                out.write(f"\x1b[{self.drawn}F")
            for row in self.rows.values():
                out.write("\x1b[2K" + row + "\n")
            out.flush()
            self.drawn = len(self.rows)
        else:
            echo(f"[{time.strftime('%H:%M:%S')}] {label} {gid}: {state}", err=True)


def label_of(entry: journal.Entry | None, gid: str) -> str:
    if entry is None:
        return gid[:8]
    return f"{entry.stem} scene {entry.scene} #{entry.index}"


def video_stem(entry: journal.Entry | None, gid: str) -> str:
    return f"{entry.stem}.{entry.scene}.{entry.index}" if entry is not None else gid


def wait_for(client: Client, gids: list[str], out: Path | None, timeout: float | None) -> tuple[list[Path], list[str]]:
    """Poll until every generation ends, downloading each success to `out` at once
    (result URLs expire). Returns the saved paths and the failures' messages."""
    known = journal.by_id()
    entries = {gid: known.get(gid) for gid in gids}
    pending = list(dict.fromkeys(gids))
    progress = Progress(live=sys.stderr.isatty())
    saved: list[Path] = []
    failures: list[str] = []
    interval = poll_interval()
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while pending:
            for gid in list(pending):
                label = label_of(entries[gid], gid)
                try:
                    record = client.generation(gid)
                except ApiError as exc:
                    if exc.retryable:
                        progress.update(gid, label, f"waiting (the API: {exc.message})")
                        continue
                    pending.remove(gid)
                    failures.append(f"{gid}: {exc.message}")
                    progress.update(gid, label, f"error: {exc.message}")
                    continue
                status = str(record.get("status"))
                if status not in TERMINAL:
                    progress.update(gid, label, status)
                    continue
                pending.remove(gid)
                if status == "succeeded":
                    url = record.get("result_url")
                    if out is None:
                        progress.update(gid, label, "succeeded")
                    elif not isinstance(url, str) or not url:
                        failures.append(f"{gid}: succeeded without a result_url")
                        progress.update(gid, label, "succeeded, but the API gave no result_url")
                    else:
                        progress.update(gid, label, "downloading")
                        try:
                            path = save_url(client, url, out, video_stem(entries[gid], gid))
                        except (ApiError, OSError) as exc:
                            # The video is made and paid for: keep waiting for the others, say how to fetch it.
                            reason = exc.message if isinstance(exc, ApiError) else f"{exc.filename or out}: {exc.strerror or exc}"
                            failures.append(f"{label} ({gid}) succeeded but was not saved: {reason}; fetch it with `kscript download {gid}`")
                            progress.update(gid, label, "succeeded, not saved")
                            continue
                        saved.append(path)
                        progress.update(gid, label, f"saved {path}")
                elif status == "failed":
                    message = record.get("error_message") or "no error message"
                    failures.append(f"{label} ({gid}) failed: {message}")
                    progress.update(gid, label, f"failed: {message}")
                else:
                    failures.append(f"{label} ({gid}) was cancelled")
                    progress.update(gid, label, "cancelled")
            if not pending:
                break
            if deadline is not None and time.monotonic() + interval > deadline:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimedOut(pending)
                client.sleep(remaining)
                continue
            client.sleep(interval)
            interval = min(interval * 1.5, 60.0)
    except KeyboardInterrupt:
        raise Interrupted(pending) from None
    return saved, failures


def resume_hint(pending: list[str]) -> str:
    return "resume with: kscript download --wait " + " ".join(pending)


def finish_wait(client: Client, gids: list[str], out: Path, timeout: float | None) -> int:
    try:
        saved, failures = wait_for(client, gids, out, timeout)
    except Interrupted as exc:
        echo("\nstopped waiting; nothing was cancelled. " + resume_hint(exc.pending), err=True)
        return 130
    except TimedOut as exc:
        echo(f"kscript: error: --timeout reached with {len(exc.pending)} generation(s) unfinished; nothing was cancelled. " + resume_hint(exc.pending), err=True)
        return 1
    for path in saved:
        echo(str(path))
    for failure in failures:
        echo(f"kscript: error: {failure}", err=True)
    return 1 if failures else 0
