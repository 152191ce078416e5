"""The completion event stream, `GET /api/events` (Server-Sent Events), read on a thread.

The API buffers nothing for a client that is not listening, so a submit that
will wait opens the stream *before* its first enqueue (`EventStream.open`
returns once the first connection is up or refused). Completions go to
`inbox`, a queue the waiting loop also uses for its downloads' results. When
the stream is refused, stalls or drops, a `Dropped` item goes to the inbox
(events may have been missed: the waiter asks the list endpoint) and the
thread reconnects with capped exponential backoff, for as long as it is open.
"""

from __future__ import annotations

import json
import queue
import socket
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kscript.oxen.api import ApiError, Client, backoff

EVENT = "media_generation_completed"


@dataclass(frozen=True)
class Completion:
    """One `media_generation_completed` event."""

    generation_id: str
    status: str  # as sent; the waiter normalises it
    url: str | None
    error: str | None


@dataclass(frozen=True)
class Dropped:
    """The stream is down (refused, stalled or cut): events may have been missed."""

    reason: str
    was_up: bool  # it had been connected (a drop), rather than refused or unreachable


@dataclass(frozen=True)
class Reconnected:
    """The stream is up again after a drop: events of the gap are lost, look once."""


def parse(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(event type, data) for each event in a text/event-stream, as the WHATWG
    rules read it: comments and unknown fields ignored, `data` lines joined."""
    kind, data = "", []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            if data:
                yield kind or "message", "\n".join(data)
            kind, data = "", []
            continue
        if line.startswith(":"):
            continue  # a comment: the keep-alive
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "event":
            kind = value
        elif name == "data":
            data.append(value)


def completion(data: str) -> Completion | None:
    """The event's fields, or None when the data is not a usable completion."""
    try:
        body: Any = json.loads(data)
    except ValueError:
        return None
    if not isinstance(body, dict) or not isinstance(body.get("generation_id"), str):
        return None
    url, error = body.get("url"), body.get("error")
    return Completion(
        body["generation_id"],
        body.get("status") if isinstance(body.get("status"), str) else repr(body.get("status")),
        url if isinstance(url, str) and url else None,
        error if isinstance(error, str) else (None if error is None else json.dumps(error)),
    )


def _unblock(response: Any) -> None:
    """End a response another thread is blocked reading. Closing it alone does not wake that
    thread (it sits in the socket's recv until the next keep-alive, 15 s away), so `close` waited
    out its whole second at the end of every wait: shutting the socket down ends the read at once."""
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if sock is not None:
        sock.shutdown(socket.SHUT_RDWR)
    response.close()


class EventStream:
    """A subscription to the API's completion events, kept open (and reopened) on a thread."""

    def __init__(self, client: Client, *, stall: float = 45.0, retry_base: float = 1.0, retry_cap: float = 60.0) -> None:
        self.client = client
        self.stall = stall  # no byte (not even a keep-alive, every 15 s) for this long: the stream is dead
        self.retry_base = retry_base
        self.retry_cap = retry_cap
        self.inbox: queue.Queue = queue.Queue()
        self.connections = 0
        self.last_problem: str | None = None
        self._up = threading.Event()
        self._tried = threading.Event()
        self._closed = threading.Event()
        self._response: Any = None
        self._not_offered = False
        self._thread = threading.Thread(target=self._run, name="kscript-events", daemon=True)

    @property
    def connected(self) -> bool:
        return self._up.is_set()

    def open(self, wait: float = 10.0) -> bool:
        """Start listening; True once the stream is up, False if the first try failed
        (the thread keeps trying in the background)."""
        self._thread.start()
        self._tried.wait(wait)
        return self.connected

    def close(self) -> None:
        self._closed.set()
        response = self._response
        if response is not None:
            try:
                _unblock(response)
            except Exception:  # noqa: BLE001 - closing is best effort; the thread is a daemon
                pass
        self._thread.join(timeout=1.0)

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self) -> None:
        failures = 0
        while not self._closed.is_set():
            was_up = self.connections
            reason = self._listen()
            self._up.clear()
            self._tried.set()
            if self._closed.is_set():
                return
            self.last_problem = reason
            up = self.connections > was_up
            self.inbox.put(Dropped(reason, up))
            if up:
                failures = 0  # it was up: the next try comes soon
            if self._not_offered:
                delay = self.retry_cap  # 404, 405, 501: this deployment has no stream; ask rarely
            else:
                delay = backoff(failures, base=self.retry_base, cap=self.retry_cap)
            failures += 1
            if self._closed.wait(delay):
                return

    def _listen(self) -> str:
        """One connection, read until it ends; returns why it ended."""
        try:
            with self.client.events(read_timeout=self.stall) as response:
                self._response = response
                self._not_offered = response.status_code in (404, 405, 501)
                if response.status_code != 200:
                    return f"the event stream was refused (HTTP {response.status_code})"
                self.connections += 1
                self._up.set()
                self._tried.set()
                if self.connections > 1:
                    self.inbox.put(Reconnected())
                for kind, data in parse(response.iter_lines()):
                    if kind != EVENT:
                        continue
                    event = completion(data)
                    if event is not None:
                        self.inbox.put(event)
                return "the event stream ended"
        except ApiError as exc:
            return f"the event stream failed: {exc.message}"
        except Exception as exc:  # noqa: BLE001 - a broken or stalled stream is reopened, never fatal
            if self._closed.is_set():
                return "closed"
            return f"the event stream broke ({self.client.redact(str(exc)) or type(exc).__name__})"
        finally:
            self._response = None
