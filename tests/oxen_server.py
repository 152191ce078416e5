"""A local stand-in for the Oxen video API, speaking the protocol API.md documents.

A real HTTP server on 127.0.0.1 (a free port), run in threads: Bearer auth,
both documented error shapes, enqueue-time checks (model, num_generations,
key, credits), run-time model checks that end a generation as `failed` with
the API's message, the queue lifecycle, cancel, the in-flight list with its
filters, the history (`/api/ai/generations`, paged, with costs and the
request's parameters), the completion event stream (`/api/events`, real
Server-Sent Events), file downloads honouring `Range`, expiring result URLs
and sync responses.

Time passes for a generation when someone looks at it (a `GET` of its record
or of the in-flight list) and, when `tick` is set, on a clock of its own: the
event stream needs that, since a client listening to events never looks.

Faults are queued per route and used up one request at a time; standing
misbehaviour (`events_enabled`, `history_enabled`, `ranges`, `status_alias`,
`model_alias`, `make_id`, `clock_offset`, `runtime_failure`) is an attribute: a
hostile server puts terminal escapes in any of them (tests/test_untrusted_text.py).
Every request is logged and counted per route (`count`).

Result URLs name `localhost` while the API is `127.0.0.1`: another origin, so
a test can see that the key never travels to it.

Repositories and files (ASSETS.md): `POST /api/repos` creates one (409 when it
exists), `PUT /api/repos/{ns}/{name}/file/{branch}/{path}` stores a multipart
`file` and answers its commit, `GET`/`HEAD` of the same path serves it (without
the key unless the repository is in `private_repos`). A generation whose input
address names this server and does not answer 200 fails when its job runs, as
a model that cannot fetch its image does. `video_for`, when set, makes each
generation's video from its request (tests give it real MP4s, so that last
frames can be decoded); otherwise every generation serves `video`, by default one real MP4 (real_video).
"""

from __future__ import annotations

import base64
import functools
import json
import math
import queue
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

MODELS = {
    "kling-video-o3-pro-reference-to-video": "video",
    "kling-video-o3-omni": "video",
    "some-image-model": "image",
}
# Issue 13 (models helper): every model kscript has a profile for is a video model here too;
# a test retires one (OxenServer.retired_models) or gives it a live price (model_pricing).
MODELS.update(dict.fromkeys((
    "kling-video-v2-6-pro-text-to-video", "kling-video-v2-6-pro-image-to-video", "kling-video-o3-pro-image-to-video",
    "kling-video-o3-pro-video-to-video-edit", "kling-video-v3-pro-motion-control",
), "video"))
PRICES = {"kling-video-o3-pro-reference-to-video": 0.224, "kling-video-o3-omni": 0.224}


@functools.lru_cache(maxsize=1)
def real_video() -> bytes:
    """What a generation's video is unless a test says otherwise: a real MP4 (H.264, 480x320,
    half a second), so that a client can decode it (a chained scene's last frame); made once
    a process, with PyAV."""
    import tempfile
    from pathlib import Path

    from tests.clips import make_clip

    with tempfile.TemporaryDirectory() as folder:
        return make_clip(Path(folder) / "generation.mp4", 0.5, size=(480, 320), audio=False).read_bytes()


def __getattr__(name: str) -> Any:
    if name == "VIDEO":  # made on first use: a test that never serves a video never encodes one
        return real_video()
    raise AttributeError(name)

IN_FLIGHT = ("queued", "processing")
USER = "test-user"


def model_error(body: dict[str, Any]) -> str | None:
    """The model's own rules, checked when a job runs (independently of kscript)."""
    has_prompt, has_multi = "prompt" in body, "multi_prompt" in body
    if has_prompt and has_multi:
        return "Getting model response error: 422 - Value error, Cannot provide both 'prompt' and 'multi_prompt'."
    shots = body.get("multi_prompt") if has_multi else ([body] if has_prompt else [])
    if not shots:
        return "Getting model response error: 422 - Value error, Either 'prompt' or 'multi_prompt' must be provided."
    total = 0
    for shot in shots:
        if not isinstance(shot, dict) or "prompt" not in shot:
            return "Field required"
        if len(str(shot["prompt"])) > 512:
            return "String should have at most 512 characters"
        duration = shot.get("duration", 5)
        if str(duration) not in [str(i) for i in range(1, 16)]:
            return "Input should be " + ", ".join(f"'{i}'" for i in range(1, 15)) + " or '15'"
        total += int(duration)
    if total < 3:
        return f"duration value '{total}' is invalid. Try using duration='5' instead, as duration support may vary by model and mode."
    if total > 15:
        return f"Total shot duration ({total}s) exceeds maximum allowed (15s)."
    if len(body.get("elements") or []) + len(body.get("input_image") or []) > 4:
        return "Maximum 4 total images across all elements and input_image references"
    if "tail_image_url" in body and "start_image_url" not in body:
        return "tail_image_url requires start_image_url"
    return None


def seconds_of(body: dict[str, Any]) -> int:
    shots = body.get("multi_prompt") if isinstance(body.get("multi_prompt"), list) else [body]
    total = 0
    for shot in shots:
        try:
            total += int(shot.get("duration", 5)) if isinstance(shot, dict) else 0
        except (TypeError, ValueError):
            pass
    return total


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up mid-request is part of the tests, not news


@dataclass
class Fault:
    """One misbehaviour, used up by one request to its route.

    kind: "status" (answer `status` with `body`, `headers`; a str body is sent
    as `content_type`, default text/html), "slow" (wait `seconds`, then answer
    normally), "drop" (close the connection without an answer and without doing
    the work: an enqueue that creates no generation), "lost" (enqueue: do the
    work, then drop the answer), "echo" (500 whose body repeats the
    request's Authorization header), "truncate" (download: send half, then
    drop), "stall" (download: send half, wait `seconds`, then drop), "endless"
    (download: 200 without Content-Length that never ends),
    "expire" (download: this URL has expired, now and for ever), "cut" (events:
    deliver `count` events, then drop the stream), "silent" (events: headers,
    then nothing at all, not even keep-alives), "hold" (set `reached`, then wait
    until the test sets `gate`: before the work, or with `after` (enqueue) after
    it and before the answer, so a test can kill the client in either window).
    """

    kind: str
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    seconds: float = 0.0
    count: int = 0
    content_type: str | None = None
    gate: threading.Event = field(default_factory=threading.Event)
    reached: threading.Event = field(default_factory=threading.Event)
    after: bool = False

    def wait_here(self) -> None:
        self.reached.set()
        self.gate.wait(60)


class OxenServer:
    def __init__(self, key: str = "test-key", polls_queued: int = 1, polls_processing: int = 1) -> None:
        self.key = key
        self.polls_queued = polls_queued
        self.polls_processing = polls_processing
        self.tick: float | None = None  # advance every in-flight generation this often, looked at or not
        self.credits = True
        self.runtime_failure: str | None = None  # e.g. a safety filter: fails jobs kscript cannot foresee
        self.events_enabled = True  # False: GET /api/events is 404, as on a deployment without it
        self.history_enabled = True  # False: /api/ai/generations and /api/ai/generations/{id} answer 404
        self.clock_offset = 0.0  # seconds this server's clock (its stamps and Date header) is ahead of the machine's
        self.keepalive = 15.0  # seconds between keep-alive comments on the event stream
        self.ranges = True  # False: downloads ignore Range and always send the whole file with 200
        self.url_ttl: float | None = None  # result URLs expire this many seconds after they are issued
        self.status_alias: dict[str, Any] = {}  # e.g. {"succeeded": "SUCCEEDED"}: what the API reports instead
        self.model_alias: dict[str, Any] = {}  # a model id -> the model name the API reports in records, rows and events
        self.make_id: Callable[[], str] = lambda: str(uuid.uuid4())
        # Models (issue 13): GET /api/ai/models/{id} answers 404 for these, and enqueue refuses them.
        self.retired_models: set[str] = set()
        self.model_pricing: dict[str, dict[str, Any]] = {}  # id -> the record's `pricing`
        self.video = real_video()
        self.video_for: Callable[[dict[str, Any]], bytes] | None = None  # request -> that generation's video
        self.repos: dict[str, dict[str, Any]] = {}  # "ns/name" -> the repository record
        self.files: dict[str, bytes] = {}  # "ns/name/branch/path" -> bytes
        self.videos: dict[str, bytes] = {}  # generation id -> its own video (video_for)
        self.commits: list[dict[str, Any]] = []  # every upload's commit, in order
        self.private_repos: set[str] = set()  # "ns/name": files served only with the key
        self.lock = threading.Lock()
        self.generations: dict[str, dict[str, Any]] = {}
        self.polls: dict[str, int] = {}
        self.faults: dict[str, list[Fault]] = {}
        self.log: list[tuple[str, str, str | None]] = []  # (method, path, Authorization header)
        self.headers_log: list[tuple[str, str, dict[str, str]]] = []  # (method, path, all headers)
        self.counts: Counter[str] = Counter()  # requests per route name
        self.events_sent: list[dict[str, Any]] = []
        self.enqueued = 0
        self._subscribers: list[queue.Queue] = []
        self._dead_tokens: set[str] = set()
        self._stopped = threading.Event()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        # A short poll keeps stop() from waiting out serve_forever's default half second.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)
        self._ticker = threading.Thread(target=self._run_clock, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def file_url(self, gid: str) -> str:
        """A fresh signed result URL for `gid` (each call issues a new one)."""
        expires = "" if self.url_ttl is None else f"&exp={time.time() + self.url_ttl:.3f}"
        return f"http://localhost:{self.port}/files/{quote(gid, safe='')}.mp4?sig={uuid.uuid4().hex}{expires}"

    def start(self) -> OxenServer:
        self._thread.start()
        self._ticker.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        with self.lock:
            for subscriber in self._subscribers:
                subscriber.put(None)
        self._server.shutdown()
        self._server.server_close()

    def now(self) -> float:
        """This server's clock (`clock_offset` seconds off the machine's)."""
        return time.time() + self.clock_offset

    def fault(self, route: str, *faults: Fault) -> None:
        with self.lock:
            self.faults.setdefault(route, []).extend(faults)

    def _take_fault(self, route: str) -> Fault | None:
        with self.lock:
            pending = self.faults.get(route)
            return pending.pop(0) if pending else None

    def requests_to(self, method: str, prefix: str) -> list[tuple[str, str, str | None]]:
        with self.lock:
            return [r for r in self.log if r[0] == method and r[1].startswith(prefix)]

    def count(self, route: str) -> int:
        """Requests so far to a route: enqueue, get, list, cancel, model, generate, events,
        history, history_get, download."""
        with self.lock:
            return self.counts[route]

    @property
    def subscribers(self) -> int:
        with self.lock:
            return len(self._subscribers)

    def emit_raw(self, text: str) -> None:
        """Send raw text to every open event stream (malformed events, foreign ids)."""
        with self.lock:
            for subscriber in self._subscribers:
                subscriber.put(text)

    def finish(self, gid: str, status: str = "succeeded", error: str | None = None) -> None:
        """End a generation now (as if the job ran), emitting its event."""
        with self.lock:
            record = self.generations[gid]
            if status == "succeeded":
                self._succeed(record)
                return
            else:
                record.update(status=status, error_message=error, completed_at=int(self.now()))
            self._completed(record)

    # -- the lifecycle ---------------------------------------------------------------------

    def _run_clock(self) -> None:
        while not self._stopped.wait(self.tick or 0.05):
            if self.tick:
                with self.lock:
                    for gid, record in self.generations.items():
                        if record["status"] in IN_FLIGHT:
                            self._advance(gid)

    def _advance(self, gid: str) -> dict[str, Any]:
        """One step of time for one generation; the caller holds the lock."""
        record = self.generations[gid]
        if record["status"] not in IN_FLIGHT:
            return record
        self.polls[gid] = self.polls.get(gid, 0) + 1
        count = self.polls[gid]
        if record["status"] == "queued" and count > self.polls_queued:
            record["status"] = "processing"
            record["started_at"] = int(self.now())
            error = self.runtime_failure or model_error(record["request"]) or self._unreadable_input(record["request"])
            if error is not None:
                record.update(status="failed", error_message=error, completed_at=int(self.now()))
                self._completed(record)
        elif record["status"] == "processing" and count > self.polls_queued + self.polls_processing:
            self._succeed(record)
        return record

    def _succeed(self, record: dict[str, Any]) -> None:
        if self.video_for is not None:
            self.videos[record["generation_id"]] = self.video_for(record["request"])
        record.update(status="succeeded", result_url=self.file_url(record["generation_id"]), completed_at=int(self.now()))
        self._completed(record)

    # -- repositories ----------------------------------------------------------------------

    def file_address(self, repo: str, path: str, branch: str = "main") -> str:
        return f"{self.base_url}/api/repos/{repo}/file/{branch}/{path}"

    def _inputs(self, request: dict[str, Any]) -> list[str]:
        urls: list[str] = []
        for key in ("input_image", "start_image_url", "tail_image_url", "input_video"):
            value = request.get(key)
            urls.extend(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
        for element in request.get("elements") or []:
            if isinstance(element, dict):
                urls.extend(v for v in [element.get("frontal_image_url"), *(element.get("reference_image_urls") or [])] if isinstance(v, str))
        return urls

    def _unreadable_input(self, request: dict[str, Any]) -> str | None:
        """What a model says of an input address on this server that does not answer 200
        without a key (others, e.g. cdn.example.com, are taken as served). Lock held."""
        for url in self._inputs(request):
            parts = urlsplit(url)
            if parts.hostname not in ("127.0.0.1", "localhost") or parts.port != self.port:
                continue
            match = re.fullmatch(r"/api/repos/([^/]+/[^/]+)/file/([^/]+)/(.+)", unquote(parts.path))
            if parts.path.startswith("/files/"):
                continue
            if match is None or f"{match.group(1)}/{match.group(2)}/{match.group(3)}" not in self.files or match.group(1) in self.private_repos:
                return f"Failed to download input from {url}: HTTP 404"
        return None

    def _completed(self, record: dict[str, Any]) -> None:
        """The event of a finished job, to whoever listens now (nothing is buffered;
        cancelled jobs send none). The caller holds the lock."""
        if record["status"] not in ("succeeded", "failed"):
            return
        event: dict[str, Any] = {
            "generation_id": record["generation_id"],
            "status": self.status_alias.get(record["status"], record["status"]),
            "media_type": record["media_type"],
            "model": self.model_alias.get(record["model_name"], record["model_name"]),
        }
        if record["status"] == "succeeded":
            event["url"] = self.file_url(record["generation_id"])
        else:
            event["error"] = record["error_message"]
        self.events_sent.append(event)
        text = f"event: media_generation_completed\ndata: {json.dumps(event)}\n\n"
        for subscriber in self._subscribers:
            subscriber.put(text)

    def _public(self, record: dict[str, Any]) -> dict[str, Any]:
        """The queue record as the API shows it; the caller holds the lock."""
        out = {k: v for k, v in record.items() if k != "request"}
        out.update({k: v for k, v in record["request"].items() if k in ("prompt", "multi_prompt", "aspect_ratio")})
        if out["status"] == "succeeded":
            out["result_url"] = self.file_url(record["generation_id"])  # each answer signs afresh
        if out["status"] in self.status_alias:
            out["status"] = self.status_alias[out["status"]]
        out["model_name"] = self.model_alias.get(out["model_name"], out["model_name"])
        return out

    def _history_row(self, record: dict[str, Any]) -> dict[str, Any]:
        row = {k: v for k, v in record["request"].items() if k != "model"}  # the request, merged in
        row.update(self._public(record))
        if record["status"] == "succeeded":
            row["cost"] = f"{seconds_of(record['request']) * PRICES.get(record['model_name'], 0.224):.3f}"
        elif record["status"] in IN_FLIGHT:
            row["cost"] = None
        else:
            row["cost"] = "0.000"
        return row

    def _matches(self, record: dict[str, Any], query: dict[str, list[str]], in_flight_only: bool) -> bool:
        def wanted(name: str) -> str | None:
            return query.get(name, [None])[0]

        if wanted("status") is not None:
            if record["status"] != wanted("status"):
                return False
        elif in_flight_only and record["status"] not in IN_FLIGHT:
            return False
        checks = {"namespace": record["namespace"], "model": record["model_name"], "media_type": record["media_type"],
                  "repo": record["repo"], "folder": record["folder"]}
        return all(wanted(name) is None or wanted(name) == value for name, value in checks.items())

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def date_time_string(self, timestamp: float | None = None) -> str:
                """The `Date` header, on the server's clock."""
                return super().date_time_string(server.now() if timestamp is None else timestamp)

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None, content_type: str | None = None) -> None:
                if isinstance(body, bytes):
                    data, kind = body, content_type or "video/mp4"
                elif isinstance(body, str):
                    data, kind = body.encode(), content_type or "text/html; charset=utf-8"
                else:
                    data, kind = json.dumps(body).encode(), content_type or "application/json"
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def _error(self, status: int, kind: str, title: str, detail: str) -> None:
                self._send(status, {"error": {"type": kind, "title": title, "detail": detail}, "status": "error", "status_message": kind})

            def _body(self) -> Any:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    return json.loads(raw or b"null")
                except ValueError:
                    return ValueError

            def _drop(self) -> None:
                self.close_connection = True
                try:
                    self.connection.shutdown(2)
                except OSError:
                    pass

            def _route(self, method: str) -> None:
                path = urlsplit(self.path).path
                auth = self.headers.get("Authorization")
                route = self._route_name(method, path)
                if route == "upload":
                    length = int(self.headers.get("Content-Length") or 0)
                    body = self.rfile.read(length) if length else b""
                else:
                    body = self._body() if method in ("POST", "PUT") else None
                with server.lock:
                    server.log.append((method, path, auth))
                    server.headers_log.append((method, path, dict(self.headers.items())))
                    server.counts[route or "unknown"] += 1
                if route == "download":
                    return self._file(path)
                if route == "repo_file":
                    return self._repo_file(path, auth)
                if route is None:
                    return self._send(404, {"error": {"message": f"No route {method} {path}"}})
                fault = server._take_fault(route)
                if fault is not None and fault.kind == "slow":
                    time.sleep(fault.seconds)
                elif fault is not None and fault.kind == "hold" and not fault.after:
                    fault.wait_here()
                elif fault is not None and fault.kind == "status":
                    default = {"error": {"type": "unknown_error", "title": "Server error", "detail": "injected"}}
                    return self._send(fault.status, fault.body if fault.body is not None else default, fault.headers, fault.content_type)
                elif fault is not None and fault.kind == "drop":
                    return self._drop()
                elif fault is not None and fault.kind == "echo":
                    return self._send(500, f"debug: got header Authorization: {auth}\n", fault.headers, "text/plain")
                if auth != f"Bearer {server.key}":
                    return self._error(401, "unauthenticated", "Unauthorized", "Invalid or missing API key")
                if body is ValueError:
                    return self._error(400, "invalid_params", "Invalid JSON", "The request body is not JSON")
                getattr(self, "_" + route)(path, body, fault)

            @staticmethod
            def _route_name(method: str, path: str) -> str | None:
                if path.startswith("/files/"):
                    return "download" if method in ("GET", "HEAD") else None
                if path.rstrip("/") == "/api/repos" and method == "POST":
                    return "create_repo"
                if re.fullmatch(r"/api/repos/[^/]+/[^/]+/file/[^/]+/.+", path):
                    return {"PUT": "upload", "GET": "repo_file", "HEAD": "repo_file"}.get(method)
                exact = {
                    ("POST", "/api/ai/queue"): "enqueue",
                    ("GET", "/api/ai/queue"): "list",
                    ("POST", "/api/ai/videos/generate"): "generate",
                    ("GET", "/api/events"): "events",
                    ("GET", "/api/ai/generations"): "history",
                }.get((method, path.rstrip("/") or "/"))
                if exact is not None:
                    return exact
                if path.startswith("/api/ai/queue/"):
                    return {"GET": "get", "DELETE": "cancel"}.get(method)
                if path.startswith("/api/ai/generations/") and method == "GET":
                    return "history_get"
                if path.startswith("/api/ai/models/") and method == "GET":
                    return "model"
                return None

            @staticmethod
            def _last(path: str) -> str:
                return unquote(path.rsplit("/", 1)[-1])

            def _query(self) -> dict[str, list[str]]:
                return parse_qs(urlsplit(self.path).query)

            def _enqueue(self, path: str, body: Any, fault: Fault | None) -> None:
                if not isinstance(body, dict):
                    return self._error(400, "invalid_params", "Invalid body", "The request body must be an object")
                model = body.get("model")
                if MODELS.get(model) != "video" or model in server.retired_models:
                    return self._send(404, {"error": {"message": f"Model not found: {model}"}})
                n = body.get("num_generations", 1)
                if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 4:
                    return self._error(400, "invalid_params", "Invalid parameters", "num_generations must be an integer between 1 and 4")
                if not server.credits:
                    return self._error(402, "invalid_params", "Payment required", "Insufficient credits")
                out = []
                with server.lock:
                    server.enqueued += 1
                    for _ in range(n):
                        gid = server.make_id()
                        server.generations[gid] = {
                            "generation_id": gid, "model_name": model, "media_type": "video", "status": "queued",
                            "result_url": None, "error_message": None, "enqueued_at": int(server.now()),
                            "started_at": None, "completed_at": None, "namespace": body.get("target_namespace") or USER,
                            "repo": None, "folder": None, "request": body, "sequence": len(server.generations),
                        }
                        out.append({"generation_id": gid, "status": "queued"})
                if fault is not None and fault.kind == "lost":
                    return self._drop()  # enqueued and billed, but the answer never arrives
                if fault is not None and fault.kind == "hold" and fault.after:
                    fault.wait_here()  # enqueued and billed; the answer waits
                self._send(200, {"generations": out})

            # -- repositories and files (ASSETS.md) ----------------------------------------------

            def _create_repo(self, path: str, body: Any, fault: Fault | None) -> None:
                if not isinstance(body, dict) or not isinstance(body.get("namespace"), str) or not isinstance(body.get("name"), str):
                    return self._error(400, "invalid_params", "Invalid body", "namespace and name are required")
                repo = f"{body['namespace']}/{body['name']}"
                with server.lock:
                    if repo in server.repos:
                        return self._error(409, "invalid_params", "Conflict", f"Repository {repo} already exists")
                    server.repos[repo] = {"namespace": body["namespace"], "name": body["name"], "description": body.get("description")}
                self._send(200, {"status": "success", "status_message": "resource_created", "repository": server.repos[repo]})

            def _upload(self, path: str, body: Any, fault: Fault | None) -> None:
                from email.parser import BytesParser
                from email.policy import HTTP

                match = re.fullmatch(r"/api/repos/([^/]+/[^/]+)/file/([^/]+)/(.+)", unquote(path))
                repo, branch, name = match.group(1), match.group(2), match.group(3)
                with server.lock:
                    known = repo in server.repos
                if not known:
                    return self._error(404, "resource_not_found", "Not found", f"Repository {repo} not found")
                kind = self.headers.get("Content-Type", "")
                if not kind.startswith("multipart/form-data"):
                    return self._error(400, "invalid_params", "Invalid body", "expected multipart/form-data")
                message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + kind.encode() + b"\r\n\r\n" + body)
                parts = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
                if "file" not in parts:
                    return self._error(400, "invalid_params", "Invalid body", "the `file` part is required")
                data = parts["file"].get_payload(decode=True) or b""
                text = {k: (p.get_payload(decode=True) or b"").decode() for k, p in parts.items() if k != "file"}
                commit = {"id": uuid.uuid4().hex, "message": text.get("message", ""), "author": text.get("name", ""),
                          "email": text.get("email", ""), "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
                with server.lock:
                    server.files[f"{repo}/{branch}/{name}"] = data
                    server.commits.append({**commit, "path": f"{repo}/{branch}/{name}"})
                self._send(200, {"status": "success", "status_message": "resource_created", "commit": commit})

            def _repo_file(self, path: str, auth: str | None) -> None:
                match = re.fullmatch(r"/api/repos/([^/]+/[^/]+)/file/([^/]+)/(.+)", unquote(path))
                repo = match.group(1)
                fault = server._take_fault("repo_file")
                if fault is not None and fault.kind == "status":
                    return self._send(fault.status, fault.body if fault.body is not None else {"error": {"message": "injected"}}, fault.headers, fault.content_type)
                if repo in server.private_repos and auth != f"Bearer {server.key}":
                    return self._error(404, "resource_not_found", "Not found", f"Repository {repo} not found")
                with server.lock:
                    data = server.files.get(f"{repo}/{match.group(2)}/{match.group(3)}")
                if data is None:
                    return self._error(404, "resource_not_found", "Not found", f"File {match.group(3)} not found")
                self._send(200, data, content_type="application/octet-stream")

            def _get(self, path: str, body: Any, fault: Fault | None) -> None:
                gid = self._last(path)
                with server.lock:
                    if gid not in server.generations:
                        return self._error(404, "resource_not_found", "Not found", f"Generation {gid} not found")
                    record = server._public(server._advance(gid))
                self._send(200, record)

            def _list(self, path: str, body: Any, fault: Fault | None) -> None:
                query = self._query()
                with server.lock:
                    for gid, record in server.generations.items():
                        if record["status"] in IN_FLIGHT:
                            server._advance(gid)  # time passes for whatever is looked at
                    items = [server._public(r) for r in server.generations.values() if server._matches(r, query, True)]
                self._send(200, {"generations": items})

            def _history(self, path: str, body: Any, fault: Fault | None) -> None:
                if not server.history_enabled:
                    return self._send(404, {"error": {"message": f"No route GET {path}"}})
                query = self._query()
                try:
                    page = int(query.get("page", ["1"])[0])
                    size = int(query.get("page_size", ["50"])[0])
                except ValueError:
                    return self._error(400, "invalid_params", "Invalid parameters", "page and page_size must be integers")
                if page < 1 or not 1 <= size <= 1000:
                    return self._error(400, "invalid_params", "Invalid parameters", "page must be at least 1 and page_size between 1 and 1000")
                with server.lock:
                    records = sorted(
                        (r for r in server.generations.values() if server._matches(r, query, False)),
                        key=lambda r: (r["enqueued_at"], r["sequence"]), reverse=True,
                    )
                    rows = [server._history_row(r) for r in records]
                total_cost = sum(float(r["cost"]) for r in rows if r["cost"] is not None)
                chunk = rows[(page - 1) * size: page * size]
                self._send(200, {
                    "count": len(chunk), "generations": chunk, "page_number": page, "page_size": size,
                    "total_pages": max(1, math.ceil(len(rows) / size)), "total_entries": len(rows),
                    "total_cost": f"{total_cost:.3f}",
                })

            def _history_get(self, path: str, body: Any, fault: Fault | None) -> None:
                if not server.history_enabled:
                    return self._send(404, {"error": {"message": f"No route GET {path}"}})
                gid = self._last(path)
                with server.lock:
                    if gid not in server.generations:
                        return self._error(404, "resource_not_found", "Not found", f"Generation {gid} not found")
                    row = server._history_row(server.generations[gid])
                self._send(200, {"status": "success", "status_message": "resource_found", "generation": row})

            def _cancel(self, path: str, body: Any, fault: Fault | None) -> None:
                gid = self._last(path)
                with server.lock:
                    record = server.generations.get(gid)
                    if record is None:
                        return self._error(404, "resource_not_found", "Not found", f"Generation {gid} not found")
                    if record["status"] in IN_FLIGHT:
                        record.update(status="cancelled", completed_at=int(server.now()))  # no event for this
                self._send(200, {"status": "success", "generation_id": gid})

            def _model(self, path: str, body: Any, fault: Fault | None) -> None:
                name = self._last(path)
                if name not in MODELS or name in server.retired_models:
                    return self._send(404, {"error": {"message": f"Model not found: {name}"}})
                record: dict[str, Any] = {"name": name, "media_type": MODELS[name]}
                if name in server.model_pricing:
                    record["pricing"] = server.model_pricing[name]
                self._send(200, record)

            def _generate(self, path: str, body: Any, fault: Fault | None) -> None:
                if not isinstance(body, dict) or MODELS.get(body.get("model")) != "video":
                    return self._send(404, {"error": {"message": f"Model not found: {body.get('model') if isinstance(body, dict) else None}"}})
                error = model_error(body)
                if error is not None:
                    return self._error(400, "invalid_params", "Invalid parameters", error)
                gid = str(uuid.uuid4())
                if body.get("response_format") == "b64_json":
                    video = {"b64_json": base64.b64encode(server.video).decode()}
                else:
                    video = {"url": server.file_url(gid)}
                self._send(200, {"created": int(server.now()), "model": body["model"], "videos": [video]})

            # -- the event stream ----------------------------------------------------------

            def _chunk(self, text: str) -> None:
                data = text.encode()
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

            def _events(self, path: str, body: Any, fault: Fault | None) -> None:
                if not server.events_enabled:
                    return self._send(404, {"error": {"message": f"No route GET {path}"}})
                inbox: queue.Queue = queue.Queue()
                with server.lock:
                    server._subscribers.append(inbox)  # subscribed before the client sees the headers
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Cache-Control", "no-cache")
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    self.wfile.flush()
                    if fault is not None and fault.kind == "silent":
                        server._stopped.wait()
                        return self._drop()
                    delivered = 0
                    while not server._stopped.is_set():
                        if fault is not None and fault.kind == "cut" and delivered >= fault.count:
                            return self._drop()
                        try:
                            item = inbox.get(timeout=server.keepalive)
                        except queue.Empty:
                            self._chunk(": keep-alive\n\n")
                            continue
                        if item is None:
                            break
                        self._chunk(item)
                        delivered += 1
                    self._drop()
                except OSError:
                    pass  # the client went away
                finally:
                    with server.lock:
                        if inbox in server._subscribers:
                            server._subscribers.remove(inbox)

            # -- result files --------------------------------------------------------------

            def _file(self, path: str) -> None:
                query = self._query()
                token = query.get("sig", [""])[0]
                expires = query.get("exp", [None])[0]
                fault = server._take_fault("download")
                if fault is not None and fault.kind == "expire":
                    with server.lock:
                        server._dead_tokens.add(token)
                with server.lock:
                    dead = token in server._dead_tokens
                if dead or (expires is not None and time.time() > float(expires)):
                    return self._send(403, "<?xml version='1.0'?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
                                      content_type="application/xml")
                if fault is not None and fault.kind == "status":
                    return self._send(fault.status, fault.body if fault.body is not None else {"error": {"message": "injected"}}, fault.headers, fault.content_type)
                if fault is not None and fault.kind == "slow":
                    time.sleep(fault.seconds)
                if fault is not None and fault.kind == "hold":
                    fault.wait_here()
                if fault is not None and fault.kind == "endless":
                    return self._endless()
                with server.lock:
                    video = server.videos.get(unquote(path.rsplit("/", 1)[-1]).rsplit(".", 1)[0], server.video)
                start = 0
                match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", "").strip())
                if match and server.ranges:
                    start = int(match.group(1))
                    if start >= len(video):
                        return self._send(416, b"", {"Content-Range": f"bytes */{len(video)}"}, "text/plain")
                part = video[start:]
                self.send_response(206 if start else 200)
                self.send_header("Content-Type", "video/mp4")
                self.send_header("Content-Length", str(len(part)))
                self.send_header("ETag", '"v1"')
                if server.ranges:
                    self.send_header("Accept-Ranges", "bytes")
                if start:
                    self.send_header("Content-Range", f"bytes {start}-{len(video) - 1}/{len(video)}")
                self.end_headers()
                if self.command == "HEAD":
                    return None
                if fault is not None and fault.kind in ("truncate", "stall"):
                    self.wfile.write(part[: len(part) // 2])
                    self.wfile.flush()
                    if fault.kind == "stall":
                        server._stopped.wait(fault.seconds)
                    return self._drop()
                self.wfile.write(part)
                return None

            def _endless(self) -> None:
                """A body without Content-Length that never ends (until the client leaves)."""
                self.send_response(200)
                self.send_header("Content-Type", "video/mp4")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                block = b"\x00" * (1 << 16)
                try:
                    self.wfile.write(server.video[:32])
                    while not server._stopped.is_set():
                        self.wfile.write(block)
                except OSError:
                    pass

            def do_GET(self) -> None:
                self._route("GET")

            def do_HEAD(self) -> None:
                self._route("HEAD")

            def do_POST(self) -> None:
                self._route("POST")

            def do_DELETE(self) -> None:
                self._route("DELETE")

            def do_PUT(self) -> None:
                self._route("PUT")

        return Handler


if __name__ == "__main__":
    # By hand: `python -m tests.oxen_server`, then in another shell
    # OXEN_API_KEY=test-key KSCRIPT_BASE_URL=<printed URL> KSCRIPT_POLL_INTERVAL=1 \
    #   kscript submit examples/heist.kscript --yes --wait
    import sys

    server = OxenServer(key="test-key", polls_queued=2, polls_processing=3)
    server.tick = 1.0
    server.start()
    print(f"serving the Oxen API on {server.base_url} (key: test-key); Ctrl-C stops", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
        sys.exit(0)
