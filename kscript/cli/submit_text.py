"""The events of `kscript plan` and `kscript submit` (kscript/oxen/submission.py), of their
uploads and waits, and of `status`, `cancel` and `download`, as text: results on standard
output, everything else on standard error; the plan and the estimate as tables, with the
files to upload and the chains under the plan; a wait's progress drawn by progress.py; the
question before spending asked only on a terminal. Ids, states, notes and paths may quote
what the API or the journal said: shown through `untrusted`, and JSON through `json_text`
(console.echo escapes every line again)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from kscript.cli.console import confirm, echo
from kscript.formats.escape import json_text, untrusted
from kscript.oxen.plan import ScenePlan
from kscript.oxen.pricing import money, price_tag, prices_note
from kscript.oxen.submission import (
    DownloadBytes,
    Estimated,
    Event,
    GenerationState,
    Held,
    NotPublic,
    Planned,
    Queued,
    RepoCreated,
    Said,
    Uploaded,
    VideoSaved,
    WaitBegan,
    WaitEnded,
    WaitNote,
    WouldSend,
    WouldUpload,
)

if TYPE_CHECKING:
    from kscript.cli.progress import Progress


class TextEvents:
    """`fmt`: how a plan that is the command's result is printed (`text` or `json`). A wait's
    events are drawn by kscript/cli/progress.py on standard error, from WaitBegan to WaitEnded."""

    def __init__(self, fmt: str = "text") -> None:
        self.fmt = fmt
        self.progress: Progress | None = None

    def confirm(self, question: str) -> bool:
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            return True  # nobody to ask: --max-cost is the guard in scripts and CI
        return confirm(question, default=False)

    def emit(self, event: Event) -> None:
        if isinstance(event, WaitBegan | GenerationState | DownloadBytes | WaitNote | WaitEnded):
            self.draw(event)
        elif isinstance(event, Said):
            echo(event.text, err=not event.result)
        elif isinstance(event, Planned):
            if event.result and self.fmt == "json":
                plans = event.plans
                from kscript.oxen.uploads import uploads_json

                echo(json_text(json.dumps({"scenes": [p.as_json() for p in plans], "cost": round(sum(p.cost for p in plans), 6),
                                           "uploads": uploads_json(event.uploads)}, ensure_ascii=False, indent=2)))
            else:
                show_plan(event, err=not event.result)
                show_uploads(event, err=not event.result)
        elif isinstance(event, Estimated):
            show_estimate(event)
        elif isinstance(event, Held):
            echo(f"scene {event.scene}: not sent: {untrusted(event.note)}", err=True)
        elif isinstance(event, Queued):
            entry = event.entry
            echo(f"{untrusted(entry.generation_id)}\tscene {entry.scene}{' draft' if entry.draft else ''} #{entry.index}\tqueued")
        elif isinstance(event, WouldSend):
            echo(event.url)
            echo(f"Authorization: {masked_key()}")
            echo("Content-Type: application/json")
            echo("")
            echo(json_text(json.dumps(event.body, ensure_ascii=False, indent=2)))
            echo("")
        elif isinstance(event, WouldUpload):
            show_would_upload(event)
        elif isinstance(event, RepoCreated):
            echo(f"created the repository {event.repo}", err=True)
        elif isinstance(event, Uploaded):
            from kscript.oxen.uploads import size_text

            a = event.asset
            echo(f"{a.shown()} is already in {event.repo}" if event.already else f"uploaded {a.shown()} ({size_text(a.facts.size)}) to {event.repo}", err=True)
        elif isinstance(event, NotPublic):
            echo(f"kscript: warning: {event.asset.address} answers {event.status or 'nothing'} without the key: the model service may not be able "
                 f"to read a private repository; make {event.repo} public on Oxen.ai if the generations fail to fetch it", err=True)
        elif isinstance(event, VideoSaved):
            echo(untrusted(event.path))


    def draw(self, event: Event) -> None:
        if isinstance(event, WaitBegan):
            from kscript.cli.progress import for_stream

            self.progress = for_stream(sys.stderr)
            self.progress.start(dict(event.labels))
            return
        if self.progress is None:
            return
        if isinstance(event, GenerationState):
            self.progress.update(event.gid, event.label, event.state)
        elif isinstance(event, DownloadBytes):
            self.progress.transfer(event.gid, event.done, event.total)
        elif isinstance(event, WaitNote):
            self.progress.note(event.text)
        elif isinstance(event, WaitEnded):
            self.progress.close()
            self.progress = None


def key_is_set() -> bool:
    import os

    return bool((os.environ.get("OXEN_API_KEY") or "").strip())


def masked_key() -> str:
    return "Bearer ****" if key_is_set() else "Bearer <OXEN_API_KEY is not set>"


def show_plan(event: Planned, err: bool) -> None:
    plans, prices = event.plans, event.prices
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


def show_uploads(event: Planned, err: bool) -> None:
    """The plan's files to upload first, and its chains of scenes."""
    from kscript.oxen.uploads import size_text

    if event.uploads:
        files = ", ".join(f"{a.shown()}, {size_text(a.facts.size)}" if a.is_frame else f"{a.shown()} ({size_text(a.facts.size)})" for a in event.uploads)
        echo(f"to upload to {event.repo}: {files}", err=err)
    chains = [f"scene {p.after[0]} -> scene {p.scene}" for p in event.plans if p.after]
    if chains:
        echo("chained (each starts from the last frame of the one before): " + "; ".join(chains), err=err)


def show_would_upload(event: WouldUpload) -> None:
    """The requests a dry run's uploads would make, key masked."""
    from kscript.assets.names import BRANCH
    from kscript.oxen.uploads import size_text

    if not event.assets or event.repo is None:
        return
    base, repo = event.base_url.rstrip("/"), event.repo
    echo(f"POST {base}/api/repos  (409 if {repo} exists)")
    echo(f"Authorization: {masked_key()}")
    echo("")
    for asset in event.assets:
        echo(f"PUT {base}/api/repos/{repo}/file/{BRANCH}/{asset.repo_path}")
        echo(f"Authorization: {masked_key()}")
        echo("Content-Type: multipart/form-data")
        echo("")
        echo(f"file: {asset.path} ({size_text(asset.facts.size)}, sha256 {asset.facts.sha256})")
        echo("")


def show_estimate(event: Estimated) -> None:
    rows, prices = event.rows, event.prices
    total = sum(r["cost"] for r in rows)
    echo(f"{'scene':<10} {'shots':>5} {'seconds':>8} {'generations':>12} {'est. cost':>10}", err=True)
    for r in rows:
        echo(f"{r['scene']:<10} {r['shots']:>5} {str(r['seconds']) + 's':>8} {r['n']:>12} {money(r['cost']):>10}", err=True)
    seconds = sum(r["seconds"] * r["n"] for r in rows)
    echo(f"{'total':<10} {'':>5} {str(seconds) + 's':>8} {'':>12} {money(total):>10}  ({prices_note([r['body'] for r in rows], prices)})", err=True)
