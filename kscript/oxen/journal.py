"""The journal of paid generations: `.kscript/generations.jsonl` in the current folder.

Every generation id is appended and flushed to disk (fsync) the moment the
queue answers, before anything else happens, so that nothing paid for is ever
lost track of. The key is never written here.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kscript.language.source import stem_of

JOURNAL = Path(".kscript") / "generations.jsonl"


@dataclass
class Entry:
    generation_id: str
    script: str
    scene: str
    index: int  # 1-based, among the generations of one enqueue
    model: str
    payload_sha256: str
    time: float
    base_url: str

    @property
    def stem(self) -> str:
        return stem_of(self.script)


def path(folder: Path | None = None) -> Path:
    return (folder or Path.cwd()) / JOURNAL


def append(entries: list[Entry], folder: Path | None = None) -> Path:
    """Enqueue records: one per generation id the queue answered."""
    return _append_records([e.__dict__ for e in entries], folder)


def record_status(gid: str, status: str, error: str | None = None, folder: Path | None = None) -> Path:
    """A status change seen while waiting: `{"kind": "status", "generation_id", "status", "error", "time"}`.
    `error` is the API's message for a failed generation (already free of the key)."""
    return _append_records([{"kind": "status", "generation_id": gid, "status": status, "error": error, "time": now()}], folder)


def record_download(gid: str, file: str, size: int, sha256: str, folder: Path | None = None) -> Path:
    """A saved video: `{"kind": "download", "generation_id", "path", "size", "sha256", "time"}`."""
    record = {"kind": "download", "generation_id": gid, "path": file, "size": size, "sha256": sha256, "time": now()}
    return _append_records([record], folder)


def records(kind: str, folder: Path | None = None) -> list[dict[str, Any]]:
    """The journal's records of one kind ("status", "download"), in order; unreadable lines skipped."""
    target = path(folder)
    if not target.exists():
        return []
    found = []
    for line in target.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            data: Any = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and data.get("kind") == kind and isinstance(data.get("generation_id"), str):
            found.append(data)
    return found


def _append_records(items: list[dict[str, Any]], folder: Path | None) -> Path:
    target = path(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = "".join(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n" for item in items)
    # One write of whole lines, with O_APPEND, then fsync: a crash leaves whole records.
    fd = os.open(target, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            lines = "\n" + lines  # a line torn by an earlier crash must not swallow these records
        os.write(fd, lines.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return target


def read(folder: Path | None = None) -> list[Entry]:
    target = path(folder)
    if not target.exists():
        return []
    entries: list[Entry] = []
    fields = set(Entry.__dataclass_fields__)
    for line in target.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            data: Any = json.loads(line)
        except ValueError:
            continue  # a torn last line from a crash: skip it, keep the rest
        if isinstance(data, dict) and fields <= set(data):
            entries.append(Entry(**{k: data[k] for k in fields}))
    return entries


def by_id(folder: Path | None = None) -> dict[str, Entry]:
    """The journal read once, by generation id (a later record of an id wins)."""
    return {entry.generation_id: entry for entry in read(folder)}


def now() -> float:
    return round(time.time(), 3)
