"""submit, status, cancel and download: the commands that talk to the API.

Output goes through `Reporter` (standard error for progress, standard output
for results), so that the flows stay testable and the key never reaches it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kscript.language.source import stem_of
from kscript.oxen import journal
from kscript.oxen.api import PRICES, TERMINAL, ApiError, Client
from kscript.oxen.console import confirm, echo
from kscript.oxen.download import save_bytes, save_url


class Interrupted(Exception):
    def __init__(self, pending: list[str]) -> None:
        super().__init__("interrupted")
        self.pending = pending


class TimedOut(Exception):
    def __init__(self, pending: list[str]) -> None:
        super().__init__("timed out")
        self.pending = pending


def payload_hash(request: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


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


# -- submit ---------------------------------------------------------------------------------


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


def resume_hint(pending: list[str]) -> str:
    return "resume with: kscript download --wait " + " ".join(pending)


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
        return _submit_sync(client, file, bodies, out)
    gids: list[str] = []
    for position, (c, body) in enumerate(bodies):
        try:
            generations_answer = client.enqueue(body)
        except ApiError as exc:
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
    return finish_wait(client, gids, out, timeout)


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


def _submit_sync(client: Client, file: str, bodies, out: Path) -> int:
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
                    path = save_url(client, video["url"], out, name)
                except (ApiError, OSError) as exc:
                    # Nothing else knows this URL: give it to the user before it expires.
                    reason = exc.message if isinstance(exc, ApiError) else str(exc)
                    raise ApiError(f"scene {c.scene.id}: the video was made but not saved ({reason}); fetch it now from {video['url']}") from None
            else:
                raise ApiError(f"scene {c.scene.id}: the API answered a video with neither url nor b64_json")
            echo(str(path))
    return 0


# -- status, cancel, download -------------------------------------------------------------


def status(client: Client, gids: list[str]) -> int:
    known = journal.by_id()
    if not gids:
        if not known:
            echo(f"no generations journalled in {journal.JOURNAL} here; give ids, or --queue for the API's list", err=True)
            return 0
        gids = list(known)
    problems = 0
    echo(f"{'generation':<38} {'what':<28} {'status':<11} detail")
    for gid in gids:
        what = label_of(known.get(gid), gid) if gid in known else "-"
        try:
            record = client.generation(gid)
        except ApiError as exc:
            if exc.exit_code == 3:  # the API is unreachable or refuses the key: no row can do better
                raise
            problems += 1
            echo(f"{gid:<38} {what:<28} {'?':<11} {exc.message}")
            continue
        state = str(record.get("status"))
        detail = record.get("error_message") or record.get("result_url") or ""
        echo(f"{gid:<38} {what:<28} {state:<11} {detail}")
    return 1 if problems else 0


def queue_list(client: Client) -> int:
    items = client.queue()
    if not items:
        echo("no generation is queued or processing", err=True)
        return 0
    for item in items:
        echo(f"{item.get('generation_id', '?'):<38} {item.get('model_name', ''):<40} {item.get('status', '?')}")
    return 0


def cancel(client: Client, gids: list[str]) -> int:
    failed = 0
    for gid in gids:
        try:
            answer = client.cancel(gid)
        except ApiError as exc:
            if exc.exit_code == 3:
                raise
            failed += 1
            echo(f"kscript: error: {gid}: {exc.message}", err=True)
            continue
        echo(f"{gid}\t{answer.get('status', 'success') if isinstance(answer, dict) else 'success'}")
    return 1 if failed else 0


def download(client: Client, gids: list[str], out: Path, wait: bool, timeout: float | None) -> int:
    if wait:
        return finish_wait(client, gids, out, timeout)
    code = 0
    known = journal.by_id()
    for gid in gids:
        entry = known.get(gid)
        try:
            record = client.generation(gid)
        except ApiError as exc:
            if exc.exit_code == 3:
                raise
            echo(f"kscript: error: {gid}: {exc.message}", err=True)
            code = 1
            continue
        state = record.get("status")
        if state == "succeeded" and isinstance(record.get("result_url"), str):
            echo(str(save_url(client, record["result_url"], out, video_stem(entry, gid))))
        elif state in ("queued", "processing"):
            echo(f"kscript: error: {gid} is still {state}; add --wait to wait for it", err=True)
            code = 1
        else:
            message = record.get("error_message") or state
            echo(f"kscript: error: {gid} has no video: {message}", err=True)
            code = 1
    return code
