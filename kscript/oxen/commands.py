"""`kscript status`, `cancel` and `download`: one-off commands about known generations."""

from __future__ import annotations

from pathlib import Path

from kscript.oxen import journal
from kscript.oxen.api import ApiError, Client
from kscript.oxen.console import echo
from kscript.oxen.download import save_url
from kscript.oxen.wait import finish_wait, label_of, video_stem


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
