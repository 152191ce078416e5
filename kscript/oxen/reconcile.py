"""Bringing the journal up to date with the API before a plan, a submit or a status.

Two jobs, both writing what they learn to the journal:

- `reconcile`: an intent without an answer (the run died, or the answer was
  lost, between sending an enqueue and recording its ids) is looked for on the
  API, and a generation found there is adopted as its answer only with proof
  that it is this intent's, all of:

  - the request, as the API shows it (a history row, which has the request's
    parameters merged in, or `GET /api/ai/generations/{id}`), equals the
    intent's payload field for field: a field the API does not show cannot be
    proven, so a row showing less than the intent sent is not enough;
  - it was enqueued inside the intent's window: from the intent's time to that
    time plus the enqueue's own timeout (api.ENQUEUE_SECONDS) and `GRACE`,
    read on the API's clock (the difference measured from its `Date` header);
  - it was read from the base URL the intent was sent to;
  - it is the only candidate: exactly `num_generations` such generations, no
    more (two enqueues' worth adopt none), none claimed by the journal.

  An intent whose payload is incomplete or does not match its own hash adopts
  nothing. What stopped an adoption is kept in `Journal.unproven` for the
  plan's words; such an intent stays `pending`, then `unconfirmed`.
- `refresh`: generations whose last recorded state is in flight (or was
  never recorded) are looked up: one `GET /api/ai/queue` for all of them, then
  `GET /api/ai/queue/{id}` only for those that left the in-flight list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kscript.core.exits import Exit
from kscript.formats.escape import untrusted
from kscript.models.profiles import FIELD_ORDER
from kscript.oxen import journal
from kscript.oxen.api import ENQUEUE_SECONDS, ApiError, Client
from kscript.oxen.journal import IN_FLIGHT, Intent, Journal

# Seconds after the enqueue's timeout that a request may still be enqueued: it can reach
# the server after its client went away, though not long after.
GRACE = 30.0
# The API's stamps are whole seconds, and so is its Date header: each can read up to a
# second early.
RESOLUTION = 2.0
MAX_PAGES = 20
PAGE_SIZE = 100
_MISSING = object()


def same_api(a: str, b: str) -> bool:
    return a.rstrip("/").lower() == b.rstrip("/").lower()


def unreadable(intent: Intent) -> str | None:
    """Why the intent's payload cannot be proven against, or None."""
    payload = intent.payload
    if journal.payload_hash(payload) != intent.payload_sha256:
        return "its journalled request does not match its own hash (edited or damaged)"
    if not isinstance(payload.get("model"), str) or payload.get("model") != intent.model:
        return "its journalled request names no model, or another one than the intent"
    if "prompt" not in payload and "multi_prompt" not in payload:
        return "its journalled request has neither prompt nor multi_prompt"
    return None


def window(intent: Intent, offset: float) -> tuple[float, float]:
    """When, on the API's clock, the intent's enqueue can have been enqueued."""
    anchor = intent.time + offset
    return anchor - RESOLUTION, anchor + ENQUEUE_SECONDS + GRACE + RESOLUTION


@dataclass
class Comparison:
    missing: list[str] = field(default_factory=list)  # sent, but not shown by the API
    differing: list[str] = field(default_factory=list)


def compare(payload: dict[str, Any], shown: dict[str, Any]) -> Comparison:
    """The intent's payload against a request as the API shows it, field by field."""
    out = Comparison()
    for key, value in payload.items():
        if key == "model":
            got = shown.get("model_name", shown.get("model", _MISSING))
        elif key == "target_namespace":
            got = shown.get("target_namespace", shown.get("namespace", _MISSING))
        elif key == "num_generations":
            got = journal.generations_of(shown) if "num_generations" in shown else _MISSING
            value = journal.generations_of(payload)
        else:
            got = shown.get(key, _MISSING)
        if got is _MISSING:
            out.missing.append(key)
        elif got != value:
            out.differing.append(key)
    for key in FIELD_ORDER:  # a request field the API shows that the intent did not send
        if key not in payload and key not in ("model", "target_namespace") and key in shown and shown[key] is not None:
            if key == "num_generations" and journal.generations_of(shown) == 1:
                continue
            out.differing.append(key)
    return out


def _stamp(row: dict[str, Any]) -> float | None:
    value = row.get("enqueued_at")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _rows(client: Client, intents: list[Intent]) -> tuple[list[dict[str, Any]], bool]:
    """Candidate generations: the history back to the oldest open intent's window, and the
    in-flight list. Also whether the history answered (a deployment without it: 404)."""
    found: dict[str, dict[str, Any]] = {}
    history = True
    for model in sorted({i.model for i in intents}):
        page = 1
        while page <= MAX_PAGES:
            try:
                answer = client.history(page=page, page_size=PAGE_SIZE, model=model)
            except ApiError as exc:
                if exc.status == 404:
                    history = False
                    break  # a deployment without the history: the in-flight list must do
                raise
            earliest = min(window(i, client.clock_offset or 0.0)[0] for i in intents)
            rows = [r for r in answer["generations"] if isinstance(r, dict) and isinstance(r.get("generation_id"), str)]
            for row in rows:
                found.setdefault(row["generation_id"], {**row, "_history": True})
            stamps = [s for s in (_stamp(r) for r in rows) if s is not None]
            total = answer.get("total_pages")
            if not rows or (stamps and min(stamps) < earliest) or (isinstance(total, int) and page >= total):
                break
            page += 1
    for row in client.queue():
        if isinstance(row, dict) and isinstance(row.get("generation_id"), str):
            found.setdefault(row["generation_id"], row)
    return list(found.values()), history


@dataclass
class Verdict:
    """One intent's search: the generations proven to be its own, and the rest."""

    proven: list[tuple[dict[str, Any], float]] = field(default_factory=list)  # (row, seconds after the intent)
    unproven: dict[str, list[str]] = field(default_factory=dict)  # id -> the fields the API does not show


def examine(client: Client, intent: Intent, rows: list[dict[str, Any]], claimed: set[str], history: bool) -> Verdict:
    offset = client.clock_offset or 0.0
    start, end = window(intent, offset)
    verdict = Verdict()
    for row in rows:
        gid = row["generation_id"]
        stamp = _stamp(row)
        model = row.get("model_name", row.get("model"))
        if gid in claimed or stamp is None or not start <= stamp <= end or model != intent.model:
            continue
        seen = compare(intent.payload, row)
        if seen.differing:
            continue
        if seen.missing and history and not row.get("_history"):
            # An in-flight row shows part of the request: ask for the whole record.
            try:
                seen = compare(intent.payload, client.history_record(gid))
            except ApiError as exc:
                if exc.exit_code == Exit.API:
                    raise
            if seen.differing:
                continue
        if seen.missing:
            verdict.unproven[gid] = seen.missing
        else:
            verdict.proven.append((row, stamp - (intent.time + offset)))
    return verdict


def _ids(gids: Iterable[str]) -> str:
    return ", ".join(untrusted(gid) for gid in gids)  # ids as the API gave them: escaped


def reconcile(client: Client, book: Journal) -> list[str]:
    """Adopt, with proof, the generations of unanswered intents; return what to tell the
    user. Why an intent adopted nothing goes to `book.unproven`."""
    open_intents = sorted(book.open_intents(), key=lambda i: i.time)
    readable = []
    for intent in open_intents:
        if not same_api(intent.base_url, client.base_url):
            book.unproven[intent.request_id] = (
                f"it was sent to {untrusted(intent.base_url)} and this command reads {client.base_url}: "
                f"run it with --base-url {untrusted(intent.base_url)} to look for it there"
            )
            continue
        problem = unreadable(intent)
        if problem is not None:
            book.unproven[intent.request_id] = problem + ": no generation can be proven to be its own"
            continue
        readable.append(intent)
    if not readable:
        return []
    rows, history = _rows(client, readable)
    rows.sort(key=lambda r: _stamp(r) or 0)
    claimed = set(book.generations)
    messages = []
    for intent in readable:
        verdict = examine(client, intent, rows, claimed, history)
        wanted = intent.num_generations
        found = verdict.proven
        if len(found) != wanted:
            book.unproven[intent.request_id] = _why_not(verdict, wanted, history)
            continue
        ids = [row["generation_id"] for row, _ in found]
        delay = max(0, round(max(d for _, d in found)))
        proof = f"the request matches field for field, enqueued {delay} s after the intent, read from {client.base_url}"
        claimed.update(ids)
        entries = journal.record_enqueued(intent, ids, adopted=True, proof=proof)
        for entry, (row, _) in zip(entries, found, strict=True):
            state = row.get("status")
            if isinstance(state, str) and state != "queued":
                journal.record_status(entry.generation_id, state, _error(row))
        messages.append(
            f"scene {intent.scene}: the answer to its enqueue of {journal_time(intent.time)} was lost; "
            f"found on the API and journalled: {_ids(ids)} (adopted: {proof})"
        )
    return messages


def _why_not(verdict: Verdict, wanted: int, history: bool) -> str:
    proven = [row["generation_id"] for row, _ in verdict.proven]
    if len(proven) > wanted:
        return (f"{len(proven)} generations on the API match it field for field in its time window ({_ids(proven)}) "
                f"where it asked for {wanted}: none is adopted, since nothing tells which are its own; "
                "`kscript status --queue` shows them")
    if proven:
        return (f"only {len(proven)} of its {wanted} generations match it on the API ({_ids(proven)}): none is adopted yet; "
                "`kscript status --queue` shows them")
    if verdict.unproven:
        fields = sorted({f for missing in verdict.unproven.values() for f in missing})
        where = "the history (GET /api/ai/generations) is not served here, and the in-flight list" if not history else "the API"
        return (f"{_ids(verdict.unproven)} may be it, but {where} does not show its {', '.join(fields)}: "
                "nothing proves it is this folder's, so none is adopted; `kscript status --queue` shows them")
    return "no generation on the API matches it field for field in its time window"


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
                if exc.exit_code == Exit.API:
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
