"""The Oxen.ai video API client (httpx), imported only by the commands that talk to it.

Every failure becomes an ApiError with a message a user can act on; nothing
here prints. The key is sent only in the Authorization header, and only to the
API's own origin.
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from kscript.core.exits import Exit
from kscript.core.version import __version__
from kscript.formats.escape import untrusted

DEFAULT_BASE_URL = "https://hub.oxen.ai"
TERMINAL = ("succeeded", "failed", "cancelled")
IN_FLIGHT = ("queued", "processing")
RETRY_AFTER_CAP = 120.0  # seconds: a server asking for more is waited on this long, then asked again

# Quick calls answer at once; the synchronous endpoint blocks for minutes.
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
SYNC_TIMEOUT = httpx.Timeout(connect=10.0, read=1800.0, write=60.0, pool=10.0)
DOWNLOAD_TIMEOUT = httpx.Timeout(connect=10.0, read=120.0, write=30.0, pool=10.0)
# An enqueue gives up after at most ENQUEUE_SECONDS (each phase's limit added up): reconciliation
# looks for a lost enqueue's generation no later than that after its intent (plus a grace).
ENQUEUE_TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=10.0, pool=10.0)
ENQUEUE_SECONDS = 60.0
UPLOAD_TIMEOUT = httpx.Timeout(connect=10.0, read=120.0, write=300.0, pool=10.0)  # up to 200 MB of video


class ApiError(Exception):
    """A failed call. `exit_code` follows CLI.md: 3 for an unreachable API or a refused key."""

    def __init__(
        self,
        message: str,
        *,
        exit_code: int = 1,
        status: int | None = None,
        retryable: bool = False,
        retry_after: float | None = None,
        maybe_sent: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after
        self.maybe_sent = maybe_sent  # the request may have reached the server


class DeadlineReached(ApiError):
    """--timeout would pass while waiting to retry: stop instead of sleeping."""


def clean_key(raw: str | None) -> str | None:
    """The key from OXEN_API_KEY without surrounding white space (a CRLF `.env`, `$(cat key)`);
    None when empty. A key that cannot be a header value is refused up front, its
    problem named, the key never shown."""
    if raw is None:
        return None
    key = raw.strip()
    if not key:
        return None
    for position, char in enumerate(key, 1):
        if ord(char) > 126:
            problem = f"a non-ASCII character (U+{ord(char):04X})"
        elif ord(char) < 32 or ord(char) == 127:
            problem = "a line break" if char in "\r\n" else f"a control character (0x{ord(char):02X})"
        elif char == " ":
            problem = "a space"
        else:
            continue
        raise ApiError(
            f"OXEN_API_KEY contains {problem} at position {position}: it cannot be a valid key "
            "(copy it again from your Oxen.ai settings); nothing was sent",
            exit_code=Exit.USAGE,
        )
    return key


def is_loopback(host: str) -> bool:
    """`localhost` or a loopback address (127.0.0.0/8, ::1): a key sent there never leaves the machine."""
    import ipaddress

    if host.rstrip(".").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_oxen(url: str) -> bool:
    """Oxen's own API: https://hub.oxen.ai (port 443 or none)."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        return False
    return parts.scheme == "https" and (parts.hostname or "") == "hub.oxen.ai" and port in (None, 443)


def normal_status(value: Any) -> str | None:
    """A documented status in any case (`SUCCEEDED`, ` Processing `), or None for anything else."""
    if not isinstance(value, str):
        return None
    status = value.strip().lower()
    status = "cancelled" if status == "canceled" else status
    return status if status in TERMINAL or status in IN_FLIGHT else None


ERROR_TEXT_LIMIT = 500  # characters of the API's words in a message


def error_text(response: httpx.Response) -> str:
    """The API's own words from either documented error shape, else the raw body: at most
    ERROR_TEXT_LIMIT characters, escaped (`untrusted`) since they go into a message."""
    return untrusted(_error_words(response)[:ERROR_TEXT_LIMIT])


def _error_words(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            for key in ("detail", "title", "message"):
                if isinstance(error.get(key), str) and error[key]:
                    return error[key]
        elif isinstance(error, str) and error:
            return error
        for key in ("detail", "message", "status_message"):
            if isinstance(body.get(key), str) and body[key]:
                return body[key]
    text = response.text.strip()
    return text if text else f"HTTP {response.status_code}"


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks to wait; None when absent, unparseable or not finite."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, OverflowError, IndexError):
            return None
    return max(0.0, seconds) if math.isfinite(seconds) else None


def backoff(attempt: int, base: float = 1.0, cap: float = 60.0) -> float:
    """Capped exponential backoff with full jitter."""
    return random.uniform(0, min(cap, base * (2**attempt)))


@dataclass
class Client:
    base_url: str
    key: str | None
    transport: httpx.BaseTransport | None = None
    sleep: Any = time.sleep
    timeout: httpx.Timeout = field(default_factory=lambda: TIMEOUT)  # for the quick calls
    attempts: int = 6  # for calls safe to repeat; a one-off command asks fewer
    deadline: float | None = None  # time.monotonic() after which no retry waits (--timeout)
    notify: Any = None  # called with a line for the user (e.g. "the API asks to wait 120 s")
    # The API's clock less this machine's, in seconds, from the `Date` header of its last
    # answer (None until one came): lost enqueues are looked for on the API's clock.
    clock_offset: float | None = None

    def __post_init__(self) -> None:
        self.key = clean_key(self.key)
        self.base_url = self.base_url.rstrip("/")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ApiError(f"the base URL `{self.base_url}` is not an http(s) URL", exit_code=Exit.USAGE)
        if self.key and parts.scheme == "http" and not is_loopback(parts.hostname):
            raise ApiError(
                f"the base URL `{self.base_url}` is plain http: your OXEN_API_KEY is sent over http only to this machine "
                f"(localhost, 127.0.0.0/8, ::1); use https://{self.base_url.split('://', 1)[1]}; nothing was sent",
                exit_code=Exit.USAGE,
            )
        self._origin = (parts.scheme, parts.hostname, parts.port)
        self._http = httpx.Client(
            transport=self.transport,
            headers={"User-Agent": f"kscript/{__version__} httpx/{httpx.__version__}", "Accept": "application/json"},
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -----------------------------------------------------------------

    def same_origin(self, url: str) -> bool:
        parts = urlsplit(url)
        return (parts.scheme, parts.hostname, parts.port) == self._origin

    def redact(self, text: str) -> str:
        """`text` (built from what a server said) with every form of the key masked."""
        if not self.key or not text:
            return text
        for form in {self.key, json.dumps(self.key)[1:-1], quote(self.key, safe="")}:
            text = text.replace(form, "****")
        return text

    def pause(self, exc: ApiError, attempt: int) -> None:
        """Wait before retrying after `exc`: its Retry-After (at most RETRY_AFTER_CAP, said
        aloud when long), else backoff; never past the deadline."""
        if exc.retry_after is not None:
            seconds = min(exc.retry_after, RETRY_AFTER_CAP)
            if exc.retry_after >= 2 and self.notify is not None:
                asked = f"{exc.retry_after:.0f} s" + (f" (waiting {RETRY_AFTER_CAP:.0f} s, then asking again)" if exc.retry_after > RETRY_AFTER_CAP else "")
                self.notify(f"the API asks to wait {asked}")
        else:
            seconds = backoff(attempt)
        if self.deadline is not None and time.monotonic() + seconds > self.deadline:
            raise DeadlineReached(
                f"--timeout reached: the API asked to wait {seconds:.0f} s more ({exc.message})", exit_code=Exit.FAIL, status=exc.status
            )
        self.sleep(seconds)

    def _auth(self) -> dict[str, str]:
        if not self.key:
            raise ApiError("OXEN_API_KEY is not set: export your Oxen.ai API key first; nothing was sent", exit_code=Exit.USAGE)
        return {"Authorization": f"Bearer {self.key}"}

    def call(
        self, method: str, path: str, *, body: Any = None, timeout: httpx.Timeout | None = None, params: dict | None = None,
        form: tuple[dict, dict] | None = None,
    ) -> Any:
        """One request (JSON `body`, or a multipart `form`: its files and its fields); the JSON
        answer, or ApiError saying what went wrong."""
        try:
            return self._call(method, path, body=body, timeout=timeout, params=params, form=form)
        except ApiError as exc:
            exc.message = self.redact(exc.message)
            exc.args = (exc.message,)
            raise

    def _call(self, method: str, path: str, *, body: Any, timeout: httpx.Timeout | None, params: dict | None, form: tuple[dict, dict] | None = None) -> Any:
        url = self.base_url + path
        headers = self._auth()
        try:
            if form is not None:
                files, fields = form
                response = self._http.request(method, url, files=files, data=fields, headers=headers, timeout=timeout or self.timeout, params=params)
            else:
                response = self._http.request(method, url, json=body, headers=headers, timeout=timeout or self.timeout, params=params)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            # The connection never opened: the server cannot have seen the request.
            raise ApiError(f"cannot reach {self.base_url}: {_reason(exc)}", exit_code=Exit.API, retryable=True) from None
        except httpx.TimeoutException as exc:
            raise ApiError(f"{self.base_url} did not answer in time ({_reason(exc)})", exit_code=Exit.API, retryable=True, maybe_sent=True) from None
        except httpx.TransportError as exc:
            raise ApiError(f"the connection to {self.base_url} failed: {_reason(exc)}", exit_code=Exit.API, retryable=True, maybe_sent=True) from None
        self._measure_clock(response)
        return self._answer(response)

    def _measure_clock(self, response: httpx.Response) -> None:
        value = response.headers.get("Date")
        if not value:
            return
        from email.utils import parsedate_to_datetime

        try:
            stamp = parsedate_to_datetime(value).timestamp()
        except (TypeError, ValueError, OverflowError, IndexError):
            return
        if math.isfinite(stamp):
            self.clock_offset = stamp - time.time()

    def _answer(self, response: httpx.Response) -> Any:
        status = response.status_code
        if 200 <= status < 300:
            try:
                return response.json()
            except ValueError:
                # A proxy's HTML page, a truncated body: retried like a 5xx where that is safe.
                kind = response.headers.get("Content-Type", "no Content-Type").split(";")[0]
                raise ApiError(
                    f"the API answered {status} with a body that is not JSON ({kind})",
                    exit_code=Exit.API, status=status, retryable=True, maybe_sent=True,
                ) from None
        text = error_text(response)
        if status == 402 or "insufficient credits" in text.lower():
            raise ApiError(
                f"the API refused for billing ({status}): {text}. Add credits to your Oxen.ai account, then run the command again; nothing was retried",
                exit_code=Exit.API, status=402,
            )
        if status in (401, 403):
            raise ApiError(f"the API refused the key ({status}): {text}; check OXEN_API_KEY", exit_code=Exit.API, status=status)
        if status == 404:
            raise ApiError(f"not found: {text}", status=status)
        if status in (429, 503):
            raise ApiError(f"the API asks to retry later ({status}): {text}", exit_code=Exit.API, status=status, retryable=True, retry_after=_retry_after(response))
        if status >= 500:
            raise ApiError(f"the API failed ({status}): {text}", exit_code=Exit.API, status=status, retryable=True, retry_after=_retry_after(response), maybe_sent=True)
        raise ApiError(f"the API refused the request ({status}): {text}", status=status)

    def with_retries(self, method: str, path: str, attempts: int | None = None, **kw: Any) -> Any:
        """A call that is safe to repeat (reads, cancels): retried on 429, 5xx and network faults."""
        attempts = max(1, attempts or self.attempts)
        for attempt in range(attempts):
            try:
                return self.call(method, path, **kw)
            except ApiError as exc:
                if not exc.retryable or attempt == attempts - 1:
                    raise
                self.pause(exc, attempt)
        raise AssertionError("unreachable")

    # -- the endpoints --------------------------------------------------------------

    def enqueue(self, body: dict[str, Any], attempts: int = 4, before_retry: Any = None) -> list[dict[str, Any]]:
        """POST /api/ai/queue. Retried only when the request provably did not enqueue:
        the connection never opened, or the API answered 429/503. `before_retry` is called
        before each attempt after the first (the journal anchors the intent on it)."""
        for attempt in range(attempts):
            if attempt and before_retry is not None:
                before_retry()
            try:
                answer = self.call("POST", "/api/ai/queue", body=body, timeout=ENQUEUE_TIMEOUT)
                break
            except ApiError as exc:
                if exc.maybe_sent:
                    raise ApiError(
                        f"{exc.message.rstrip('.')}. The request may have been enqueued (and billed): do not resubmit blindly; "
                        "check `kscript status --queue` (GET /api/ai/queue) first",
                        exit_code=Exit.API,
                        maybe_sent=True,
                    ) from None
                if not exc.retryable or attempt == attempts - 1:
                    raise
                self.pause(exc, attempt)
        generations = answer.get("generations") if isinstance(answer, dict) else None
        if not isinstance(generations, list) or not all(isinstance(g, dict) and isinstance(g.get("generation_id"), str) for g in generations):
            raise ApiError(
                "the queue answered without generation ids; check `kscript status --queue` before resubmitting",
                exit_code=Exit.API,
                maybe_sent=True,
            )
        return generations

    def generate(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST /api/ai/videos/generate: blocks until the video is made. Never retried."""
        answer = self.call("POST", "/api/ai/videos/generate", body=body, timeout=SYNC_TIMEOUT)
        if not isinstance(answer, dict) or not isinstance(answer.get("videos"), list):
            raise ApiError("the API answered without videos", exit_code=Exit.API)
        return answer

    def generation(self, generation_id: str) -> dict[str, Any]:
        answer = self.with_retries("GET", f"/api/ai/queue/{quote(generation_id, safe='')}")
        if not isinstance(answer, dict) or "status" not in answer:
            raise ApiError(f"the API answered for {untrusted(generation_id)} without a status", exit_code=Exit.API)
        return answer

    def queue(self, **filters: str) -> list[dict[str, Any]]:
        answer = self.with_retries("GET", "/api/ai/queue", params={k: v for k, v in filters.items() if v})
        if isinstance(answer, dict):
            for key in ("generations", "items", "data"):
                if isinstance(answer.get(key), list):
                    return answer[key]
        return answer if isinstance(answer, list) else []

    def in_flight(self, **filters: str) -> list[dict[str, Any]]:
        """GET /api/ai/queue: the caller's queued and processing generations. An answer
        without a `generations` list is an error (not an empty list: that would read as
        "everything has ended")."""
        answer = self.with_retries("GET", "/api/ai/queue", params={k: v for k, v in filters.items() if v})
        rows = answer.get("generations") if isinstance(answer, dict) else None
        if not isinstance(rows, list):
            raise ApiError("the API's list of queued generations has no `generations` list", exit_code=Exit.FAIL)
        return [row for row in rows if isinstance(row, dict) and isinstance(row.get("generation_id"), str)]

    def history(self, page: int = 1, page_size: int = 100, **filters: str) -> dict[str, Any]:
        """GET /api/ai/generations: every generation, newest first, with the request's
        parameters merged into each row (how a lost enqueue is found again)."""
        params: dict[str, Any] = {k: v for k, v in filters.items() if v}
        params.update(page=page, page_size=page_size)
        answer = self.with_retries("GET", "/api/ai/generations", params=params)
        if not isinstance(answer, dict) or not isinstance(answer.get("generations"), list):
            raise ApiError("the API's generation history answered without a `generations` list", exit_code=Exit.API)
        return answer

    def history_record(self, generation_id: str) -> dict[str, Any]:
        """GET /api/ai/generations/{id}: the record with the charged `cost`."""
        answer = self.with_retries("GET", f"/api/ai/generations/{quote(generation_id, safe='')}")
        record = answer.get("generation") if isinstance(answer, dict) else None
        if not isinstance(record, dict):
            raise ApiError(f"the API answered for {untrusted(generation_id)} without a generation record", exit_code=Exit.API)
        return record

    def cancel(self, generation_id: str) -> dict[str, Any]:
        return self.with_retries("DELETE", f"/api/ai/queue/{quote(generation_id, safe='')}")

    def model(self, name: str) -> dict[str, Any]:
        # A pre-flight check: an API that does not answer soon is reported, not waited for.
        return self.with_retries("GET", f"/api/ai/models/{quote(name, safe='')}", attempts=3)

    # -- the assets repository (ASSETS.md) ----------------------------------------------

    def create_repo(self, namespace: str, name: str, description: str) -> bool:
        """POST /api/repos; True when created, False when it already exists (409)."""
        body = {"namespace": namespace, "name": name, "user": {"name": "kscript", "email": "kscript@localhost"}, "description": description}
        try:
            self.with_retries("POST", "/api/repos", body=body)
        except ApiError as exc:
            if exc.status == 409:
                return False
            raise
        return True

    def put_file(self, repo: str, branch: str, path: str, data: bytes, filename: str, message: str) -> dict[str, Any]:
        """PUT /api/repos/{repo}/file/{branch}/{path} as multipart: the file and its commit
        message; the answer's `commit`. Retried like a read: the same bytes at the same
        path are the same file, however often they are sent."""
        answer = self.with_retries(
            "PUT", f"/api/repos/{repo}/file/{branch}/{quote(path)}", timeout=UPLOAD_TIMEOUT,
            form=({"file": (filename, data, "application/octet-stream")}, {"message": message, "name": "kscript", "email": "kscript@localhost"}),
        )
        commit = answer.get("commit") if isinstance(answer, dict) else None
        if not isinstance(commit, dict):
            raise ApiError(f"the upload of {path} answered without a commit", exit_code=Exit.API)
        return commit

    def head_status(self, url: str, with_key: bool = False) -> int | None:
        """The status a HEAD of `url` gets, without the key (as the model service fetches it)
        unless `with_key` (and then only on the API's own origin); None when it cannot be reached."""
        headers = self._auth() if with_key and self.same_origin(url) else {}
        try:
            return self._http.head(url, headers=headers, timeout=self.timeout, follow_redirects=False).status_code
        except httpx.HTTPError:
            return None

    # -- downloads ----------------------------------------------------------------------

    def events(self, read_timeout: float):
        """A streaming GET of /api/events (Server-Sent Events); `read_timeout` is how long
        a silence (no keep-alive either) may last before the stream counts as dead."""
        headers = {**self._auth(), "Accept": "text/event-stream", "Cache-Control": "no-cache"}
        timeout = httpx.Timeout(connect=10.0, read=read_timeout, write=10.0, pool=10.0)
        return self._http.stream("GET", self.base_url + "/api/events", headers=headers, timeout=timeout)

    def stream(self, url: str, headers: dict[str, str] | None = None):
        """A streaming GET of a result URL; the key goes only to the API's own origin."""
        sent = {**(headers or {}), **(self._auth() if self.same_origin(url) else {})}
        return self._http.stream("GET", url, headers=sent, timeout=DOWNLOAD_TIMEOUT, follow_redirects=True)


def _reason(exc: Exception) -> str:
    text = untrusted(str(exc).strip())  # a protocol error may quote what the server sent
    return text or type(exc).__name__
