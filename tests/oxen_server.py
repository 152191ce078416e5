"""A local stand-in for the Oxen video API, speaking the protocol API.md documents.

A real HTTP server on 127.0.0.1 (a free port), run in a thread: Bearer auth,
both documented error shapes, enqueue-time checks (model, num_generations,
key, credits), run-time model checks that end a generation as `failed` with
the API's message, the queue lifecycle, cancel, list, file downloads and sync
responses. Faults are queued per route and used up one request at a time.

Result URLs name `localhost` while the API is `127.0.0.1`: another origin, so
a test can see that the key never travels to it.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MODELS = {
    "kling-video-o3-pro-reference-to-video": "video",
    "kling-video-o3-omni": "video",
    "some-image-model": "image",
}
VIDEO = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 64


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


@dataclass
class Fault:
    kind: str  # "status", "slow", "drop", "truncate", "lost" (do the work, then drop the answer)
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    seconds: float = 0.0


class OxenServer:
    def __init__(self, key: str = "test-key", polls_queued: int = 1, polls_processing: int = 1) -> None:
        self.key = key
        self.polls_queued = polls_queued
        self.polls_processing = polls_processing
        self.credits = True
        self.runtime_failure: str | None = None  # e.g. a safety filter: fails jobs kscript cannot foresee
        self.lock = threading.Lock()
        self.generations: dict[str, dict[str, Any]] = {}
        self.polls: dict[str, int] = {}
        self.faults: dict[str, list[Fault]] = {}
        self.log: list[tuple[str, str, str | None]] = []  # (method, path, Authorization header)
        self.enqueued = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def file_url(self, gid: str) -> str:
        return f"http://localhost:{self.port}/files/{gid}.mp4?sig=test"

    def start(self) -> OxenServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fault(self, route: str, *faults: Fault) -> None:
        with self.lock:
            self.faults.setdefault(route, []).extend(faults)

    def _take_fault(self, route: str) -> Fault | None:
        with self.lock:
            queue = self.faults.get(route)
            return queue.pop(0) if queue else None

    def requests_to(self, method: str, prefix: str) -> list[tuple[str, str, str | None]]:
        with self.lock:
            return [r for r in self.log if r[0] == method and r[1].startswith(prefix)]

    # -- the lifecycle ---------------------------------------------------------------------

    def _advance(self, gid: str) -> dict[str, Any]:
        record = self.generations[gid]
        self.polls[gid] = self.polls.get(gid, 0) + 1
        count = self.polls[gid]
        if record["status"] == "queued" and count > self.polls_queued:
            record["status"] = "processing"
            record["started_at"] = int(time.time())
            error = self.runtime_failure or model_error(record["request"])
            if error is not None:
                record.update(status="failed", error_message=error, completed_at=int(time.time()))
        elif record["status"] == "processing" and count > self.polls_queued + self.polls_processing:
            record.update(status="succeeded", result_url=self.file_url(gid), completed_at=int(time.time()))
        return record

    @staticmethod
    def _public(record: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in record.items() if k != "request"}
        out.update({k: v for k, v in record["request"].items() if k in ("prompt", "multi_prompt", "aspect_ratio")})
        return out

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode() if not isinstance(body, bytes) else body
                self.send_response(status)
                self.send_header("Content-Type", "application/json" if not isinstance(body, bytes) else "video/mp4")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
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
                with server.lock:
                    server.log.append((method, path, auth))
                body = self._body() if method in ("POST", "PUT") else None
                if path.startswith("/files/"):
                    return self._file(path)
                route = {
                    ("POST", "/api/ai/queue"): "enqueue",
                    ("GET", "/api/ai/queue"): "list",
                    ("POST", "/api/ai/videos/generate"): "generate",
                }.get((method, path))
                if route is None and path.startswith("/api/ai/queue/"):
                    route = {"GET": "get", "DELETE": "cancel"}.get(method)
                if route is None and path.startswith("/api/ai/models/") and method == "GET":
                    route = "model"
                if route is None:
                    return self._send(404, {"error": {"message": f"No route {method} {path}"}})
                fault = server._take_fault(route)
                if fault is not None and fault.kind == "slow":
                    time.sleep(fault.seconds)
                elif fault is not None and fault.kind == "status":
                    return self._send(fault.status, fault.body if fault.body is not None else {"error": {"type": "unknown_error", "title": "Server error", "detail": "injected"}}, fault.headers)
                elif fault is not None and fault.kind == "drop":
                    return self._drop()
                if auth != f"Bearer {server.key}":
                    return self._error(401, "unauthenticated", "Unauthorized", "Invalid or missing API key")
                if body is ValueError:
                    return self._error(400, "invalid_params", "Invalid JSON", "The request body is not JSON")
                getattr(self, "_" + route)(path, body, fault)

            def _enqueue(self, path: str, body: Any, fault: Fault | None) -> None:
                if not isinstance(body, dict):
                    return self._error(400, "invalid_params", "Invalid body", "The request body must be an object")
                model = body.get("model")
                if MODELS.get(model) != "video":
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
                        gid = str(uuid.uuid4())
                        server.generations[gid] = {
                            "generation_id": gid, "model_name": model, "media_type": "video", "status": "queued",
                            "result_url": None, "error_message": None, "enqueued_at": int(time.time()),
                            "started_at": None, "completed_at": None, "request": body,
                        }
                        out.append({"generation_id": gid, "status": "queued"})
                if fault is not None and fault.kind == "lost":
                    return self._drop()  # enqueued and billed, but the answer never arrives
                self._send(200, {"generations": out})

            def _get(self, path: str, body: Any, fault: Fault | None) -> None:
                gid = path.rsplit("/", 1)[-1]
                with server.lock:
                    if gid not in server.generations:
                        return self._error(404, "resource_not_found", "Not found", f"Generation {gid} not found")
                    record = server._public(server._advance(gid))
                self._send(200, record)

            def _list(self, path: str, body: Any, fault: Fault | None) -> None:
                wanted = parse_qs(urlsplit(self.path).query).get("status", [None])[0]
                with server.lock:
                    items = [server._public(r) for r in server.generations.values() if (r["status"] == wanted if wanted else r["status"] in ("queued", "processing"))]
                self._send(200, {"generations": items})

            def _cancel(self, path: str, body: Any, fault: Fault | None) -> None:
                gid = path.rsplit("/", 1)[-1]
                with server.lock:
                    record = server.generations.get(gid)
                    if record is None:
                        return self._error(404, "resource_not_found", "Not found", f"Generation {gid} not found")
                    if record["status"] in ("queued", "processing"):
                        record.update(status="cancelled", completed_at=int(time.time()))
                self._send(200, {"status": "success", "generation_id": gid})

            def _model(self, path: str, body: Any, fault: Fault | None) -> None:
                name = path.rsplit("/", 1)[-1]
                if name not in MODELS:
                    return self._send(404, {"error": {"message": f"Model not found: {name}"}})
                self._send(200, {"name": name, "media_type": MODELS[name]})

            def _generate(self, path: str, body: Any, fault: Fault | None) -> None:
                if not isinstance(body, dict) or MODELS.get(body.get("model")) != "video":
                    return self._send(404, {"error": {"message": f"Model not found: {body.get('model') if isinstance(body, dict) else None}"}})
                error = model_error(body)
                if error is not None:
                    return self._error(400, "invalid_params", "Invalid parameters", error)
                gid = str(uuid.uuid4())
                if body.get("response_format") == "b64_json":
                    video = {"b64_json": base64.b64encode(VIDEO).decode()}
                else:
                    video = {"url": server.file_url(gid)}
                self._send(200, {"created": int(time.time()), "model": body["model"], "videos": [video]})

            def _file(self, path: str) -> None:
                fault = server._take_fault("download")
                if fault is not None and fault.kind == "status":
                    return self._send(fault.status, {"error": {"message": "injected"}}, fault.headers)
                if fault is not None and fault.kind == "truncate":
                    self.send_response(200)
                    self.send_header("Content-Type", "video/mp4")
                    self.send_header("Content-Length", str(len(VIDEO)))
                    self.end_headers()
                    self.wfile.write(VIDEO[: len(VIDEO) // 2])
                    self.wfile.flush()
                    return self._drop()
                if fault is not None and fault.kind == "slow":
                    time.sleep(fault.seconds)
                self._send(200, VIDEO)

            def do_GET(self) -> None:
                self._route("GET")

            def do_POST(self) -> None:
                self._route("POST")

            def do_DELETE(self) -> None:
                self._route("DELETE")

        return Handler


if __name__ == "__main__":
    # By hand: `python -m tests.oxen_server`, then in another shell
    # OXEN_API_KEY=test-key KSCRIPT_BASE_URL=<printed URL> KSCRIPT_POLL_INTERVAL=1 \
    #   kscript submit examples/heist.kscript --yes --wait
    import sys

    server = OxenServer(key="test-key", polls_queued=2, polls_processing=3).start()
    print(f"serving the Oxen API on {server.base_url} (key: test-key); Ctrl-C stops", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
        sys.exit(0)
