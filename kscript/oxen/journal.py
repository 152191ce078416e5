"""The journal of paid generations: `.kscript/generations.jsonl` in the current folder.

It records the whole life of every generation this folder sent, one JSON
object a line, appended and flushed to disk (fsync) before the next step. Each
record has a `kind` and `"v": 2`:

- `intent`: written before an enqueue is sent (script, scene, payload and its
  hash, a client request id, the base URL it goes to), so that a run killed
  while the request is in flight leaves a trace the next run reconciles with
  the API; written again, same request id and a new time, before each retry of
  an enqueue that provably did not arrive (the last one's time is the anchor);
- `enqueued`: one per generation id the queue answered (or that a later run
  adopted from the API for an intent whose answer was lost, with `adopted` and
  the `proof` it had);
- `not_sent`: the intent's enqueue was refused or never left this machine;
- `status`: a change of state (processing, succeeded, failed with the API's
  error, cancelled);
- `download`: a video saved (file name, size, sha256);
- `charged`: what the API says a generation cost, when `status --cost` asked;
- `upload`: a local file (or a scene's last frame) stored in the assets
  repository: its repository, path, sha256, size, address and commit id,
  written once the upload succeeded and before any request naming it is sent.

`intent` and `enqueued` records of a `--draft` run carry `"draft": true`: a
draft is journalled under its scene's id, but is never that scene's real
generation (plan, status and the film keep the two apart).

Records written by kscript before the journal had kinds (version 1: one
object per generation id with `generation_id`, `script`, `scene`, `index`,
`model`, `payload_sha256`, `time` and `base_url`) are read as `enqueued`.
A line that is not JSON (torn by a crash), or a record of a known kind whose
fields have the wrong types, is counted and skipped: never a crash. Records of
unknown kinds (from a newer kscript) are passed over silently. docs/API.md
("The journal") lists every kind's fields. The key is never
written here.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kscript.formats.escape import json_text
from kscript.language.source import stem_of

JOURNAL = Path(".kscript") / "generations.jsonl"
LOCK = Path(".kscript") / "lock"
VERSION = 2
IN_FLIGHT = ("queued", "processing")
TERMINAL = ("succeeded", "failed", "cancelled")


class JournalError(OSError):
    """The journal cannot be written: the message names the file and the reason. (An
    OSError, so that code catching write failures catches it too.)"""


@dataclass
class Download:
    file: str
    size: int
    sha256: str
    time: float


@dataclass
class Entry:
    """One generation id, as the queue answered it, and what became of it."""

    generation_id: str
    script: str
    scene: str
    index: int  # 1-based, among the generations of one enqueue
    model: str
    payload_sha256: str
    time: float
    base_url: str
    request_id: str | None = None  # the intent it answers (None in version 1 records)
    adopted: bool = False  # found on the API by reconciliation, its answer having been lost
    proof: str | None = None  # an adopted id's proof ("the request matches field for field, ...")
    draft: bool = False  # a `--draft` preview of the scene, not the scene's real generation
    status: str | None = None  # the latest recorded state; None: never recorded
    error: str | None = None
    downloads: list[Download] = field(default_factory=list)
    charged: float | None = None  # dollars, as the API last reported (kind `charged`)

    @property
    def stem(self) -> str:
        return stem_of(self.script)


@dataclass
class Intent:
    """An enqueue about to be sent: written first, so that a lost answer is found again."""

    request_id: str
    script: str
    scene: str
    model: str
    payload_sha256: str
    num_generations: int
    payload: dict[str, Any]
    base_url: str
    time: float
    draft: bool = False


@dataclass
class Journal:
    intents: dict[str, Intent] = field(default_factory=dict)
    generations: dict[str, Entry] = field(default_factory=dict)
    not_sent: dict[str, str] = field(default_factory=dict)  # request id -> why
    uploads: dict[str, dict[str, Any]] = field(default_factory=dict)  # address -> its `upload` record
    skipped: int = 0  # unreadable records
    # Not on disk: what this run's reconciliation learnt of an open intent it could not
    # prove a generation for (request id -> why), for the plan's and status's words.
    unproven: dict[str, str] = field(default_factory=dict)

    def answered(self, request_id: str) -> bool:
        return request_id in self.not_sent or any(e.request_id == request_id for e in self.generations.values())

    def open_intents(self) -> list[Intent]:
        """Intents with neither ids nor a refusal: their enqueue's fate is unknown."""
        answered = {e.request_id for e in self.generations.values() if e.request_id} | set(self.not_sent)
        return [i for i in self.intents.values() if i.request_id not in answered]

    def of_intent(self, request_id: str) -> list[Entry]:
        return sorted((e for e in self.generations.values() if e.request_id == request_id), key=lambda e: e.index)


# -- where, and the script's identity ------------------------------------------------------------


def path(folder: Path | None = None) -> Path:
    return (folder or Path.cwd()) / JOURNAL


def script_key(file: str) -> str:
    """A script's name in the journal: its path relative to this folder when inside it,
    normalised, so `./a.kscript` and `a.kscript` are one script."""
    if file == "-":
        return "-"
    normal = os.path.normpath(file)
    if os.path.isabs(normal):
        try:
            relative = os.path.relpath(normal, Path.cwd())
        except ValueError:
            return normal
        if not relative.startswith(".."):
            return relative
    return normal


# -- writing ---------------------------------------------------------------------------------------


def _write(records: list[dict[str, Any]], folder: Path | None = None) -> Path:
    target = path(folder)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # json_text: what the API said may hold U+2028, NEL or a lone surrogate, which would split
        # a record for a reader of lines or not encode at all: written as JSON escapes.
        lines = "".join(json_text(json.dumps(r, ensure_ascii=False, sort_keys=True)) + "\n" for r in records)
        # One write of whole lines, with O_APPEND, then fsync: a crash leaves whole records.
        fd = os.open(target, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                lines = "\n" + lines  # a line torn by an earlier crash must not swallow these records
            data = lines.encode("utf-8")
            written = os.write(fd, data)
            if written != len(data):
                raise OSError(28, "short write (is the disk full?)")
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise JournalError(f"cannot write the journal {target}: {exc.strerror or exc}") from None
    return target


def check_writable(folder: Path | None = None) -> None:
    """Open the journal for appending without writing: refuse before anything is sent."""
    target = path(folder)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        os.close(fd)
    except OSError as exc:
        raise JournalError(f"cannot write the journal {target}: {exc.strerror or exc}") from None


def append(entries: list[Entry], folder: Path | None = None) -> Path:
    """Record generation ids (kind `enqueued`)."""
    return _write([_enqueued_record(e) for e in entries], folder)


def _enqueued_record(e: Entry) -> dict[str, Any]:
    # The version 1 fields stay, so an older kscript still reads these records.
    record: dict[str, Any] = {
        "v": VERSION, "kind": "enqueued", "generation_id": e.generation_id, "script": e.script, "scene": e.scene,
        "index": e.index, "model": e.model, "payload_sha256": e.payload_sha256, "time": e.time, "base_url": e.base_url,
        "request_id": e.request_id,
    }
    if e.adopted:
        record["adopted"] = True
    if e.proof:
        record["proof"] = e.proof
    if e.draft:
        record["draft"] = True
    return record


def record_intent(script: str, scene: str, payload: dict[str, Any], base_url: str, folder: Path | None = None, draft: bool = False) -> Intent:
    """An enqueue about to be sent, on disk before it goes; its hash is the payload's own
    (`payload_hash`), the one plans compare and reconciliation proves against."""
    intent = Intent(
        request_id=uuid.uuid4().hex, script=script, scene=scene, model=str(payload.get("model")), payload_sha256=payload_hash(payload),
        num_generations=generations_of(payload), payload=payload, base_url=base_url, time=now(), draft=draft,
    )
    record = {"v": VERSION, "kind": "intent", **intent.__dict__}
    if not draft:
        del record["draft"]  # written only when true, so that older readers see the records they know
    _write([record], folder)
    return intent


def record_retry(intent: Intent, folder: Path | None = None) -> None:
    """The intent again, timed now: an enqueue about to be retried (the earlier attempt
    provably never arrived), so that reconciliation's window starts at this attempt."""
    intent.time = now()
    record = {"v": VERSION, "kind": "intent", **intent.__dict__}
    if not intent.draft:
        del record["draft"]
    _write([record], folder)


def record_enqueued(
    intent: Intent, generation_ids: list[str], adopted: bool = False, folder: Path | None = None, proof: str | None = None
) -> list[Entry]:
    stamp = now()
    entries = [
        Entry(gid, intent.script, intent.scene, i, intent.model, intent.payload_sha256, stamp, intent.base_url, intent.request_id, adopted,
              proof, intent.draft, "queued")
        for i, gid in enumerate(generation_ids, 1)
    ]
    append(entries, folder)
    return entries


def record_not_sent(intent: Intent, reason: str, folder: Path | None = None) -> None:
    _write([{"v": VERSION, "kind": "not_sent", "request_id": intent.request_id, "error": reason, "time": now()}], folder)


def record_status(generation_id: str, status: str, error: str | None = None, folder: Path | None = None) -> None:
    record: dict[str, Any] = {"v": VERSION, "kind": "status", "generation_id": generation_id, "status": status, "time": now()}
    if error is not None:
        record["error"] = error
    _write([record], folder)


def record_charged(generation_id: str, cost: float, folder: Path | None = None) -> None:
    """What the API charged for a generation (asked by `status --cost`), for readers offline."""
    _write([{"v": VERSION, "kind": "charged", "generation_id": generation_id, "cost": cost, "time": now()}], folder)


def record_download(generation_id: str, file: Path, size: int | None = None, sha256: str | None = None, folder: Path | None = None) -> None:
    """A saved video: its name, size and sha256 (read back from the file when not given)."""
    if size is None or sha256 is None:
        digest = hashlib.sha256()
        size = 0
        with open(file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
        sha256 = digest.hexdigest()
    _write([{"v": VERSION, "kind": "download", "generation_id": generation_id, "path": str(file), "size": size, "sha256": sha256, "time": now()}], folder)


@dataclass(frozen=True)
class Upload:
    """A file stored in the assets repository: where (`repo`, `path`, `address`), what
    (`sha256`, `size`), and the commit that stored it ("" when it was already there)."""

    repo: str
    path: str
    sha256: str
    size: int
    address: str
    commit: str = ""


def record_upload(upload: Upload, folder: Path | None = None) -> None:
    """A file stored in the assets repository (written before any request naming it is sent)."""
    _write([{"v": VERSION, "kind": "upload", **upload.__dict__, "time": now()}], folder)


# -- reading ---------------------------------------------------------------------------------------

_NUMBER = (int, float)
_OPT_STR = (str, type(None))
# Each kind's required fields and the JSON types they must have.
SCHEMAS: dict[str, dict[str, tuple[type, ...]]] = {
    "intent": {"request_id": (str,), "script": (str,), "scene": (str,), "model": (str,), "payload_sha256": (str,),
               "num_generations": (int,), "payload": (dict,), "base_url": (str,), "time": _NUMBER},
    "enqueued": {"generation_id": (str,), "script": (str,), "scene": (str,), "index": (int,), "model": (str,),
                 "payload_sha256": (str,), "time": _NUMBER, "base_url": (str,)},
    "not_sent": {"request_id": (str,), "error": (str,), "time": _NUMBER},
    "status": {"generation_id": (str,), "status": (str,), "time": _NUMBER},
    "download": {"generation_id": (str,), "path": (str,), "size": (int,), "sha256": (str,), "time": _NUMBER},
    "charged": {"generation_id": (str,), "cost": _NUMBER, "time": _NUMBER},
    "upload": {"repo": (str,), "path": (str,), "sha256": (str,), "size": (int,), "address": (str,), "commit": (str,), "time": _NUMBER},
}
OPTIONAL: dict[str, dict[str, tuple[type, ...]]] = {
    "intent": {"draft": (bool,)},
    "enqueued": {"request_id": _OPT_STR, "adopted": (bool,), "proof": (str,), "draft": (bool,)},
    "status": {"error": _OPT_STR},
}


def _well_typed(data: dict[str, Any], kind: str) -> bool:
    for name, types in SCHEMAS[kind].items():
        value = data.get(name)
        if isinstance(value, bool) and bool not in types:
            return False  # JSON true is not a number
        if not isinstance(value, types):
            return False
    for name, types in OPTIONAL.get(kind, {}).items():
        if name in data and not isinstance(data[name], types):
            return False
    return True


def load(folder: Path | None = None) -> Journal:
    """The journal read once; later records win."""
    target = path(folder)
    journal = Journal()
    try:
        text = target.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return journal
    except OSError as exc:
        raise JournalError(f"cannot read the journal {target}: {exc.strerror or exc}") from None
    pending: list[dict[str, Any]] = []  # status and download records, applied once every id is known
    for line in text.split("\n"):  # records end in "\n" only (splitlines also splits at U+2028, NEL...)
        if not line.strip():
            continue
        try:
            data: Any = json.loads(line)
        except ValueError:
            journal.skipped += 1  # a torn line from a crash: skip it, keep the rest
            continue
        if not isinstance(data, dict):
            journal.skipped += 1
            continue
        kind = data.get("kind", "enqueued" if "v" not in data else None)  # version 1: no kind
        if not isinstance(kind, str):
            journal.skipped += 1
            continue
        if kind not in SCHEMAS:
            continue  # a newer kscript's kind of record: not ours to judge
        if not _well_typed(data, kind):
            journal.skipped += 1
            continue
        if kind == "intent":
            fields = {k: data[k] for k in SCHEMAS["intent"]}
            journal.intents[data["request_id"]] = Intent(**fields, draft=bool(data.get("draft")))
        elif kind == "enqueued":
            gid = data["generation_id"]
            old = journal.generations.get(gid)
            entry = Entry(**{k: data[k] for k in SCHEMAS["enqueued"]}, request_id=data.get("request_id"), adopted=bool(data.get("adopted")),
                          proof=data.get("proof"), draft=bool(data.get("draft")))
            if old is not None:  # the same id again (an adoption racing an answer): keep what was learnt
                entry.status, entry.error, entry.downloads = old.status, old.error, old.downloads
            journal.generations[gid] = entry
        elif kind == "not_sent":
            journal.not_sent[data["request_id"]] = data["error"]
        elif kind == "upload":
            journal.uploads[data["address"]] = data
        else:
            pending.append(data)
    for data in pending:
        entry = journal.generations.get(data["generation_id"])
        if entry is None:
            continue  # a status of an id given by hand, not one this folder sent
        if data["kind"] == "status":
            entry.status = data["status"]
            entry.error = data.get("error")
        elif data["kind"] == "charged":
            if math.isfinite(data["cost"]) and data["cost"] >= 0:
                entry.charged = float(data["cost"])
        else:
            entry.downloads.append(Download(data["path"], data["size"], data["sha256"], data["time"]))
    return journal


def records(kind: str, folder: Path | None = None) -> list[dict[str, Any]]:
    """The well-formed records of one kind, in order (for readers that want the raw records)."""
    target = path(folder)
    try:
        text = target.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found = []
    for line in text.split("\n"):
        try:
            data: Any = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and data.get("kind", "enqueued" if "v" not in data else None) == kind and kind in SCHEMAS and _well_typed(data, kind):
            found.append(data)
    return found


def read(folder: Path | None = None) -> list[Entry]:
    return list(load(folder).generations.values())


def by_id(folder: Path | None = None) -> dict[str, Entry]:
    """The journal's generations by id (a later record of an id wins)."""
    return load(folder).generations


# -- helpers ---------------------------------------------------------------------------------------


def generations_of(payload: dict[str, Any]) -> int:
    n = payload.get("num_generations", 1)
    return n if isinstance(n, int) and not isinstance(n, bool) and n > 0 else 1


def payload_hash(payload: dict[str, Any]) -> str:
    """The identity of a request: sha256 of its canonical JSON, `num_generations` included
    (left out when 1, the API's default, so `Generations: 1` and no setting are one request)."""
    body = dict(payload)
    if body.get("num_generations") == 1:
        del body["num_generations"]
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def now() -> float:
    return round(time.time(), 3)
