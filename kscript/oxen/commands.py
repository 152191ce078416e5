"""`kscript status`, `cancel` and `download`: one-off commands about known generations."""

from __future__ import annotations

import queue
from pathlib import Path

from kscript.oxen import journal
from kscript.oxen.api import ApiError, Client, normal_status
from kscript.oxen.console import echo
from kscript.oxen.download import DEFAULT_MAX_VIDEO_MB
from kscript.oxen.wait import Downloads, Saved, finish_wait, label_of, video_stem


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


def download(
    client: Client, gids: list[str], out: Path, wait: bool, timeout: float | None, max_bytes: int = DEFAULT_MAX_VIDEO_MB << 20
) -> int:
    """Save finished generations' videos, up to four at once; every id is tried, and the
    failures are listed together at the end."""
    if wait:
        return finish_wait(client, gids, out, timeout, max_bytes=max_bytes)
    known = journal.by_id()
    ids = list(dict.fromkeys(gids))
    problems: list[str] = []
    inbox: queue.Queue = queue.Queue()
    downloads = Downloads(client, out, inbox, max_bytes)
    try:
        for gid in ids:
            try:
                record = client.generation(gid)
            except ApiError as exc:
                if exc.exit_code == 3 and (exc.status in (401, 402, 403) or (exc.status is None and not exc.maybe_sent)):
                    raise  # a refused key, billing, an unreachable API: no other id will do better
                problems.append(f"{gid}: {exc.message}")
                continue
            raw = record.get("status")
            state = normal_status(raw)
            url = record.get("result_url")
            if state == "succeeded" and isinstance(url, str) and url:
                downloads.add(gid, url, video_stem(known.get(gid), gid))
            elif state in ("queued", "processing"):
                problems.append(f"{gid} is still {state}; add --wait to wait for it")
            elif state is None:
                problems.append(f"{gid}: the API reports the status {str(raw)[:60]!r}, which kscript does not know; try again later")
            else:
                message = record.get("error_message") or state
                problems.append(f"{gid} has no video: {client.redact(str(message))}")
        while downloads.active:
            item = inbox.get()
            downloads.done(item.gid)
            if isinstance(item, Saved):
                if item.gid in known:
                    try:
                        journal.record_download(item.gid, str(item.video.path), item.video.size, item.video.sha256)
                    except OSError as exc:
                        echo(f"kscript: warning: cannot write the journal ({exc.strerror or exc})", err=True)
                echo(str(item.video.path))
            else:
                problems.append(f"{item.gid}: not saved: {item.reason}; run `kscript download {item.gid}` again to retry")
    except KeyboardInterrupt:
        downloads.cancel.set()
        raise
    for problem in problems:
        echo(f"kscript: error: {problem}", err=True)
    if problems and len(ids) > 1:
        echo(f"kscript: {len(problems)} of {len(ids)} generations not saved; the others were", err=True)
    return 1 if problems else 0
