"""`kscript status`, `cancel` and `download`: one-off commands about known generations.

What they find goes out as events (kscript/oxen/submission.py: `Said` lines, with
`result` for standard output, and `VideoSaved`), which the command line prints.
"""

from __future__ import annotations

import math
import queue
from typing import TYPE_CHECKING

from kscript.core.exits import Exit
from kscript.core.words import counted
from kscript.formats.escape import untrusted
from kscript.language.source import stem_of
from kscript.oxen import journal
from kscript.oxen.api import ApiError, Client, normal_status
from kscript.oxen.download_threads import Downloads, Saved
from kscript.oxen.lock import FolderLock
from kscript.oxen.plan import histories
from kscript.oxen.reconcile import journal_time as reconcile_time
from kscript.oxen.reconcile import reconcile, refresh
from kscript.oxen.submission import Said, VideoSaved
from kscript.oxen.wait import WaitOptions, finish_wait, label_of, video_stem

if TYPE_CHECKING:
    from kscript.oxen.submission import Events


def status(client: Client | None, gids: list[str], events: Events, cost: bool = False) -> int:
    """With ids: each one as the API tells it. Without: every scene this folder submitted,
    from the journal, after reconciling lost answers and refreshing what is in flight."""
    if gids:
        if client is None:
            raise ApiError("OXEN_API_KEY is not set: export your Oxen.ai API key first", exit_code=Exit.USAGE)
        return status_of_ids(client, gids, events, cost)
    lock = FolderLock()
    locked = client is not None and lock.acquire(wait=False)
    try:
        book = journal.load()
        if client is not None:
            if locked and book.open_intents():
                for message in reconcile(client, book):
                    events.emit(Said(message))
                unproven = book.unproven
                book = journal.load()
                book.unproven = unproven
            refresh(client, book, list(book.generations))
    finally:
        lock.release()
    if book.skipped:
        events.emit(Said(f"kscript: warning: {counted(book.skipped, 'unreadable record')} in {journal.JOURNAL} {'was' if book.skipped == 1 else 'were'} skipped"))
    if not book.generations and not book.open_intents():
        events.emit(Said(f"no generations journalled in {journal.JOURNAL} here; give ids, or --queue for the API's list"))
        return Exit.OK
    if client is None:
        events.emit(Said("OXEN_API_KEY is not set: states are as last recorded in the journal"))
    scenes: dict[tuple[str, str, bool], None] = {}  # a scene's drafts are shown apart from it
    for item in sorted([*book.generations.values(), *book.open_intents()], key=lambda x: x.time):
        scenes.setdefault((journal.script_key(item.script), item.scene, item.draft), None)
    index = histories(book)
    costs: dict[str, float | None] = {}
    events.emit(Said(f"{'scene':<28} {'generation':<38} {'status':<11} " + ("cost      " if cost else "") + "file or detail", result=True))
    for script, scene, draft in scenes:
        history = index[(script, scene, draft)]
        last = history[-1]
        what = untrusted(f"{stem_of(script)} scene {scene}" + (" draft" if draft else ""))
        if last.unanswered and last.intent is not None:
            events.emit(Said(f"{what:<28} {'(no answer)':<38} {'unknown':<11} " + ("-         " if cost else "")
                 + f"enqueue sent {reconcile_time(last.intent.time)}, answer lost; "
                 + (last.unproven or "no generation on the API is proven to be its own yet"), result=True))
            continue
        for entry in last.entries:
            label = f"{what} #{entry.index}"
            # The journal holds what the API said (states, error messages, ids): shown escaped.
            gid = untrusted(entry.generation_id)
            state = untrusted(entry.status or "queued")
            if entry.downloads:
                shown = untrusted(entry.downloads[-1].file)
            elif entry.status == "succeeded":
                shown = f"not downloaded: kscript download {gid}"
            else:
                shown = untrusted(entry.error or "")
            money = ""
            if cost and client is not None:
                costs[entry.generation_id] = charged(client, entry.generation_id)
                money = f"{format_cost(costs[entry.generation_id]):<10}"
            events.emit(Said(f"{label:<28} {gid:<38} {state:<11} {money}{shown}".rstrip(), result=True))
    if cost and client is not None:
        for gid in book.generations:  # earlier generations of these scenes were paid for too
            if gid not in costs:
                costs[gid] = charged(client, gid)
        remember_charges(book.generations, costs, events)
        total = sum(c for c in costs.values() if c is not None)
        unknown = sum(1 for c in costs.values() if c is None)
        events.emit(Said(f"spent: ${total:.2f} on {counted(len(costs), 'generation')} this folder journalled" + (f" ({unknown} not charged yet or unknown)" if unknown else ""), result=True))
    return Exit.OK


def charged(client: Client, gid: str) -> float | None:
    """The cost the API charged for a generation (GET /api/ai/generations/{id}); None when
    it has none yet (in flight) or cannot say."""
    try:
        record = client.history_record(gid)
    except ApiError as exc:
        if exc.exit_code == Exit.API:
            raise
        return None
    value = record.get("cost")
    try:
        amount = float(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else None
    except ValueError:
        return None
    return amount if amount is not None and math.isfinite(amount) and amount >= 0 else None


def remember_charges(known: dict[str, journal.Entry], costs: dict[str, float | None], events: Events) -> None:
    """Journal the charges the API reported for this folder's generations (the storyboard
    shows them offline); a journal that cannot be written only loses that."""
    for gid, amount in costs.items():
        entry = known.get(gid)
        if entry is None or amount is None or entry.charged == amount:
            continue
        try:
            journal.record_charged(gid, amount)
        except OSError as exc:
            events.emit(Said(f"kscript: warning: the charges were not journalled: {exc}"))
            return
        entry.charged = amount


def format_cost(amount: float | None) -> str:
    return "-" if amount is None else f"${amount:.3f}"


def status_of_ids(client: Client, gids: list[str], events: Events, cost: bool) -> int:
    known = journal.by_id()
    problems = 0
    total = 0.0
    costs: dict[str, float | None] = {}
    header = [f"{'generation':<38} {'what':<28} {'status':<11} " + ("cost      " if cost else "") + "detail"]

    def row(text: str) -> None:
        # The header comes with the first row: an API that cannot be reached leaves standard output empty.
        while header:
            events.emit(Said(header.pop(), result=True))
        events.emit(Said(text, result=True))

    for gid in gids:
        what = untrusted(label_of(known.get(gid), gid)) if gid in known else "-"
        shown_id = untrusted(gid)
        try:
            record = client.generation(gid)
        except ApiError as exc:
            if exc.exit_code == Exit.API:  # the API is unreachable or refuses the key: no row can do better
                raise
            problems += 1
            row(f"{shown_id:<38} {what:<28} {'?':<11} " + ("-         " if cost else "") + exc.message)
            continue
        state = untrusted(record.get("status"))
        detail = untrusted(client.redact(str(record.get("error_message") or record.get("result_url") or "")))
        money = ""
        if cost:
            amount = costs[gid] = charged(client, gid)
            total += amount or 0.0
            money = f"{format_cost(amount):<10}"
        row(f"{shown_id:<38} {what:<28} {state:<11} {money}{detail}")
    if cost:
        remember_charges(known, costs, events)
        events.emit(Said(f"spent: ${total:.2f} on {counted(len(gids), 'generation')}", result=True))
    return Exit.FAIL if problems else Exit.OK


def queue_list(client: Client, events: Events) -> int:
    items = client.queue()
    if not items:
        events.emit(Said("no generation is queued or processing"))
        return Exit.OK
    for item in items:
        gid, model, state = (untrusted(item.get(k, default)) for k, default in (("generation_id", "?"), ("model_name", ""), ("status", "?")))
        events.emit(Said(f"{gid:<38} {model:<40} {state}", result=True))
    return Exit.OK


def cancel(client: Client, gids: list[str], events: Events) -> int:
    failed = 0
    for gid in gids:
        try:
            answer = client.cancel(gid)
        except ApiError as exc:
            if exc.exit_code == Exit.API:
                raise
            failed += 1
            events.emit(Said(f"kscript: error: {untrusted(gid)}: {exc.message}"))
            continue
        events.emit(Said(f"{untrusted(gid)}\t{untrusted(answer.get('status', 'success')) if isinstance(answer, dict) else 'success'}", result=True))
    return Exit.FAIL if failed else Exit.OK


def download(client: Client, gids: list[str], options: WaitOptions, events: Events, wait: bool = False) -> int:
    """Save finished generations' videos into `options.out`, up to four at once; every id is
    tried, and the failures are listed together at the end. `wait`: wait for the unfinished
    first (within `options.timeout`)."""
    if wait:
        return finish_wait(client, gids, options, events)
    out = options.out
    assert out is not None
    known = journal.by_id()
    ids = list(dict.fromkeys(gids))
    problems: list[str] = []
    inbox: queue.Queue = queue.Queue()
    downloads = Downloads(client, out, inbox, options.max_bytes)
    try:
        for gid in ids:
            try:
                record = client.generation(gid)
            except ApiError as exc:
                if exc.exit_code == Exit.API and (exc.status in (401, 402, 403) or (exc.status is None and not exc.maybe_sent)):
                    raise  # a refused key, billing, an unreachable API: no other id will do better
                problems.append(f"{untrusted(gid)}: {exc.message}")
                continue
            raw = record.get("status")
            state = normal_status(raw)
            url = record.get("result_url")
            if state == "succeeded" and isinstance(url, str) and url:
                downloads.add(gid, url, video_stem(known.get(gid), gid))
            elif state in ("queued", "processing"):
                problems.append(f"{untrusted(gid)} is still {state}; add --wait to wait for it")
            elif state is None:
                problems.append(f"{untrusted(gid)}: the API reports the status {untrusted(repr(str(raw)[:60]))}, which kscript does not know; try again later")
            else:
                message = record.get("error_message") or state
                problems.append(f"{untrusted(gid)} has no video: {untrusted(client.redact(str(message)))}")
        while downloads.active:
            item = inbox.get()
            downloads.done(item.gid)
            if isinstance(item, Saved):
                if item.gid in known:
                    try:
                        journal.record_download(item.gid, str(item.video.path), item.video.size, item.video.sha256)
                    except OSError as exc:
                        events.emit(Said(f"kscript: warning: cannot write the journal ({exc.strerror or exc})"))
                events.emit(VideoSaved(item.video.path))
            else:
                problems.append(f"{untrusted(item.gid)}: not saved: {untrusted(item.reason)}; run `kscript download {untrusted(item.gid)}` again to retry")
    except KeyboardInterrupt:
        downloads.cancel.set()
        raise
    for problem in problems:
        events.emit(Said(f"kscript: error: {problem}"))
    if problems and len(ids) > 1:
        events.emit(Said(f"kscript: {len(problems)} of {len(ids)} generations not saved; the others were"))
    return Exit.FAIL if problems else Exit.OK
