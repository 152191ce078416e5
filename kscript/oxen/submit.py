"""`kscript plan` and `kscript submit`: compare with the journal, confirm, send what changed.

Submit applies the plan (plan.py): under the folder lock it reconciles
unanswered enqueues with the API, refreshes the states of generations in
flight, plans, asks to confirm the cost of what it will send, and sends only
`new`, `changed` and `retry` scenes (every selected scene with `--force`). Each
enqueue is preceded by an intent record and followed by its ids in the
journal. A Ctrl-C during an enqueue waits for that answer and records it.
The synchronous endpoint (`--sync`) has no ids to journal: it always sends.

A `SubmitRequest` goes in and an `Outcome` comes out (submission.py); what the
user is told goes out as events, which the command line turns into text.
"""

from __future__ import annotations

import functools
import signal
import threading
import time
from typing import TYPE_CHECKING, Any

from kscript.core.exits import Exit
from kscript.core.words import counted
from kscript.formats.escape import untrusted
from kscript.language.source import stem_of
from kscript.oxen import journal
from kscript.oxen.api import ApiError, Client
from kscript.oxen.journal import JournalError
from kscript.oxen.lock import FolderLock
from kscript.oxen.plan import ScenePlan, Wanted, decide, histories
from kscript.oxen.pricing import estimate, prices_for
from kscript.oxen.reconcile import reconcile, refresh
from kscript.oxen.submission import (
    Estimated,
    Events,
    Held,
    Outcome,
    Planned,
    Queued,
    Said,
    SubmitRequest,
    VideoSaved,
    WouldSend,
    WouldUpload,
)
from kscript.oxen.video_transfer import Target, save_bytes, save_url
from kscript.oxen.wait import WaitOptions, finish_wait, open_events, resume_command, resume_hint

if TYPE_CHECKING:
    from kscript.models.live import Prices

payload_hash = journal.payload_hash
NO_KEY = "OXEN_API_KEY is not set: export your Oxen.ai API key first; nothing was sent"


def bodies_of(compiled, generations: int | None, sync: bool) -> list[tuple[Any, dict[str, Any]]]:
    out = []
    for c in compiled:
        body = dict(c.request)
        if not sync and generations is not None:
            body["num_generations"] = generations
        out.append((c, body))
    return out


def would_send(base_url: str, path: str, body: dict[str, Any]) -> WouldSend:
    return WouldSend(f"POST {base_url.rstrip('/')}{path}", body)


def skipped_records(book: journal.Journal) -> str | None:
    if not book.skipped:
        return None
    return f"kscript: warning: {counted(book.skipped, 'unreadable record')} in {journal.JOURNAL} {'was' if book.skipped == 1 else 'were'} skipped"


# -- planning ------------------------------------------------------------------------------------


def prepare(client: Client | None, locked: bool) -> tuple[journal.Journal, list[str], list[str]]:
    """The journal, brought up to date with the API: unanswered enqueues reconciled (only
    under the lock: another run's enqueue in flight is not ours to judge). Returns it, what
    to tell the user, and the generation ids adopted."""
    book = journal.load()
    if client is None or not (locked and book.open_intents()):
        return book, [], []
    before = set(book.generations)
    notes = reconcile(client, book)
    unproven = book.unproven
    book = journal.load()
    book.unproven = unproven
    adopted = [gid for gid, entry in book.generations.items() if entry.adopted and gid not in before]
    return book, notes, adopted


def make_plans(book: journal.Journal, request: SubmitRequest, bodies, prices: Prices) -> tuple[list[ScenePlan], list[str]]:
    """Each scene's plan against what was sent of it before: its real generations, or with
    `draft` its drafts (a draft never stands for the real scene, nor the reverse); and the
    notes on how a scene is billed. Chains and local files (`request.assets`, the assets
    pass's Resolution) are said in the plans: kscript.oxen.uploads.adjust_plans."""
    from kscript.models.live import billed_seconds

    script, force, draft = journal.script_key(request.file), request.options.force, request.options.draft
    now = journal.now()
    index = histories(book)  # one pass over the journal for all the scenes
    plans, notes = [], []
    for c, body in bodies:
        seconds, assumed = billed_seconds(c)  # a model without duration bills the input video's length
        if assumed:
            notes.append(f"note: {assumed}")
        price = prices.of(str(body.get("model"))).for_request(body)
        plans.append(decide(index.get((script, c.scene.id, draft), []), Wanted(c.scene.id, body, seconds, price), force, now))
    if not draft:
        from kscript.oxen.uploads import adjust_plans

        adjust_plans(plans, [c for c, _ in bodies], request.assets, book)
    return plans, notes


def to_upload(plans: list[ScenePlan], request: SubmitRequest, bodies, book: journal.Journal) -> list:
    """The local files the scenes sent now would upload first."""
    from kscript.oxen.uploads import plan_uploads

    return plan_uploads(plans, [c for c, _ in bodies], request.assets, book)


def repo_of(request: SubmitRequest) -> str | None:
    return request.assets.repo if request.assets is not None else None


def refresh_scenes(client: Client | None, book: journal.Journal, script: str, bodies, draft: bool = False) -> None:
    """Ask the API about the generations these scenes' plans depend on, then record what changed."""
    if client is None:
        return
    index = histories(book)
    gids = [e.generation_id for c, _ in bodies for s in index.get((script, c.scene.id, draft), []) for e in s.entries]
    refresh(client, book, gids)


def plan_command(request: SubmitRequest, client: Client | None, events: Events) -> Outcome:
    """`kscript plan`: what submit would send; sends nothing. The plan is the outcome's
    event `Planned` (with `result`: the command's output)."""
    options = request.options
    script = journal.script_key(request.file)
    bodies = bodies_of(request.scenes, options.generations, sync=False)
    prices = prices_for(request.base_url)
    lock = FolderLock()
    locked = client is not None and lock.acquire(wait=False)
    try:
        book, notes, adopted = prepare(client, locked)
        refresh_scenes(client, book, script, bodies, options.draft)
    finally:
        lock.release()
    plans, billing = make_plans(book, request, bodies, prices)
    gone = priced(client, plans, prices) if client is not None else []
    uploads = to_upload(plans, request, bodies, book)
    for note in [*billing, *notes, skipped_records(book)]:
        if note:
            events.emit(Said(note))
    for model in gone:
        from kscript.models.live import successor_text

        events.emit(Said(f"kscript: warning: the API no longer serves `{model}`: submit will refuse it; {successor_text(model)}"))
    if client is None:
        events.emit(Said("OXEN_API_KEY is not set: states are as last recorded in the journal, and unanswered enqueues are not checked"))
    elif not locked and book.open_intents():
        events.emit(Said("another kscript run is sending from this folder: its unanswered enqueues were not checked"))
    events.emit(Planned(plans, prices, result=True, uploads=uploads, repo=repo_of(request)))
    return Outcome(
        skipped=[p.scene for p in plans if not p.send], held=[p.scene for p in plans if p.action in ("pending", "unconfirmed") and not p.send],
        adopted=adopted, cost=sum(p.cost for p in plans),
    )


# -- submit --------------------------------------------------------------------------------------


class PauseInterrupted(Exception):
    """Ctrl-C during a pause between enqueue attempts: the last attempt provably did not
    enqueue (429, 503, no connection), so there is no answer to wait for."""


class DeferredInterrupt:
    """Ctrl-C while an enqueue is in flight: remember it, let the answer arrive and be
    journalled, then stop. In a pause between attempts it stops at once (`sleep`).
    (Only in the main thread, where signals are delivered.)"""

    def __init__(self, events: Events) -> None:
        self.events = events
        self.hit = False
        self._old: Any = None

    def __enter__(self) -> DeferredInterrupt:
        if threading.current_thread() is threading.main_thread():
            self._old = signal.signal(signal.SIGINT, self._handler)
        return self

    def _handler(self, signum: int, frame: Any) -> None:
        if not self.hit:
            self.events.emit(Said("\nCtrl-C: waiting for the answer to the enqueue in flight (it may be billed), then stopping…"))
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


def submit(request: SubmitRequest, client: Client | None, events: Events) -> Outcome:
    """`kscript submit`: apply the plan of `request`'s scenes (or, with `sync`, generate
    them one by one), telling `events` what happens; the outcome says what was done."""
    return Submit(request, client, events).run()


class Submit:
    """One run of submit: its request, the API, the events, and the outcome it fills in."""

    def __init__(self, request: SubmitRequest, client: Client | None, events: Events) -> None:
        self.request = request
        self.options = request.options
        self.client = client
        self.events = events
        self.outcome = Outcome()
        self.script = journal.script_key(request.file)
        self.bodies = bodies_of(request.scenes, self.options.generations, self.options.sync)
        self.prices = prices_for(request.base_url)

    def say(self, text: str) -> None:
        self.events.emit(Said(text))

    def done(self, code: int) -> Outcome:
        self.outcome.exit = Exit(code)
        return self.outcome

    def run(self) -> Outcome:
        if self.options.sync:
            chained = [c for c in self.request.scenes if c.after]
            if chained:
                c = chained[0]
                raise ApiError(f"scene {c.scene.id} starts from the last frame of scene {c.after[0]}: --sync cannot run a chain; "
                               f"`kscript submit --wait {self.request.file}` can; nothing was sent", exit_code=Exit.USAGE)
            return self.run_sync()
        if self.options.dry_run:
            return self.dry_run()
        if self.client is None:
            raise ApiError(NO_KEY, exit_code=Exit.USAGE)
        try:
            journal.check_writable()
        except JournalError as exc:
            raise ApiError(f"{exc}; every generation must be journalled before it is paid for, so nothing was sent", exit_code=Exit.FAIL) from None
        lock = FolderLock(say=self.say)
        try:
            return self.apply(self.client, lock)
        finally:
            lock.release()

    def dry_run(self) -> Outcome:
        try:
            book = journal.load()
        except JournalError as exc:
            self.say(f"kscript: warning: {exc}; planning as if nothing was sent before")
            book = journal.Journal()
        plans, notes = make_plans(book, self.request, self.bodies, self.prices)
        for note in notes:
            self.say(note)
        uploads = to_upload(plans, self.request, self.bodies, book)
        self.events.emit(Planned(plans, self.prices, uploads=uploads, repo=repo_of(self.request)))
        self.events.emit(WouldUpload(self.request.base_url, repo_of(self.request), uploads))
        for p in plans:
            if p.send:
                self.events.emit(would_send(self.request.base_url, "/api/ai/queue", p.body))
        self.say("dry run: nothing was sent (the plan is from the journal alone: states as last recorded)")
        self.outcome.skipped = [p.scene for p in plans if not p.send]
        return self.done(Exit.OK)

    def plan(self, client: Client) -> tuple[journal.Journal, list[ScenePlan], list]:
        """Under the lock: reconcile, refresh, plan, and price with what the API answers.
        Returns the journal, the plans and the files to upload first."""
        book, notes, self.outcome.adopted = prepare(client, locked=True)
        for note in [*notes, skipped_records(book)]:
            if note:
                self.say(note)
        refresh_scenes(client, book, self.script, self.bodies, self.options.draft)
        plans, billing = make_plans(book, self.request, self.bodies, self.prices)
        for note in billing:
            self.say(note)
        # Before the cost is shown and confirmed: refuse a model the API no longer serves, and
        # price with what this API answers (the answers are cached a day).
        priced(client, plans, self.prices, refuse=True)
        uploads = to_upload(plans, self.request, self.bodies, book)
        self.events.emit(Planned(plans, self.prices, uploads=uploads, repo=repo_of(self.request)))
        return book, plans, uploads

    def apply(self, client: Client, lock: FolderLock) -> Outcome:
        options = self.options
        try:
            if not lock.acquire(wait=True):
                raise ApiError(f"cannot take the lock {lock.path}; nothing was sent", exit_code=Exit.FAIL)
            book, plans, uploads = self.plan(client)
            to_send = [p for p in plans if p.send]
            waiting = [p for p in plans if p.waiting]
            held = [p for p in plans if p.action in ("pending", "unconfirmed") and not p.send]
            self.outcome.skipped = [p.scene for p in plans if not p.send and not p.waiting]
            self.outcome.held = [p.scene for p in held]
            self.outcome.waiting = [p.scene for p in waiting]
            if not options.wait:
                for p in waiting:
                    self.say(f"scene {p.scene}: not sent: it {p.note}; `kscript submit --wait {self.request.file}` sends it once that video is downloaded")
            for p in held:
                self.events.emit(Held(p.scene, p.note or ""))
            resumable = resumable_ids(book, plans)
            if not to_send:
                self.say("nothing to send: " + ("every selected scene is unchanged" if not held and not waiting
                                                else "the other scenes are unchanged" if not waiting else "the other scenes wait or are unchanged"))
                lock.release()
                code = Exit.FAIL if held else Exit.OK
                if options.wait and resumable:
                    return self.done(max(code, finish_wait(client, resumable, self.wait_options(), self.events)))
                return self.done(code)
            total = sum(p.cost for p in to_send)
            if not self.confirmed(total, len(to_send), (len(plans) - len(to_send) - len(waiting), len(waiting))):
                return self.done(Exit.FAIL)
            # Every file a request names is uploaded and journalled before the request is sent.
            from kscript.oxen.uploads import upload_all

            upload_all(client, repo_of(self.request) or "", uploads, self.events)
            self.outcome.uploaded = [str(a.path) for a in uploads]
            # The API buffers no event for a client that is not listening: subscribe before enqueueing.
            stream = open_events(client) if options.wait else None
            try:
                code = self.enqueue_all(client, to_send)  # defers Ctrl-C while an enqueue is in flight
            except BaseException:
                if stream is not None:
                    stream.close()
                raise
        except KeyboardInterrupt:
            self.say("\ninterrupted before sending: nothing was sent")
            return self.done(Exit.INTERRUPTED)
        finally:
            lock.release()
        self.outcome.cost = sum(p.cost for p in to_send if p.scene in self.outcome.sent)
        if code != Exit.OK:
            if stream is not None:
                stream.close()
            return self.done(code)
        gids = self.outcome.generation_ids
        self.say(f"journalled in {journal.JOURNAL}")
        code = Exit.FAIL if held else Exit.OK
        if stream is None:
            self.say(f"follow with: kscript status, or {resume_hint(gids, resume_command()).split(': ', 1)[1]}")
            return self.done(code)
        waited = finish_wait(client, gids + [g for g in resumable if g not in gids], self.wait_options(), self.events, stream)
        return self.done(max(waited, code))

    def wait_options(self) -> WaitOptions:
        """The wait after sending: its videos into --out, within --timeout, resumed by this
        command with --wait when many are left."""
        return WaitOptions(self.options.out, self.options.timeout, self.options.max_bytes, resume_command())

    def confirmed(self, total: float, sending: int, others: tuple[int, int]) -> bool:
        """The --max-cost guard, then the question on a terminal (unless --yes). `others`:
        the scenes skipped, and those that wait for another's last frame."""
        options = self.options
        skipped, waiting = others
        if options.max_cost is not None and total > options.max_cost + 1e-9:
            self.say(f"kscript: error: the estimated cost ${total:.2f} of what would be sent is over --max-cost ${options.max_cost:.2f}; nothing was sent")
            return False
        if options.yes:
            return True
        later = f" now and {waiting} once the frames they start from are ready," if waiting and options.wait else ""
        question = f"Send {counted(sending, 'scene')}{later} for about ${total:.2f}" + (f" ({skipped} skipped)" if skipped else "") + "?"
        if not self.events.confirm(question):
            self.say("nothing was sent")
            return False
        return True

    # -- sending ------------------------------------------------------------------------------------

    def enqueue_all(self, client: Client, to_send: list[ScenePlan]) -> int:
        """Send each scene: intent, enqueue, ids, in that order, each on disk before the next step."""
        interrupt = DeferredInterrupt(self.events)
        real_sleep = client.sleep
        client.sleep = interrupt.sleeper(real_sleep)
        try:
            with interrupt:
                for position, p in enumerate(to_send):
                    if interrupt.hit:
                        break
                    code = self.send_scene(client, p, to_send[position + 1:])
                    if code == Exit.INTERRUPTED:
                        break  # Ctrl-C in a pause between attempts: said below
                    if code != Exit.OK:
                        return code
        finally:
            client.sleep = real_sleep
        if interrupt.hit:
            queued = self.outcome.sent
            self.say(f"interrupted: {counted(len(queued), 'scene')} queued and journalled, {len(to_send) - len(queued)} not sent; "
                     f"`kscript submit {self.request.file}` sends the rest")
            return Exit.INTERRUPTED
        return Exit.OK

    def send_scene(self, client: Client, p: ScenePlan, rest: list[ScenePlan]) -> int:
        """One scene's enqueue; Exit.OK when its ids are journalled (else the run stops)."""
        queued = self.outcome.sent
        try:
            intent = journal.record_intent(self.script, p.scene, p.body, client.base_url, draft=self.options.draft)
        except JournalError as exc:
            self.say(f"kscript: error: {exc}; scene {p.scene} was not sent" + _so_far(queued))
            return Exit.FAIL
        try:
            answer = client.enqueue(p.body, before_retry=functools.partial(journal.record_retry, intent))
        except PauseInterrupted:
            _best_effort(journal.record_not_sent, intent, "interrupted (Ctrl-C) while the API asked to wait; not enqueued")
            return Exit.INTERRUPTED
        except ApiError as exc:
            if exc.maybe_sent:
                # Billed or not, nobody knows yet: leave the intent open and look for it at once.
                found = _look_for(client)
                exc.message = (f"scene {p.scene}: {exc.message}" + (f". {found}" if found else
                               ". The next `kscript plan`, `submit` or `status` looks for it on the API and journals it") + _so_far(queued))
                raise
            _best_effort(journal.record_not_sent, intent, exc.message)
            exc.message = f"scene {p.scene}: {exc.message}; it was not enqueued"
            if queued:
                others = " ".join(f"--scene {q.scene}" for q in [p, *rest])
                exc.message += f". Scenes {', '.join(queued)} are queued and journalled; to send the rest: kscript submit {self.request.file} {others}"
            raise
        ids = [g["generation_id"] for g in answer]
        if not ids:
            self.say(f"kscript: error: scene {p.scene}: the queue answered with no generation (`{{\"generations\": []}}`); "
                     f"whether it was enqueued is unknown: the next `kscript plan` or `submit` looks for it on the API" + _so_far(queued))
            return Exit.FAIL
        try:
            entries = journal.record_enqueued(intent, ids)
        except JournalError as exc:
            shown = [untrusted(gid) for gid in ids]
            for gid in shown:
                self.events.emit(Said(f"{gid}\tscene {p.scene}\tqueued, NOT journalled", result=True))
            self.say(f"kscript: error: {exc}. Scene {p.scene} WAS queued (and is billed) as {', '.join(shown)}: keep these ids "
                     f"(`kscript status {' '.join(shown)}`, `kscript download --wait {' '.join(shown)}`); nothing more was sent")
            return Exit.FAIL
        queued.append(p.scene)
        for entry in entries:
            self.outcome.generation_ids.append(entry.generation_id)
            self.events.emit(Queued(entry))
        return Exit.OK

    # -- the synchronous endpoint ------------------------------------------------------------------

    def run_sync(self) -> Outcome:
        from kscript.oxen import uploads

        client, options = self.client, self.options
        named = [a for _, body in self.bodies for a in uploads.scene_assets(body, self.request.assets)]
        if client is not None and not options.dry_run:
            check_models(client, {str(body["model"]) for _, body in self.bodies})  # refused, or priced by this API, before the estimate
            self.prices.forget()
        rows = estimate(self.request.scenes, None, True, self.prices)
        self.events.emit(Estimated(rows, self.prices))
        total = sum(r["cost"] for r in rows)
        if options.max_cost is not None and total > options.max_cost + 1e-9:
            self.say(f"kscript: error: the estimated cost ${total:.2f} is over --max-cost ${options.max_cost:.2f}; nothing was sent")
            return self.done(Exit.FAIL)
        if options.dry_run:
            self.events.emit(WouldUpload(self.request.base_url, repo_of(self.request), uploads.not_uploaded(named, journal.load())))
            for _, body in self.bodies:
                self.events.emit(would_send(self.request.base_url, "/api/ai/videos/generate", body))
            self.say("dry run: nothing was sent")
            return self.done(Exit.OK)
        if client is None:
            raise ApiError(NO_KEY, exit_code=Exit.USAGE)
        if not options.yes and not self.events.confirm(f"Spend about ${total:.2f}?"):
            self.say("nothing was sent")
            return self.done(Exit.FAIL)
        if named:
            lock = FolderLock(say=self.say)  # the journal's upload records are this folder's
            try:
                if not lock.acquire(wait=True):
                    raise ApiError(f"cannot take the lock {lock.path}; nothing was sent", exit_code=Exit.FAIL)
                sent = uploads.not_uploaded(named, journal.load())
                uploads.upload_all(client, repo_of(self.request) or "", sent, self.events)
                self.outcome.uploaded = [str(a.path) for a in sent]
            finally:
                lock.release()
        self.outcome.cost = total
        for c, body in self.bodies:
            self.generate(client, c, body)
        return self.done(Exit.OK)

    def generate(self, client: Client, c, body: dict[str, Any]) -> None:
        """One scene on the synchronous endpoint: its videos saved as they come."""
        stem = stem_of(self.request.file)
        self.say(f"scene {c.scene.id}: generating (this blocks for minutes)…")
        answer = client.generate(body)
        self.outcome.sent.append(c.scene.id)
        for i, video in enumerate(answer["videos"], 1):
            name = f"{stem}.{c.scene.id}.draft.{i}" if self.options.draft else f"{stem}.{c.scene.id}.{i}"  # as `--draft` downloads are named
            if isinstance(video, dict) and isinstance(video.get("b64_json"), str):
                import base64
                import binascii

                try:
                    data = base64.b64decode(video["b64_json"], validate=True)
                except (binascii.Error, ValueError):
                    raise ApiError(f"scene {c.scene.id}: the API's b64_json is not base64") from None
                path = save_bytes(data, self.options.out, name)
            elif isinstance(video, dict) and isinstance(video.get("url"), str):
                try:
                    path = save_url(client, video["url"], Target(self.options.out, name), self.options.max_bytes)
                except (ApiError, OSError) as exc:
                    # Nothing else knows this URL: give it to the user before it expires.
                    reason = exc.message if isinstance(exc, ApiError) else str(exc)
                    raise ApiError(f"scene {c.scene.id}: the video was made but not saved ({reason}); fetch it now from {untrusted(video['url'])}") from None
            else:
                raise ApiError(f"scene {c.scene.id}: the API answered a video with neither url nor b64_json")
            self.outcome.saved.append(path)
            self.events.emit(VideoSaved(path))


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


def _so_far(queued: list[str]) -> str:
    return f" (scenes {', '.join(queued)} are queued and journalled)" if queued else ""


def _best_effort(fn, *args: Any) -> None:
    try:
        fn(*args)
    except JournalError:
        pass  # the intent stays open; the next run asks the API, which says it was not enqueued


def _look_for(client: Client) -> str:
    """After a lost answer: try once to find the generation on the API and journal it."""
    try:
        book = journal.load()
        found = reconcile(client, book)
    except (ApiError, JournalError):
        return ""
    return "; ".join(found)
