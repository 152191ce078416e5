"""Finding a script's downloaded videos: through the journal, or by name in a folder.

Downloads are named `<stem>.<scene>.<n>.mp4` (with `-2`, `-3`… when a name was
taken). The journal, where it recorded a download, says which generation a file
came from, its state and what it cost; a folder given by the user is read by
name alone.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kscript.language.source import stem_of

_TAIL = re.compile(r"(\d+)(?:-(\d+))?\.mp4\Z")


@dataclass(slots=True)
class Video:
    scene: str
    path: Path
    order: tuple[float, int, int]  # newest last: (time, generation number, suffix)
    generation_id: str | None = None
    state: str | None = None
    cost: str | None = None


def in_folder(folder: Path, stem: str, scene_ids: list[str]) -> dict[str, list[Video]]:
    """`<stem>.<scene>.<n>.mp4` files of each scene in `folder`, oldest first."""
    found: dict[str, list[Video]] = {s: [] for s in scene_ids}
    try:
        names = os.listdir(folder)
    except OSError:
        return found
    for scene in scene_ids:
        prefix = f"{stem}.{scene}."
        for name in names:
            if not name.startswith(prefix):
                continue
            match = _TAIL.fullmatch(name[len(prefix):])
            path = folder / name
            if match is None or not path.is_file():
                continue
            mtime = path.stat().st_mtime
            found[scene].append(Video(scene, path, (mtime, int(match.group(1)), int(match.group(2) or 1))))
    for videos in found.values():
        videos.sort(key=lambda v: v.order)
    return found


def _records(folder: Path) -> list[dict[str, Any]]:
    journal = folder / ".kscript" / "generations.jsonl"
    try:
        text = journal.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    records = []
    for line in text.splitlines():
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict):
            records.append(data)
    return records


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def from_journal(folder: Path, script: str, scene_ids: list[str]) -> dict[str, list[Video]]:
    """Downloads the journal in `folder` records for `script`'s scenes, oldest first.

    Reads the records loosely (a record of an unexpected shape is passed
    over), so that a journal written by another version never stops the page.
    """
    stem = stem_of(script)
    owner: dict[str, tuple[str, float, int]] = {}  # generation id -> scene, time, index
    state: dict[str, str] = {}
    cost: dict[str, str] = {}
    files: list[tuple[str, str, float]] = []  # generation id, path, time
    for record in _records(folder):
        gid = _text(record.get("generation_id"))
        if gid is None:
            continue
        script_of = _text(record.get("script"))
        scene = _text(record.get("scene"))
        if script_of is not None and scene is not None and stem_of(script_of) == stem and scene in scene_ids:
            when = record.get("time")
            index = record.get("index")
            owner.setdefault(gid, (scene, when if isinstance(when, (int, float)) else 0.0, index if isinstance(index, int) else 1))
        status = _text(record.get("status"))
        if status is not None:
            state[gid] = status.lower()
        charged = record.get("cost")
        if isinstance(charged, (str, int, float)) and not isinstance(charged, bool):
            cost[gid] = str(charged)
        where = _text(record.get("file")) or _text(record.get("path"))
        if record.get("kind") == "download" and where is not None:
            when = record.get("time")
            files.append((gid, where, when if isinstance(when, (int, float)) else 0.0))
    found: dict[str, list[Video]] = {s: [] for s in scene_ids}
    for gid, where, when in files:
        if gid not in owner:
            continue
        path = Path(where) if os.path.isabs(where) else folder / where
        if not path.is_file():
            continue
        scene, queued, index = owner[gid]
        found[scene].append(Video(scene, path, (when or queued, index, 0), gid, state.get(gid, "succeeded"), cost.get(gid)))
    for videos in found.values():
        videos.sort(key=lambda v: v.order)
    return found


def find(script: str, scene_ids: list[str], videos_dir: Path | None, journal_folder: Path) -> dict[str, list[Video]]:
    """Each scene's downloaded videos, oldest first: the folder given, else the journal's
    downloads, else `<stem>.<scene>.<n>.mp4` beside the journal."""
    if videos_dir is not None:
        return in_folder(videos_dir, stem_of(script), scene_ids)
    found = from_journal(journal_folder, script, scene_ids)
    if any(found.values()):
        return found
    return in_folder(journal_folder, stem_of(script), scene_ids)
