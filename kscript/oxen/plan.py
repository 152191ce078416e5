"""The plan: what `kscript submit` would send, scene by scene, and why.

Pure functions over the compiled scenes and the journal. Each scene's request
(with `num_generations`) is compared with what this folder submitted before:

- `new`: never submitted;
- `changed`: submitted before with another request (the changes are listed);
- `unchanged`: an identical request has a generation queued, processing or
  succeeded (or whose state is not known yet): submit skips it;
- `retry`: every generation of the identical request failed or was cancelled;
- `pending`: an identical request was sent and its answer lost, and no
  generation on the API is proven to be its own (reconcile.py says what proof
  adoption needs; it may still appear): submit skips it;
- `unconfirmed`: the same, after the grace period: most likely never
  enqueued; submit skips it unless `--force`, the user's decision.

A pending or unconfirmed scene's note gives the enqueue's true age, why no
generation was adopted, and what sending it again costs; an unchanged scene
whose generation was adopted names the proof.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kscript.oxen import journal
from kscript.oxen.journal import Entry, Intent, Journal

SENT = ("new", "changed", "retry")
DEAD = ("failed", "cancelled")
# An intent without an answer and without a match on the API is given this long
# before it is called unconfirmed: a request can reach the server, and be
# enqueued, well after its client went away (kscript's own read timeout is 30 s).
GRACE_SECONDS = 600.0


@dataclass
class ScenePlan:
    scene: str
    action: str
    seconds: int
    generations: int
    model: str
    estimate: float  # the cost of sending it
    payload_sha256: str
    body: dict[str, Any]
    send: bool
    changes: list[str] = field(default_factory=list)
    generation_ids: list[str] = field(default_factory=list)  # the identical request's (or the last one's)
    states: list[str] = field(default_factory=list)
    note: str | None = None
    after: list[str] = field(default_factory=list)  # the scenes whose last frame it starts from
    waiting: bool = False  # sent once that frame exists (`submit --wait`); its cost counts all the same
    previous: dict[str, Any] | None = None  # the request last sent of it, when `changed`
    lost: Lost | None = None  # pending or unconfirmed: the unanswered enqueue

    def describe_lost(self) -> None:
        """The note of a pending or unconfirmed scene, from its estimate (call again
        when the estimate changes)."""
        if self.lost is not None:
            self.note = lost_note(self.scene, self.action, self.lost, self.estimate)

    @property
    def cost(self) -> float:
        return self.estimate if self.send or self.waiting else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "scene": self.scene, "action": self.action, "send": self.send, "seconds": self.seconds, "generations": self.generations,
            "model": self.model, "cost": round(self.cost, 6), "estimate": round(self.estimate, 6),
            "payload_sha256": self.payload_sha256, "changes": self.changes, "generation_ids": self.generation_ids,
            "states": self.states, "note": self.note, "after": self.after, "waiting": self.waiting,
        }


@dataclass
class Submission:
    """One enqueue of a scene: an intent and its generations (version 1 records have no intent)."""

    time: float
    payload_sha256: str
    payload: dict[str, Any] | None
    entries: list[Entry]
    intent: Intent | None = None
    unanswered: bool = False  # an intent with neither ids nor a refusal
    unproven: str | None = None  # why reconciliation adopted nothing for it (this run)


@dataclass
class Lost:
    """An enqueue whose answer was lost: how long ago (on this machine's clock, as
    journalled), and why no generation on the API was adopted for it."""

    age: float
    why: str | None


History = tuple[str, str, bool]  # script key, scene id, draft


def histories(book: Journal) -> dict[History, list[Submission]]:
    """Every scene's enqueues, oldest first, keyed by (script key, scene, draft): the journal
    read in one pass (refused enqueues left out: nothing was sent). A scene's `--draft`
    previews are a history of their own: they never count as its real generations."""
    keys: dict[str, str] = {}  # the script as recorded -> its key (few distinct scripts)

    def key_of(script: str, scene: str, draft: bool) -> History:
        key = keys.get(script)
        if key is None:
            key = keys[script] = journal.script_key(script)
        return key, scene, draft

    groups: dict[History, dict[str, Submission]] = {}
    for intent in book.intents.values():
        if intent.request_id in book.not_sent:
            continue
        out = groups.setdefault(key_of(intent.script, intent.scene, intent.draft), {})
        out[intent.request_id] = Submission(intent.time, intent.payload_sha256, intent.payload, [], intent,
                                            unproven=book.unproven.get(intent.request_id))
    for entry in book.generations.values():
        out = groups.setdefault(key_of(entry.script, entry.scene, entry.draft), {})
        group = entry.request_id or f"v1:{entry.payload_sha256}:{entry.time}"
        if group not in out:
            out[group] = Submission(entry.time, entry.payload_sha256, None, [])
        out[group].entries.append(entry)
    index: dict[History, list[Submission]] = {}
    for where, subs in groups.items():
        for sub in subs.values():
            sub.entries.sort(key=lambda e: e.index)
            sub.unanswered = sub.intent is not None and not sub.entries
        index[where] = sorted(subs.values(), key=lambda s: s.time)
    return index


class Wanted(NamedTuple):
    """A scene's request as this run would send it, and what one generation of it costs."""

    scene: str
    body: dict[str, Any]
    seconds: int  # billed
    price: float  # dollars a second


def decide(history: list[Submission], wanted: Wanted, force: bool, now: float, grace: float = GRACE_SECONDS) -> ScenePlan:
    """The plan of one scene, given its enqueues so far (`histories(book)[(script key, scene, draft)]`)."""
    scene, body, seconds, price = wanted
    digest = journal.payload_hash(body)
    n = journal.generations_of(body)
    plan = ScenePlan(scene, "new", seconds, n, str(body.get("model")), seconds * price * n, digest, body, True)
    same = [s for s in history if s.payload_sha256 == digest]
    entries = [e for s in same for e in s.entries]
    # Only a generation known to have failed or been cancelled is dead: an unknown state is
    # taken as alive, since sending again would pay twice.
    live = [e for e in entries if e.status not in DEAD]
    lost = [s for s in same if s.unanswered]
    if live:
        plan.action = "unchanged"
        plan.generation_ids = [e.generation_id for e in live]
        plan.states = [e.status or "queued" for e in live]  # no state recorded since the queue answered
        proofs = sorted({e.proof for e in live if e.adopted and e.proof})
        plan.note = "; ".join(f"adopted: {p}" for p in proofs) or None
    elif lost:
        newest = max(lost, key=lambda s: s.time)
        age = now - newest.time
        plan.action = "pending" if age < grace else "unconfirmed"
        plan.lost = Lost(age, newest.unproven)
        plan.describe_lost()
    elif entries:
        plan.action = "retry"
        plan.generation_ids = [e.generation_id for e in entries]
        plan.states = [e.status or "queued" for e in entries]
        errors = sorted({e.error for e in entries if e.error})
        plan.note = "; ".join(errors) if errors else None
    elif history:
        plan.action = "changed"
        last = history[-1]
        plan.previous = last.payload
        plan.generation_ids = [e.generation_id for e in last.entries]
        plan.changes = changes(last.payload, body) if last.payload is not None else ["the request (the journal of the last submission holds no copy to compare)"]
    plan.send = force or plan.action in SENT
    return plan


def lost_note(scene: str, action: str, lost: Lost, estimate: float) -> str:
    again = f"to send it again (${estimate:.2f}): --force --scene {scene}"
    why = lost.why or "no generation on the API is proven to be its own"
    if action == "pending":
        return f"an enqueue sent {_ago(lost.age)} got no answer; {why}; it is not sent again: run again in a few minutes, or {again}"
    if lost.why is None:
        why += ": it was most likely never enqueued"
    return f"an enqueue sent {_ago(lost.age)} got no answer; {why}; {again}"


def _ago(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 120:
        return f"{seconds} s ago"
    if seconds < 7200:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago"


# -- what changed ------------------------------------------------------------------------------------


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 24 else text[:21] + "..."


def _shots(payload: dict[str, Any]) -> list[dict[str, Any]]:
    if isinstance(payload.get("multi_prompt"), list):
        return [s if isinstance(s, dict) else {} for s in payload["multi_prompt"]]
    if "prompt" in payload:
        return [{"prompt": payload.get("prompt"), "duration": payload.get("duration")}]
    return []


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What differs between two requests, in a writer's terms: which shots' prompts and
    durations, which settings (old value -> new value where short)."""
    out: list[str] = []
    before, after = _shots(old), _shots(new)
    if len(before) != len(after):
        out.append(f"shots {len(before)} -> {len(after)}")
    for i, (a, b) in enumerate(zip(before, after, strict=False), 1):
        if a.get("prompt") != b.get("prompt"):
            out.append(f"shot {i} prompt")
        if a.get("duration") != b.get("duration"):
            out.append(f"shot {i} duration {_short(a.get('duration'))} -> {_short(b.get('duration'))}")
    shot_keys = {"prompt", "multi_prompt", "duration"}
    for key in sorted((set(old) | set(new)) - shot_keys):
        if key == "num_generations":
            a, b = journal.generations_of(old), journal.generations_of(new)
            if a != b:
                out.append(f"num_generations {a} -> {b}")
            continue
        if old.get(key) != new.get(key):
            if key not in old:
                out.append(f"{key} added")
            elif key not in new:
                out.append(f"{key} removed")
            else:
                out.append(f"{key} {_short(old[key])} -> {_short(new[key])}")
    if not out and ("multi_prompt" in old) != ("multi_prompt" in new):
        out.append("prompt form (single prompt / shots)")
    return out
