"""Bringing the journal up to date with the API before a plan, a submit or a status.

Two jobs, both writing what they learn to the journal:

- `reconcile`: an intent without an answer (the run died, or the answer was
  lost, between sending an enqueue and recording its ids) is looked for on the
  API. A generation matches when its model and every request parameter the API
  shows (the history merges them into each row; the in-flight list shows
  some) equal the intent's payload, it was enqueued no earlier than the intent
  (less `SKEW` for clocks that disagree), and no journal record claims its id.
  Up to `num_generations` matches, oldest first, are adopted as the intent's
  answer. An intent that finds nothing stays open: the plan calls its scene
  `pending`, then `unconfirmed` after the grace period (plan.GRACE_SECONDS).
- `refresh`: generations whose last recorded state is in flight (or was
  never recorded) are looked up: one `GET /api/ai/queue` for all of them, then
  `GET /api/ai/queue/{id}` only for those that left the in-flight list.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kscript.oxen import journal
from kscript.oxen.api import ApiError, Client
from kscript.oxen.journal import IN_FLIGHT, Intent, Journal

SKEW = 300.0  # seconds: this machine's clock and the API's may disagree
MAX_PAGES = 20
PAGE_SIZE = 100
# Parameters that may be absent from an API row, or differ in form, without
# saying that the generation is another request.
_NOT_COMPARED = {"model", "num_generations", "target_namespace"}


def _rows(client: Client, intents: list[Intent]) -> list[dict[str, Any]]:
    """Candidate generations: the history back to the oldest open intent, and the in-flight list."""
    earliest = min(i.time for i in intents) - SKEW
    found: dict[str, dict[str, Any]] = {}
    for model in sorted({i.model for i in intents}):
        page = 1
        while page <= MAX_PAGES:
            try:
                answer = client.history(page=page, page_size=PAGE_SIZE, model=model)
            except ApiError as exc:
                if exc.status == 404:
                    break  # a deployment without the history: the in-flight list must do
                raise
            rows = [r for r in answer["generations"] if isinstance(r, dict) and isinstance(r.get("generation_id"), str)]
            for row in rows:
                found.setdefault(row["generation_id"], row)
            stamps = [r.get("enqueued_at") for r in rows if isinstance(r.get("enqueued_at"), int | float)]
            total = answer.get("total_pages")
            if not rows or (stamps and min(stamps) < earliest) or (isinstance(total, int) and page >= total):
                break
            page += 1
    for row in client.queue():
        if isinstance(row, dict) and isinstance(row.get("generation_id"), str):
            found.setdefault(row["generation_id"], row)
    return list(found.values())


def matches(intent: Intent, row: dict[str, Any]) -> bool:
    model = row.get("model_name", row.get("model"))
    if model is not None and model != intent.model:
        return False
    stamp = row.get("enqueued_at")
    if isinstance(stamp, int | float) and not isinstance(stamp, bool) and stamp < intent.time - SKEW:
        return False
    if "num_generations" in row and journal.generations_of(row) != intent.num_generations:
        return False
    payload = intent.payload
    if not any(k in row for k in ("prompt", "multi_prompt")):
        return False  # nothing to recognise the request by
    return all(row[key] == value for key, value in payload.items() if key not in _NOT_COMPARED and key in row)


def reconcile(client: Client, book: Journal) -> list[str]:
    """Adopt the generations of unanswered intents; return what to tell the user."""
    open_intents = sorted(book.open_intents(), key=lambda i: i.time)
    if not open_intents:
        return []
    rows = sorted(_rows(client, open_intents), key=lambda r: (r.get("enqueued_at") or 0))
    claimed = set(book.generations)
    messages = []
    for intent in open_intents:
        found = [r for r in rows if r["generation_id"] not in claimed and matches(intent, r)][: intent.num_generations]
        if not found:
            continue
        ids = [r["generation_id"] for r in found]
        claimed.update(ids)
        entries = journal.record_enqueued(intent, ids, adopted=True)
        for entry, row in zip(entries, found, strict=True):
            state = row.get("status")
            if isinstance(state, str) and state != "queued":
                journal.record_status(entry.generation_id, state, _error(row))
        messages.append(
            f"scene {intent.scene}: the answer to its enqueue of {journal_time(intent.time)} was lost; "
            f"found on the API and journalled: {', '.join(ids)}"
        )
    return messages


def refresh(client: Client, book: Journal, gids: Iterable[str]) -> int:
    """Look up the generations not known to have ended; record what changed. Returns how many changed."""
    wanted = [g for g in dict.fromkeys(gids) if g in book.generations and (book.generations[g].status or "queued") in IN_FLIGHT]
    if not wanted:
        return 0
    listed = {r["generation_id"]: r for r in client.queue() if isinstance(r, dict) and isinstance(r.get("generation_id"), str)}
    changed = 0
    for gid in wanted:
        entry = book.generations[gid]
        row = listed.get(gid)
        if row is None:
            try:
                row = client.generation(gid)
            except ApiError as exc:
                if exc.exit_code == 3:
                    raise
                continue  # e.g. 404: say nothing new about it
        state = row.get("status")
        if not isinstance(state, str):
            continue
        state = state.lower()
        if state == (entry.status or "queued"):  # an id's first state is queued: not news
            continue
        error = _error(row)
        journal.record_status(gid, state, error)
        entry.status, entry.error = state, error
        changed += 1
    return changed


def _error(row: dict[str, Any]) -> str | None:
    message = row.get("error_message", row.get("error"))
    return message if isinstance(message, str) and message else None


def journal_time(stamp: float) -> str:
    import time

    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(stamp))
