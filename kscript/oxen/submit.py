"""`kscript submit`: estimate, confirm, send, journal; the synchronous endpoint too."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from kscript.language.source import stem_of
from kscript.oxen import journal
from kscript.oxen.api import PRICES, ApiError, Client
from kscript.oxen.console import confirm, echo
from kscript.oxen.download import DEFAULT_MAX_VIDEO_MB, save_bytes, save_url
from kscript.oxen.wait import finish_wait, open_events, resume_hint


def payload_hash(request: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def estimate(compiled, generations: int | None, sync: bool) -> list[dict[str, Any]]:
    rows = []
    for c in compiled:
        model = c.request["model"]
        n = 1 if sync else (generations or c.request.get("num_generations") or 1)
        seconds = c.total_duration
        price = PRICES.get(model, 0.224)
        rows.append({"scene": c.scene.id, "shots": len(c.shots), "seconds": seconds, "n": n, "cost": seconds * price * n, "model": model})
    return rows


def money(amount: float) -> str:
    return f"${amount:.2f}"


def show_estimate(rows: list[dict[str, Any]]) -> float:
    total = sum(r["cost"] for r in rows)
    echo(f"{'scene':<10} {'shots':>5} {'seconds':>8} {'generations':>12} {'est. cost':>10}", err=True)
    for r in rows:
        echo(f"{r['scene']:<10} {r['shots']:>5} {str(r['seconds']) + 's':>8} {r['n']:>12} {money(r['cost']):>10}", err=True)
    models = sorted({r["model"] for r in rows})
    prices = ", ".join(f"{m} at ${PRICES.get(m, 0.224):.3f}/s" for m in models)
    echo(f"{'total':<10} {'':>5} {str(sum(r['seconds'] * r['n'] for r in rows)) + 's':>8} {'':>12} {money(total):>10}  ({prices})", err=True)
    return total


def dry_run(base_url: str, key: str | None, requests: list[tuple[str, dict[str, Any]]]) -> None:
    masked = "Bearer ****" if key else "Bearer <OXEN_API_KEY is not set>"
    for path, body in requests:
        echo(f"POST {base_url.rstrip('/')}{path}")
        echo(f"Authorization: {masked}")
        echo("Content-Type: application/json")
        echo("")
        echo(json.dumps(body, ensure_ascii=False, indent=2))
        echo("")


def submit(
    *,
    file: str,
    compiled,
    client: Client | None,
    base_url: str,
    key: str | None,
    sync: bool,
    generations: int | None,
    wait: bool,
    out: Path,
    dry: bool,
    yes: bool,
    max_cost: float | None,
    timeout: float | None,
    max_bytes: int = DEFAULT_MAX_VIDEO_MB << 20,
) -> int:
    rows = estimate(compiled, generations, sync)
    total = show_estimate(rows)
    if max_cost is not None and total > max_cost + 1e-9:
        echo(f"kscript: error: the estimated cost ${total:.2f} is over --max-cost ${max_cost:.2f}; nothing was sent", err=True)
        return 1
    path = "/api/ai/videos/generate" if sync else "/api/ai/queue"
    bodies = []
    for c in compiled:
        body = dict(c.request)
        if not sync and generations is not None:
            body["num_generations"] = generations
        bodies.append((c, body))
    if dry:
        dry_run(base_url, key, [(path, b) for _, b in bodies])
        echo("dry run: nothing was sent", err=True)
        return 0
    if client is None:
        raise ApiError("OXEN_API_KEY is not set: export your Oxen.ai API key first; nothing was sent", exit_code=2)
    if not yes and sys.stdin.isatty() and sys.stderr.isatty():
        if not confirm(f"Spend about ${total:.2f}?", default=False):
            echo("nothing was sent", err=True)
            return 1
    for model in sorted({body["model"] for _, body in bodies}):
        try:
            client.model(model)
        except ApiError as exc:
            if exc.status == 404:
                raise ApiError(f"the API does not know the model `{model}` ({exc.message}); nothing was sent") from None
            raise
    if sync:
        return _submit_sync(client, file, bodies, out, max_bytes)
    gids: list[str] = []
    # The API buffers no event for a client that is not listening: subscribe before enqueueing.
    stream = open_events(client) if wait else None
    for position, (c, body) in enumerate(bodies):
        try:
            generations_answer = client.enqueue(body)
        except BaseException as exc:
            if stream is not None:
                stream.close()
            if not isinstance(exc, ApiError):
                raise
            if position:  # some scenes are queued (and paid for): say how to send only the rest
                done = ", ".join(done_c.scene.id for done_c, _ in bodies[:position])
                rest = " ".join(f"--scene {later.scene.id}" for later, _ in bodies[position:])
                exc.message += f". Scenes {done} are queued and journalled; to send the rest only: kscript submit {file} {rest}"
            raise
        stamp = journal.now()
        digest = payload_hash(body)
        entries = [
            journal.Entry(g["generation_id"], file, c.scene.id, i, body["model"], digest, stamp, client.base_url)
            for i, g in enumerate(generations_answer, 1)
        ]
        journal.append(entries)  # before anything else: these are paid for
        for entry in entries:
            gids.append(entry.generation_id)
            echo(f"{entry.generation_id}\tscene {entry.scene} #{entry.index}\tqueued")
    echo(f"journalled in {journal.JOURNAL}", err=True)
    if not wait:
        echo(f"follow with: kscript status, or {resume_hint(gids).split(': ', 1)[1]}", err=True)
        return 0
    return finish_wait(client, gids, out, timeout, stream=stream, max_bytes=max_bytes)


def _submit_sync(client: Client, file: str, bodies, out: Path, max_bytes: int) -> int:
    stem = stem_of(file)
    for c, body in bodies:
        echo(f"scene {c.scene.id}: generating (this blocks for minutes)…", err=True)
        answer = client.generate(body)
        for i, video in enumerate(answer["videos"], 1):
            name = f"{stem}.{c.scene.id}.{i}"
            if isinstance(video, dict) and isinstance(video.get("b64_json"), str):
                import base64
                import binascii

                try:
                    data = base64.b64decode(video["b64_json"], validate=True)
                except (binascii.Error, ValueError):
                    raise ApiError(f"scene {c.scene.id}: the API's b64_json is not base64") from None
                path = save_bytes(data, out, name)
            elif isinstance(video, dict) and isinstance(video.get("url"), str):
                try:
                    path = save_url(client, video["url"], out, name, max_bytes=max_bytes)
                except (ApiError, OSError) as exc:
                    # Nothing else knows this URL: give it to the user before it expires.
                    reason = exc.message if isinstance(exc, ApiError) else str(exc)
                    raise ApiError(f"scene {c.scene.id}: the video was made but not saved ({reason}); fetch it now from {video['url']}") from None
            else:
                raise ApiError(f"scene {c.scene.id}: the API answered a video with neither url nor b64_json")
            echo(str(path))
    return 0
