"""What a writer watches during `submit --wait` and `download --wait`, on standard error.

On a terminal, rich draws it (imported only here, only then): an overall bar
(generations ended of all, time elapsed, an estimate of what is left), and a
table of the generations that stays within the terminal's height (the ones
still moving first; the rest counted on one line), with the bytes of each
download under way. Anywhere else (a pipe, a CI log), plain time-stamped log
lines, one per change, and a line per quarter of a long download.

The wait (kscript/oxen/wait.py) tells what happens as events (WaitBegan,
GenerationState, DownloadBytes, WaitNote, WaitEnded), which the command line's
sink (submit_text.TextEvents) passes on as five calls: `start` (the generations
waited for, by id, with their labels), `update` (a generation's state),
`transfer` (bytes of a download), `note` (a line about the wait as a whole) and
`close`.

Labels, ids, states and notes may quote what the API said: both views show
them through `untrusted` (no control or invisible character, no line break),
and the live view as plain text, never as rich markup (`[link=…]`).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from kscript.formats.escape import untrusted

# A state that ends a generation's part of the wait (a download's result included).
ENDED = ("saved", "failed", "cancelled", "succeeded", "error", "unknown status")
LONG_VIDEO = 8 << 20  # bytes: a download this long gets its bytes shown in log lines too


def ended(state: str) -> bool:
    return state.startswith(ENDED)


def megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


class Progress(Protocol):
    def start(self, labels: dict[str, str]) -> None: ...
    def update(self, gid: str, label: str, state: str) -> None: ...
    def transfer(self, gid: str, done: int, total: int | None) -> None: ...
    def note(self, message: str) -> None: ...
    def close(self) -> None: ...


def for_stream(stream: Any = None) -> Progress:
    """Live on a terminal (rich), log lines otherwise."""
    stream = stream or sys.stderr
    if hasattr(stream, "isatty") and stream.isatty():
        return LiveProgress(stream)
    return LogProgress(stream)


@dataclass
class LogProgress:
    """One time-stamped line per change, for a file or a pipe."""

    stream: Any
    states: dict[str, str] = field(default_factory=dict)
    quarters: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def start(self, labels: dict[str, str]) -> None:
        self.labels.update(labels)

    def _line(self, text: str) -> None:
        self.stream.write(f"[{time.strftime('%H:%M:%S')}] {untrusted(text)}\n")
        self.stream.flush()

    def update(self, gid: str, label: str, state: str) -> None:
        self.labels[gid] = label
        if self.states.get(gid) == state:
            return
        self.states[gid] = state
        self._line(f"{label} {gid}: {state}")

    def transfer(self, gid: str, done: int, total: int | None) -> None:
        if total is None or total < LONG_VIDEO:
            return
        quarter = min(4, done * 4 // max(1, total))
        if quarter <= self.quarters.get(gid, 0) or quarter == 4:
            return  # the end is said by the state `saved ...`
        self.quarters[gid] = quarter
        self._line(f"{self.labels.get(gid, gid[:8])} {gid}: downloading, {megabytes(done)} of {megabytes(total)}")

    def note(self, message: str) -> None:
        self._line(message)

    def close(self) -> None:
        pass


class LiveProgress:
    """The overall bar and a table no taller than the terminal, redrawn in place by rich."""

    def __init__(self, stream: Any) -> None:
        from rich.console import Console
        from rich.live import Live
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.console = Console(file=stream, highlight=False)
        self.rows: dict[str, tuple[str, str]] = {}  # gid -> (label, state), in the order first seen
        self.bytes: dict[str, tuple[int, int | None]] = {}
        self.bar = Progress(
            TextColumn("generations"), BarColumn(), MofNCompleteColumn(), TextColumn("elapsed"), TimeElapsedColumn(),
            TextColumn("left"), TimeRemainingColumn(), console=self.console,
        )
        self.task = self.bar.add_task("wait", total=0)
        self.live = Live(self._render(), console=self.console, refresh_per_second=4, transient=False, redirect_stdout=False,
                         redirect_stderr=False, get_renderable=self._render)
        self.live.start()

    def _render(self) -> Any:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        done = sum(1 for _, state in self.rows.values() if ended(state))
        self.bar.update(self.task, total=len(self.rows), completed=done)
        # The bar, the header and a summary line take 4 rows; one more for the cursor.
        room = max(1, self.console.size.height - 5)
        order = sorted(self.rows.items(), key=lambda item: ended(item[1][1]))  # moving ones first, stable
        shown, rest = order[:room], order[room:]
        if rest:
            shown, rest = order[: room - 1], order[room - 1:]
        table = Table(box=None, pad_edge=False, show_edge=False, expand=False)
        table.add_column("generation", no_wrap=True, overflow="ellipsis")
        table.add_column("id", no_wrap=True, overflow="ellipsis")
        table.add_column("state", no_wrap=True, overflow="ellipsis")
        for gid, (label, state) in shown:
            table.add_row(Text(untrusted(label)), Text(untrusted(gid)), Text(untrusted(self._state(gid, state))))
        if rest:
            left = sum(1 for _, (_, state) in rest if not ended(state))
            table.add_row(f"... and {len(rest)} more", "", f"{len(rest) - left} ended, {left} waiting")
        return Group(self.bar, table)

    def _state(self, gid: str, state: str) -> str:
        if state == "downloading" and gid in self.bytes:
            done, total = self.bytes[gid]
            return f"downloading {megabytes(done)}" + (f" of {megabytes(total)}" if total else "")
        return state

    def start(self, labels: dict[str, str]) -> None:
        for gid, label in labels.items():
            self.rows.setdefault(gid, (label, "waiting"))

    def update(self, gid: str, label: str, state: str) -> None:
        self.rows[gid] = (label, state)
        if state != "downloading":
            self.bytes.pop(gid, None)

    def transfer(self, gid: str, done: int, total: int | None) -> None:
        self.bytes[gid] = (done, total)

    def note(self, message: str) -> None:
        self.live.console.print(untrusted(message), markup=False, highlight=False)

    def close(self) -> None:
        self.live.update(self._render(), refresh=True)
        self.live.stop()
