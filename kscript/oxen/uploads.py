"""Uploading a script's local files, and the chains between scenes, in plan and submit.

What each scene's request names of the assets pass's files (kscript/assets/resolve.py),
which of them this folder has not uploaded yet (the journal's `upload` records,
from any script), the uploads themselves (the repository created when
missing, each file `PUT` once and journalled before any request naming it is
sent), and what the plan says of them: the files it would upload, the scenes
that wait for another's last frame, and why a scene changes when a file or
the scene it starts from does. Nothing here prints: the uploads are events
(RepoCreated, Uploaded, NotPublic in submission.py) and the plan's files are
data of `Planned`, which kscript/cli/submit_text.py turns into text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kscript.assets.names import BRANCH
from kscript.oxen import journal
from kscript.oxen.api import ApiError
from kscript.oxen.submission import NotPublic, RepoCreated, Uploaded

if TYPE_CHECKING:
    from kscript.check.assets import Asset, Resolution
    from kscript.oxen.api import Client
    from kscript.oxen.plan import ScenePlan
    from kscript.oxen.submission import Events

_ADDRESS_FIELDS = ("input_image", "elements", "start_image_url", "tail_image_url", "input_video")


def urls_in(request: dict[str, Any]) -> list[str]:
    """Every address a request names, in request order."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    for key in _ADDRESS_FIELDS:
        walk(request.get(key))
    return found


def scene_assets(request: dict[str, Any], resolution: Resolution | None) -> list[Asset]:
    """The local files and frames a scene's request names (each once)."""
    if resolution is None:
        return []
    by_address = {a.address: a for a in resolution.assets.values() if a.address}
    by_address.update({f.address: f for f in resolution.frames.values() if f is not None and f.address})
    out: dict[str, Asset] = {}
    for url in urls_in(request):
        if url in by_address:
            out.setdefault(url, by_address[url])
    return list(out.values())


def not_uploaded(assets: Iterable[Asset], book: journal.Journal) -> list[Asset]:
    """The files among `assets` this folder has not uploaded to their address yet, each once."""
    out: dict[str, Asset] = {}
    for asset in assets:
        if asset.address and asset.address not in book.uploads:
            out.setdefault(asset.address, asset)
    return list(out.values())


def size_text(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


# -- the plan ----------------------------------------------------------------------------------------


def adjust_plans(plans: list[ScenePlan], compiled, resolution: Resolution | None, book: journal.Journal) -> None:
    """Chains and files in the plans: a scene whose start frame is not there yet (its scene
    is sent in this run, waits itself, or has no downloaded video) waits; its cost still
    counts. A scene changed by a file or by the scene it starts from says so."""
    by_scene = {p.scene: p for p in plans}
    for p, c in zip(plans, compiled, strict=True):
        p.after = list(c.after)
        if p.action == "changed" and p.changes:
            _explain_files(p, c, resolution)
    for p, c in _upstream_first(plans, compiled):
        if not c.after:
            continue
        upstream = by_scene.get(c.after[0])
        changes = upstream is not None and (upstream.send or upstream.waiting)
        stale = changes or c.waiting or (upstream is not None and not _downloaded(upstream, book))
        if not stale:
            if p.action == "changed":
                p.changes = [f"its start frame comes from scene {c.after[0]}, which changed" if "start_image_url" in x or "input_image" in x else x
                             for x in p.changes]
            continue
        had_history = p.action not in ("new",)
        p.waiting = True
        p.send = False
        p.action = "changed" if had_history else "new"
        p.changes = [f"its start frame comes from scene {c.after[0]}, which changes"] if changes and had_history else []
        p.note = f"waits for the last frame of scene {c.after[0]}"


def _upstream_first(plans, compiled):
    """The plans, each after the scene it starts from (chains are acyclic: KS108)."""
    pairs = list(zip(plans, compiled, strict=True))
    index = {c.scene.id: i for i, (_, c) in enumerate(pairs)}
    done: set[str] = set()
    out = []

    def visit(i: int, depth: int = 0) -> None:
        p, c = pairs[i]
        if c.scene.id in done or depth > len(pairs):
            return
        for up in c.after:
            if up in index:
                visit(index[up], depth + 1)
        done.add(c.scene.id)
        out.append(pairs[i])

    for i in range(len(pairs)):
        visit(i)
    return out


def _downloaded(plan: ScenePlan, book: journal.Journal) -> bool:
    """Whether the scene's current generations have a video on disk (its frame can be taken)."""
    if plan.action != "unchanged":
        return False
    for gid in plan.generation_ids:
        entry = book.generations.get(gid)
        if entry is not None and entry.status == "succeeded" and any(os.path.isfile(d.file) for d in entry.downloads):
            return True
    return False


def _explain_files(p: ScenePlan, c, resolution: Resolution | None) -> None:
    """`front image of MARA changed` instead of the changed address."""
    said = []
    for a in scene_assets(c.request, resolution):
        if a.address in _old_urls(p):
            continue
        scene = a.what.removeprefix("the last frame of scene ")
        said.append(f"its start frame comes from scene {scene}, which changed" if a.is_frame else a.what.removeprefix("the ") + " changed")
    if said:
        p.changes = said + [x for x in p.changes if not x.startswith(_ADDRESS_FIELDS)]


def _old_urls(p: ScenePlan) -> set[str]:
    return set(urls_in(p.previous or {}))


def plan_uploads(plans: list[ScenePlan], compiled, resolution: Resolution | None, book: journal.Journal) -> list[Asset]:
    """The files the scenes sent now would upload first."""
    wanted: list[Asset] = []
    for p, c in zip(plans, compiled, strict=True):
        if p.send:
            wanted.extend(scene_assets(c.request, resolution))
    return not_uploaded(wanted, book)


def uploads_json(assets: list[Asset]) -> list[dict[str, Any]]:
    return [{"file": a.repo_path.rsplit("/", 1)[-1] if a.is_frame else a.value, "bytes": a.facts.size, "address": a.address} for a in assets]


# -- submit ------------------------------------------------------------------------------------------


def upload_all(client: Client, repo: str, assets: list[Asset], events: Events) -> None:
    """Create the repository if it is missing, upload each file, journal each upload
    (fsynced) before returning; then check each address answers without the key. What
    happens goes to `events` (RepoCreated, Uploaded, NotPublic)."""
    if not assets:
        return
    namespace, name = repo.split("/", 1)
    if client.create_repo(namespace, name, "Images and videos uploaded by kscript for its video requests"):
        events.emit(RepoCreated(repo))
    for asset in assets:
        try:
            with open(asset.path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise ApiError(f"cannot read {asset.path}: {exc.strerror or exc}; nothing naming it was sent") from None
        import hashlib

        if hashlib.sha256(data).hexdigest() != asset.facts.sha256:
            raise ApiError(f"{asset.path} changed while kscript was sending; run the command again (nothing naming it was sent)")
        stored = journal.Upload(repo, asset.repo_path, asset.facts.sha256, asset.facts.size, asset.address or "")
        if client.head_status(asset.address or "", with_key=True) == 200:
            # Already there (an upload whose answer was lost, or another folder's): the path
            # holds the sha256 of these bytes, so it is the same file; it is not sent again.
            journal.record_upload(stored)
            events.emit(Uploaded(asset, repo, already=True))
        else:
            try:
                commit = client.put_file(repo, BRANCH, asset.repo_path, data, asset.name, f"kscript: {asset.what}")
            except ApiError as exc:
                exc.message = f"the upload of {asset.path} failed: {exc.message}; nothing naming it was sent"
                raise
            journal.record_upload(replace(stored, commit=str(commit.get("id", ""))))
            events.emit(Uploaded(asset, repo))
        # The model service fetches the address without the key: say when it does not answer so.
        status = client.head_status(asset.address or "")
        if status is None or status >= 400:  # a redirect to the storage behind it is an answer
            events.emit(NotPublic(asset, repo, status))
