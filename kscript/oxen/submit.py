"""`kscript plan` and `kscript submit`: compare with the journal, confirm, send what changed.

Submit applies the plan (plan.py): under the folder lock it reconciles
unanswered enqueues with the API, refreshes the states of generations in
flight, plans, asks to confirm the cost of what it will send, and sends only
`new`, `changed` and `retry` scenes (every selected scene with `--force`). Each
enqueue is preceded by an intent record and followed by its ids in the
journal. A Ctrl-C during an enqueue waits for that answer and records it.
The synchronous endpoint (`--sync`) has no ids to journal: it always sends.
"""

from __future__ import annotations

import functools
import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kscript.core.exits import Exit
from kscript.core.words import counted
from kscript.formats.escape import json_text, untrusted
from kscript.language.source import stem_of
from kscript.oxen import journal
from kscript.oxen.api import ApiError, Client
from kscript.oxen.console import confirm, echo
from kscript.oxen.journal import JournalError
from kscript.oxen.lock import FolderLock
from kscript.oxen.plan import ScenePlan, decide, histories
from kscript.oxen.pricing import estimate, money, price_tag, prices_for, prices_note
from kscript.oxen.reconcile import reconcile, refresh
from kscript.oxen.video_transfer import DEFAULT_MAX_VIDEO_MB, save_bytes, save_url
from kscript.oxen.wait import finish_wait, open_events, resume_command, resume_hint

if TYPE_CHECKING:
    from kscript.models.live import Prices

payload_hash = journal.payload_hash


def bodies_of(compiled, generations: int | None, sync: bool) -> list[tuple[Any, dict[str, Any]]]:
    out = []
    for c in compiled:
        body = dict(c.request)
        if not sync and generations is not None:
            body["num_generations"] = generations
        out.append((c, body))
    return out



def show_estimate(rows: list[dict[str, Any]], prices: Prices) -> float:
    total = sum(r["cost"] for r in rows)
    echo(f"{'scene':<10} {'shots':>5} {'seconds':>8} {'generations':>12} {'est. cost':>10}", err=True)
    for r in rows:
        echo(f"{r['scene']:<10} {r['shots']:>5} {str(r['seconds']) + 's':>8} {r['n']:>12} {money(r['cost']):>10}", err=True)
    echo(f"{'total':<10} {'':>5} {str(sum(r['seconds'] * r['n'] for r in rows)) + 's':>8} {'':>12} {money(total):>10}  ({prices_note([r['body'] for r in rows], prices)})", err=True)
    return total


def dry_run(base_url: str, key: str | None, requests: list[tuple[str, dict[str, Any]]]) -> None:
    masked = "Bearer ****" if key else "Bearer <OXEN_API_KEY is not set>"
    for path, body in requests:
        echo(f"POST {base_url.rstrip('/')}{path}")
        echo(f"Authorization: {masked}")
        echo("Content-Type: application/json")
        echo("")
        echo(json_text(json.dumps(body, ensure_ascii=False, indent=2)))
        echo("")


# -- planning ------------------------------------------------------------------------------------


def prepare(client: Client | None, locked: bool) -> tuple[journal.Journal, list[str]]:
    """The journal, brought up to date with the API: unanswered enqueues reconciled (only
    under the lock: another run's enqueue in flight is not ours to judge), states refreshed."""
    book = journal.load()
    notes: list[str] = []
    if client is None:
        return book, notes
    if locked and book.open_intents():
        notes += reconcile(client, book)
        unproven = book.unproven
        book = journal.load()
        book.unproven = unproven
    return book, notes


def make_plans(book: journal.Journal, script: str, bodies, force: bool, prices: Prices, draft: bool = False, assets=None) -> list[ScenePlan]:
    """Each scene's plan against what was sent of it before: its real generations, or with
    `draft` its drafts (a draft never stands for the real scene, nor the reverse). Chains
    and local files (`assets`, the assets pass's Resolution) are said in the plans:
    kscript.oxen.uploads.adjust_plans."""
    from kscript.models.live import billed_seconds

    now = journal.now()
    index = histories(book)  # one pass over the journal for all the scenes
    plans = []
    for c, body in bodies:
        seconds, assumed = billed_seconds(c)  # a model without duration bills the input video's length
        if assumed:
            echo(f"note: {assumed}", err=True)
        plans.append(decide(index.get((script, c.scene.id, draft), []), c.scene.id, body, seconds, prices.of(str(body.get("model"))).for_request(body), force, now))
    if not draft:
        from kscript.oxen.uploads import adjust_plans

        adjust_plans(plans, [c for c, _ in bodies], assets, book)
    return plans


def refresh_scenes(client: Client | None, book: journal.Journal, script: str, bodies, draft: bool = False) -> None:
    """Ask the API about the generations these scenes' plans depend on, then record what changed."""
    if client is None:
        return
    index = histories(book)
    gids = [e.generation_id for c, _ in bodies for s in index.get((script, c.scene.id, draft), []) for e in s.entries]
    refresh(client, book, gids)


def show_plan(plans: list[ScenePlan], err: bool, prices: Prices) -> float:
    total = sum(p.cost for p in plans)
    echo(f"{'scene':<10} {'action':<12} {'seconds':>8} {'generations':>11} {'cost':>9}  detail", err=err)
    for p in plans:
        cost = money(p.cost) if p.send or p.waiting else "-"
        echo(f"{p.scene:<10} {p.action + (' (forced)' if p.send and p.action not in ('new', 'changed', 'retry') else ''):<12} "
             f"{str(p.seconds) + 's':>8} {p.generations:>11} {cost:>9}  {detail(p)}".rstrip(), err=err)
    sent = [p for p in plans if p.send or p.waiting]
    seconds = sum(p.seconds * p.generations for p in sent)
    note = f"  ({prices_note([p.body for p in sent], prices)})" if sent else ""
    echo(f"{'to send':<10} {len(sent):>3} of {len(plans):<5} {str(seconds) + 's':>8} {'':>11} {money(total):>9}{note}", err=err)
    unpublished = sorted({p.model for p in sent if price_tag(prices, p.model) == " unconfirmed"})
    if unpublished:
        echo("the estimate is unconfirmed: no published price for " + ", ".join(f"`{m}`" for m in unpublished) + " (`kscript models --check` asks the API)", err=err)
    return total


def detail(p: ScenePlan) -> str:
    """The plan's detail column; its ids, states and notes come from the journal, which holds
    what the API said: escaped."""
    if p.waiting:
        return untrusted("; ".join([*p.changes, p.note or ""]) if p.changes else (p.note or ""))
    if p.action == "changed":
        return "changed: " + untrusted("; ".join(p.changes)) if p.changes else ""
    if p.action in ("unchanged", "retry"):
        states = ", ".join(f"{untrusted(g[:8])} {untrusted(s)}" for g, s in zip(p.generation_ids, p.states, strict=False))
        return states + (f" ({untrusted(p.note)})" if p.note else "")
    return untrusted(p.note or "")


def plan_command(
    *, file: str, compiled, client: Client | None, base_url: str, generations: int | None, force: bool, fmt: str, draft: bool = False,
    assets=None,
) -> int:
    """`kscript plan`: what submit would send; sends nothing."""
    script = journal.script_key(file)
    bodies = bodies_of(compiled, generations, sync=False)
    prices = prices_for(base_url)
    lock = FolderLock()
    locked = client is not None and lock.acquire(wait=False)
    try:
        book, notes = prepare(client, locked)
        refresh_scenes(client, book, script, bodies, draft)
    finally:
        lock.release()
    plans = make_plans(book, script, bodies, force, prices, draft, assets)
    gone = priced(client, plans, prices) if client is not None else []
    from kscript.oxen import uploads

    to_upload = uploads.plan_uploads(plans, [c for c, _ in bodies], assets, book)
    for note in notes:
        echo(note, err=True)
    if book.skipped:
        echo(f"kscript: warning: {counted(book.skipped, 'unreadable record')} in {journal.JOURNAL} {'was' if book.skipped == 1 else 'were'} skipped", err=True)
    for model in gone:
        from kscript.models.live import successor_text

        echo(f"kscript: warning: the API no longer serves `{model}`: submit will refuse it; {successor_text(model)}", err=True)
    if client is None:
        echo("OXEN_API_KEY is not set: states are as last recorded in the journal, and unanswered enqueues are not checked", err=True)
    elif not locked and book.open_intents():
        echo("another kscript run is sending from this folder: its unanswered enqueues were not checked", err=True)
    if fmt == "json":
        echo(json_text(json.dumps({"scenes": [p.as_json() for p in plans], "cost": round(sum(p.cost for p in plans), 6),
                                   "uploads": uploads.uploads_json(to_upload)}, ensure_ascii=False, indent=2)))
    else:
        show_plan(plans, err=False, prices=prices)
        uploads.show_uploads(to_upload, plans, assets.repo if assets is not None else None, err=False)
    return 0


# -- submit --------------------------------------------------------------------------------------


class PauseInterrupted(Exception):
    """Ctrl-C during a pause between enqueue attempts: the last attempt provably did not
    enqueue (429, 503, no connection), so there is no answer to wait for."""


class DeferredInterrupt:
    """Ctrl-C while an enqueue is in flight: remember it, let the answer arrive and be
    journalled, then stop. In a pause between attempts it stops at once (`sleep`).
    (Only in the main thread, where signals are delivered.)"""

    def __init__(self) -> None:
        self.hit = False
        self._old: Any = None

    def __enter__(self) -> DeferredInterrupt:
        if threading.current_thread() is threading.main_thread():
            self._old = signal.signal(signal.SIGINT, self._handler)
        return self

    def _handler(self, signum: int, frame: Any) -> None:
        if not self.hit:
            echo("\nCtrl-C: waiting for the answer to the enqueue in flight (it may be billed), then stopping…", err=True)
        self.hit = True

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)

    def sleeper(self, sleep: Any) -> Any:
        """`sleep`, in slices, raising PauseInterrupted once Ctrl-C was pressed."""

        def interruptible(seconds: float) -> None:
            end = time.monotonic() + max(0.0, seconds)
            while True:
                if self.hit:
                    raise PauseInterrupted()
                left = end - time.monotonic()
                if left <= 0:
                    return
                sleep(min(left, 0.1))

        return interruptible


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
    force: bool = False,
    max_bytes: int = DEFAULT_MAX_VIDEO_MB << 20,
    draft: bool = False,
    assets=None,
    state: dict | None = None,
) -> int:
    """`state` (when given) learns which scenes still wait for another's last frame
    (`state["waiting"]`), so that `submit --wait` can go round again once they can be sent."""
    bodies = bodies_of(compiled, generations, sync)
    state = {} if state is None else state
    prices = prices_for(base_url)
    if sync:
        chained = [c for c in compiled if c.after]
        if chained:
            c = chained[0]
            raise ApiError(f"scene {c.scene.id} starts from the last frame of scene {c.after[0]}: --sync cannot run a chain; "
                           f"`kscript submit --wait {file}` can; nothing was sent", exit_code=Exit.USAGE)
        return _submit_sync_flow(file, compiled, client, base_url, key, bodies, out, dry, yes, max_cost, max_bytes, prices, draft, assets)
    script = journal.script_key(file)
    if dry:
        try:
            book = journal.load()
        except JournalError as exc:
            echo(f"kscript: warning: {exc}; planning as if nothing was sent before", err=True)
            book = journal.Journal()
        plans = make_plans(book, script, bodies, force, prices, draft, assets)
        show_plan(plans, err=True, prices=prices)
        from kscript.oxen import uploads

        to_upload = uploads.plan_uploads(plans, [c for c, _ in bodies], assets, book)
        uploads.show_uploads(to_upload, plans, assets.repo if assets is not None else None, err=True)
        uploads.dry_run_uploads(base_url, key, assets.repo if assets is not None else None, to_upload)
        dry_run(base_url, key, [("/api/ai/queue", p.body) for p in plans if p.send])
        echo("dry run: nothing was sent (the plan is from the journal alone: states as last recorded)", err=True)
        return 0
    if client is None:
        raise ApiError("OXEN_API_KEY is not set: export your Oxen.ai API key first; nothing was sent", exit_code=Exit.USAGE)
    try:
        journal.check_writable()
    except JournalError as exc:
        raise ApiError(f"{exc}; every generation must be journalled before it is paid for, so nothing was sent", exit_code=Exit.FAIL) from None
    lock = FolderLock()
    try:
        return _apply(file, script, bodies, client, lock, wait, out, yes, max_cost, timeout, force, max_bytes, prices, draft, assets, state)
    finally:
        lock.release()


def _apply(file: str, script: str, bodies, client: Client, lock: FolderLock, wait: bool, out: Path, yes: bool,
           max_cost: float | None, timeout: float | None, force: bool, max_bytes: int, prices: Prices, draft: bool,
           assets=None, state: dict | None = None) -> int:
    from kscript.oxen import uploads

    state = {} if state is None else state
    try:
        if not lock.acquire(wait=True):
            raise ApiError(f"cannot take the lock {lock.path}; nothing was sent", exit_code=Exit.FAIL)
        book, notes = prepare(client, locked=True)
        for note in notes:
            echo(note, err=True)
        if book.skipped:
            echo(f"kscript: warning: {counted(book.skipped, 'unreadable record')} in {journal.JOURNAL} {'was' if book.skipped == 1 else 'were'} skipped", err=True)
        refresh_scenes(client, book, script, bodies, draft)
        plans = make_plans(book, script, bodies, force, prices, draft, assets)
        # Before the cost is shown and confirmed: refuse a model the API no longer serves, and
        # price with what this API answers (the answers are cached a day).
        priced(client, plans, prices, refuse=True)
        total = show_plan(plans, err=True, prices=prices)
        to_upload = uploads.plan_uploads(plans, [c for c, _ in bodies], assets, book)
        uploads.show_uploads(to_upload, plans, assets.repo if assets is not None else None, err=True)
        to_send = [p for p in plans if p.send]
        waiting = [p for p in plans if p.waiting]
        state["waiting"] = [p.scene for p in waiting]
        if not wait:
            for p in waiting:
                echo(f"scene {p.scene}: not sent: it {p.note}; `kscript submit --wait {file}` sends it once that video is downloaded", err=True)
        held = [p for p in plans if p.action in ("pending", "unconfirmed") and not p.send]
        for p in held:
            echo(f"scene {p.scene}: not sent: {untrusted(p.note)}", err=True)
        resumable = resumable_ids(book, plans)
        if not to_send:
            echo("nothing to send: " + ("every selected scene is unchanged" if not held and not waiting
                                        else "the other scenes are unchanged" if not waiting else "the other scenes wait or are unchanged"), err=True)
            lock.release()
            code = 1 if held else 0
            if wait and resumable:
                return max(code, finish_wait(client, resumable, out, timeout, max_bytes=max_bytes, command=resume_command()))
            return code
        if max_cost is not None and total > max_cost + 1e-9:
            echo(f"kscript: error: the estimated cost ${total:.2f} of what would be sent is over --max-cost ${max_cost:.2f}; nothing was sent", err=True)
            return 1
        if not yes and sys.stdin.isatty() and sys.stderr.isatty():
            skipped = len(plans) - len(to_send) - len(waiting)
            later = f" now and {len(waiting)} once the frames they start from are ready," if waiting and wait else ""
            question = f"Send {counted(len(to_send), 'scene')}{later} for about ${total:.2f}" + (f" ({skipped} skipped)" if skipped else "") + "?"
            if not confirm(question, default=False):
                echo("nothing was sent", err=True)
                return 1
        # Every file a request names is uploaded and journalled before the request is sent.
        uploads.upload_all(client, assets.repo if assets is not None else "", to_upload)
        # The API buffers no event for a client that is not listening: subscribe before enqueueing.
        stream = open_events(client) if wait else None
        try:
            code, gids = enqueue_all(client, file, script, to_send, draft)  # defers Ctrl-C while an enqueue is in flight
        except BaseException:
            if stream is not None:
                stream.close()
            raise
    except KeyboardInterrupt:
        echo("\ninterrupted before sending: nothing was sent", err=True)
        return Exit.INTERRUPTED
    finally:
        lock.release()
    if code != 0:
        if stream is not None:
            stream.close()
        return code
    echo(f"journalled in {journal.JOURNAL}", err=True)
    if stream is None:
        echo(f"follow with: kscript status, or {resume_hint(gids, resume_command()).split(': ', 1)[1]}", err=True)
        return 1 if held else 0
    code = finish_wait(client, gids + [g for g in resumable if g not in gids], out, timeout, stream=stream, max_bytes=max_bytes, command=resume_command())
    return max(code, 1 if held else 0)


def resumable_ids(book: journal.Journal, plans: list[ScenePlan]) -> list[str]:
    """The skipped scenes' generations that `submit --wait` still waits for: in flight, or
    succeeded but never downloaded."""
    out = []
    for p in plans:
        if p.send or p.action != "unchanged":
            continue
        for gid in p.generation_ids:
            entry = book.generations.get(gid)
            if entry is None:
                continue
            if entry.status != "succeeded" or not entry.downloads:
                out.append(gid)
    return out


def check_models(client: Client, models: set[str]) -> None:
    """Refuse before sending when the API no longer serves a model, naming its successor
    (the answers are cached a day: kscript.models.live)."""
    from kscript.oxen.served import ensure_served

    ensure_served(client, sorted(models))


def priced(client: Client, plans: list[ScenePlan], prices: Prices, refuse: bool = False) -> list[str]:
    """Price the plans with what the API at `prices.base_url` answers about the models of the
    scenes to send (asked once a day, then cached). `refuse`: a model it no longer serves
    stops here, before any cost is shown or confirmed. Returns the models it does not serve."""
    from kscript.models.live import MISSING
    from kscript.oxen.served import check, ensure_served

    models = sorted({p.model for p in plans if p.send})
    if not models:
        return []
    statuses = ensure_served(client, models) if refuse else check(client, models, use_cache=True)
    prices.forget()
    for p in plans:
        p.estimate = p.seconds * prices.of(p.model).for_request(p.body) * p.generations
        p.describe_lost()
    return [s.model for s in statuses if s.state == MISSING]


def enqueue_all(client: Client, file: str, script: str, to_send: list[ScenePlan], draft: bool = False) -> tuple[int, list[str]]:
    """Send each scene: intent, enqueue, ids, in that order, each on disk before the next step."""
    gids: list[str] = []
    queued: list[str] = []

    def rest_hint(position: int) -> str:
        rest = " ".join(f"--scene {p.scene}" for p in to_send[position:])
        return f"to send the rest: kscript submit {file} {rest}" if rest else ""

    interrupt = DeferredInterrupt()
    real_sleep = client.sleep
    client.sleep = interrupt.sleeper(real_sleep)
    try:
        with interrupt:
            return _enqueue_each(client, file, script, to_send, interrupt, gids, queued, rest_hint, draft)
    finally:
        client.sleep = real_sleep


def _enqueue_each(client: Client, file: str, script: str, to_send: list[ScenePlan], interrupt: DeferredInterrupt,
                  gids: list[str], queued: list[str], rest_hint: Any, draft: bool) -> tuple[int, list[str]]:
    for position, p in enumerate(to_send):
        if interrupt.hit:
            break
        try:
            intent = journal.record_intent(script, p.scene, p.body, p.payload_sha256, client.base_url, draft=draft)
        except JournalError as exc:
            echo(f"kscript: error: {exc}; scene {p.scene} was not sent" + _so_far(queued), err=True)
            return 1, gids
        try:
            answer = client.enqueue(p.body, before_retry=functools.partial(journal.record_retry, intent))
        except PauseInterrupted:
            _best_effort(journal.record_not_sent, intent, "interrupted (Ctrl-C) while the API asked to wait; not enqueued")
            break
        except ApiError as exc:
            if exc.maybe_sent:
                # Billed or not, nobody knows yet: leave the intent open and look for it at once.
                found = _look_for(client, p.scene)
                exc.message = (f"scene {p.scene}: {exc.message}" + (f". {found}" if found else
                               ". The next `kscript plan`, `submit` or `status` looks for it on the API and journals it") + _so_far(queued))
                raise
            _best_effort(journal.record_not_sent, intent, exc.message)
            exc.message = f"scene {p.scene}: {exc.message}; it was not enqueued"
            if queued:
                exc.message += f". Scenes {', '.join(queued)} are queued and journalled; {rest_hint(position)}"
            raise
        ids = [g["generation_id"] for g in answer]
        if not ids:
            echo(f"kscript: error: scene {p.scene}: the queue answered with no generation (`{{\"generations\": []}}`); "
                 f"whether it was enqueued is unknown: the next `kscript plan` or `submit` looks for it on the API" + _so_far(queued), err=True)
            return 1, gids
        try:
            entries = journal.record_enqueued(intent, ids)
        except JournalError as exc:
            shown = [untrusted(gid) for gid in ids]
            for gid in shown:
                echo(f"{gid}\tscene {p.scene}\tqueued, NOT journalled")
            echo(f"kscript: error: {exc}. Scene {p.scene} WAS queued (and is billed) as {', '.join(shown)}: keep these ids "
                 f"(`kscript status {' '.join(shown)}`, `kscript download --wait {' '.join(shown)}`); nothing more was sent", err=True)
            return 1, gids
        queued.append(p.scene)
        for entry in entries:
            gids.append(entry.generation_id)
            echo(f"{untrusted(entry.generation_id)}\tscene {entry.scene}{' draft' if entry.draft else ''} #{entry.index}\tqueued")
    if interrupt.hit:
        echo(f"interrupted: {counted(len(queued), 'scene')} queued and journalled, {len(to_send) - len(queued)} not sent; "
             f"`kscript submit {file}` sends the rest", err=True)
        return Exit.INTERRUPTED, gids
    return 0, gids


def _so_far(queued: list[str]) -> str:
    return f" (scenes {', '.join(queued)} are queued and journalled)" if queued else ""


def _best_effort(fn, *args: Any) -> None:
    try:
        fn(*args)
    except JournalError:
        pass  # the intent stays open; the next run asks the API, which says it was not enqueued


def _look_for(client: Client, scene: str) -> str:
    """After a lost answer: try once to find the generation on the API and journal it."""
    try:
        book = journal.load()
        found = reconcile(client, book)
    except (ApiError, JournalError):
        return ""
    return "; ".join(found)


# -- the synchronous endpoint --------------------------------------------------------------------


def _submit_sync_flow(
    file: str, compiled, client: Client | None, base_url: str, key: str | None, bodies, out: Path, dry: bool, yes: bool, max_cost: float | None, max_bytes: int,
    prices: Prices, draft: bool, assets=None,
) -> int:
    from kscript.oxen import uploads

    named = [a for _, body in bodies for a in uploads.scene_assets(body, assets)]
    if client is not None and not dry:
        check_models(client, {str(body["model"]) for _, body in bodies})  # refused, or priced by this API, before the estimate
        prices.forget()
    total = show_estimate(estimate(compiled, None, True, prices), prices)
    if max_cost is not None and total > max_cost + 1e-9:
        echo(f"kscript: error: the estimated cost ${total:.2f} is over --max-cost ${max_cost:.2f}; nothing was sent", err=True)
        return 1
    if dry:
        uploads.dry_run_uploads(base_url, key, assets.repo if assets is not None else None, uploads.not_uploaded(named, journal.load()))
        dry_run(base_url, key, [("/api/ai/videos/generate", b) for _, b in bodies])
        echo("dry run: nothing was sent", err=True)
        return 0
    if client is None:
        raise ApiError("OXEN_API_KEY is not set: export your Oxen.ai API key first; nothing was sent", exit_code=Exit.USAGE)
    if not yes and sys.stdin.isatty() and sys.stderr.isatty():
        if not confirm(f"Spend about ${total:.2f}?", default=False):
            echo("nothing was sent", err=True)
            return 1
    if named:
        lock = FolderLock()  # the journal's upload records are this folder's
        try:
            if not lock.acquire(wait=True):
                raise ApiError(f"cannot take the lock {lock.path}; nothing was sent", exit_code=1)
            uploads.upload_all(client, assets.repo, uploads.not_uploaded(named, journal.load()))
        finally:
            lock.release()
    return _submit_sync(client, file, bodies, out, max_bytes, draft)


def _submit_sync(client: Client, file: str, bodies, out: Path, max_bytes: int, draft: bool = False) -> int:
    stem = stem_of(file)
    for c, body in bodies:
        echo(f"scene {c.scene.id}: generating (this blocks for minutes)…", err=True)
        answer = client.generate(body)
        for i, video in enumerate(answer["videos"], 1):
            name = f"{stem}.{c.scene.id}.draft.{i}" if draft else f"{stem}.{c.scene.id}.{i}"  # as `--draft` downloads are named
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
                    raise ApiError(f"scene {c.scene.id}: the video was made but not saved ({reason}); fetch it now from {untrusted(video['url'])}") from None
            else:
                raise ApiError(f"scene {c.scene.id}: the API answered a video with neither url nor b64_json")
            echo(untrusted(path))
    return 0
