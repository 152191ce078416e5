"""One video's transfer into a file: resumable, checked, moved into place without overwriting.

(Several at once, on threads: kscript/oxen/download_threads.py.)

A download streams into `.kscript-dl-<key>.part` beside the target, where `key`
is the generation id (made safe for a file name). When the transfer breaks,
the partial file stays: the next attempt (in this run, or the next run of
`kscript download` / `submit --wait`) asks for the rest with an HTTP `Range`
request, and starts again from zero only when the server ignores the range.
The finished file is checked (the size the server announced, the MP4 `ftyp`
box), then linked into place under a name no file has yet (`stem.mp4`, then
`stem-2.mp4`, ...), so it appears whole or not at all. Files get the mode the
umask gives, as any other tool's output. A size cap (`max-video-mb`) stops a
server streaming without end.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kscript.core.exits import Exit
from kscript.oxen.api import ApiError, Client, backoff

DEFAULT_MAX_VIDEO_MB = 2048
PART_PREFIX = ".kscript-dl-"
STALE_PART_DAYS = 7  # a partial download untouched this long is deleted
LEGACY_PART_HOURS = 1  # the random-named `.kscript-*.part` files of earlier versions: never resumable
CHUNK = 1 << 16


class BadVideo(Exception):
    pass


@dataclass(frozen=True)
class SavedVideo:
    path: Path
    size: int
    sha256: str


def check_mp4(head: bytes) -> None:
    if len(head) < 8 or head[4:8] != b"ftyp":
        raise BadVideo("the file is not an MP4 video (no `ftyp` box at byte 4)")


def safe_name(text: str, limit: int = 120) -> str:
    """A file name part built only from letters, digits, `.`, `_` and `-`: no separator,
    no `..`, no hidden file, whatever a script, a journal or a server says."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", text)
    name = re.sub(r"\.{2,}", "_", name).lstrip(".-")[:limit]
    return name or "video"


def inside(folder: Path, target: Path) -> bool:
    return target.resolve().parent == folder.resolve()


def part_path(folder: Path, key: str) -> Path:
    return folder / f"{PART_PREFIX}{safe_name(key, 160)}.part"


def claim(folder: Path, stem: str, temporary: Path) -> Path:
    """Move `temporary` to `folder/stem.mp4`, or `stem-2.mp4`, … : never over an existing file."""
    stem = safe_name(stem)
    for n in range(1, 1000):
        target = folder / (f"{stem}.mp4" if n == 1 else f"{stem}-{n}.mp4")
        if not inside(folder, target):
            raise ApiError(f"refusing to write {target}: it is outside the output folder {folder}")
        try:
            os.link(temporary, target)  # atomic, and fails if the name is taken
        except FileExistsError:
            continue
        except OSError:
            try:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                continue
            os.close(fd)
            os.replace(temporary, target)
            return target
        os.unlink(temporary)
        return target
    raise OSError(f"too many files named {stem}-N.mp4 in {folder}")


def clean_stale(folder: Path, now: float | None = None) -> list[Path]:
    """Delete partial downloads nobody will finish: ours untouched for STALE_PART_DAYS,
    earlier versions' random-named ones after LEGACY_PART_HOURS. Locked ones are in use."""
    now = time.time() if now is None else now
    removed = []
    try:
        candidates = list(folder.glob(".kscript-*.part"))
    except OSError:
        return removed
    for part in candidates:
        try:
            age = now - part.stat().st_mtime
        except OSError:
            continue
        limit = STALE_PART_DAYS * 86400 if part.name.startswith(PART_PREFIX) else LEGACY_PART_HOURS * 3600
        if age > limit and not _locked(part):
            part.unlink(missing_ok=True)
            removed.append(part)
    return removed


def _lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _locked(part: Path) -> bool:
    try:
        fd = os.open(part, os.O_RDONLY)
    except OSError:
        return False
    try:
        return not _lock(fd)
    finally:
        os.close(fd)


def save_bytes(data: bytes, folder: Path, stem: str) -> Path:
    check_mp4(data[:8])
    folder.mkdir(parents=True, exist_ok=True)
    temporary = part_path(folder, f"b64-{stem}-{os.getpid()}-{threading.get_ident()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        return claim(folder, stem, temporary)
    finally:
        temporary.unlink(missing_ok=True)


class _Retry(Exception):
    """A transfer to try again (the partial file kept)."""


def _total_of(content_range: str | None) -> int | None:
    match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", (content_range or "").strip())
    return int(match.group(3)) if match else None


@dataclass(frozen=True)
class Target:
    """Where a video goes: `folder/stem.mp4` (or the next free name); `key` (the generation
    id) names the partial file a later attempt resumes (the stem when None)."""

    folder: Path
    stem: str
    key: str | None = None


@dataclass(frozen=True)
class Fetch:
    """How a transfer goes: the size cap, the attempts, and its hooks. `refresh` gives a
    fresh URL when the first has expired; `cancel` stops it between chunks (the partial
    file kept); `on_bytes(done, total)` hears of every chunk written."""

    max_bytes: int = DEFAULT_MAX_VIDEO_MB << 20
    attempts: int = 4
    refresh: Callable[[], str] | None = None
    cancel: threading.Event | None = None
    on_bytes: Callable[[int, int | None], None] | None = None


def fetch_video(client: Client, url: str, target: Target, how: Fetch = Fetch()) -> SavedVideo:
    """Download `url` to `target`, resuming any partial file left for its key. Raises
    ApiError saying what happened and what to do."""
    folder, stem, key = target.folder, target.stem, target.key
    folder.mkdir(parents=True, exist_ok=True)
    part = part_path(folder, key or stem)
    fd = os.open(part, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if not _lock(fd):
            raise ApiError(f"another kscript is downloading {key or stem} into {folder} right now; let it finish")
        refreshed = False
        last = "no attempt"
        failures = 0
        while True:
            try:
                total = _transfer(client, url, fd, how)
                break
            except _Retry as exc:
                last = str(exc)
                failures += 1
                if failures >= how.attempts:
                    raise ApiError(
                        f"the download of {stem} failed {how.attempts} times ({last}); the partial file is kept: "
                        "run the same command again to resume it",
                        exit_code=Exit.API,
                    ) from None
                client.sleep(backoff(failures - 1, base=0.5, cap=10))
            except _Expired as exc:
                if how.refresh is None or refreshed:
                    again = ", and so did a fresh one from the API" if refreshed else ": it has expired or is gone"
                    raise ApiError(f"the video URL answered {exc}{again}") from None
                refreshed = True
                url = how.refresh()
        os.fsync(fd)
        size = os.fstat(fd).st_size
        if total is not None and size != total:
            os.ftruncate(fd, 0)
            raise ApiError(f"the download of {stem} has {size} bytes where the server announced {total}; run the command again")
        head = os.pread(fd, 8, 0)
        try:
            check_mp4(head)
        except BadVideo as exc:
            os.ftruncate(fd, 0)
            raise ApiError(f"download of {stem}: {exc}") from None
        digest = hashlib.sha256()
        offset = 0
        while chunk := os.pread(fd, 1 << 20, offset):
            digest.update(chunk)
            offset += len(chunk)
        path = claim(folder, stem, part)
        return SavedVideo(path, size, digest.hexdigest())
    except BaseException:
        if os.path.exists(part) and os.fstat(fd).st_size == 0:
            part.unlink(missing_ok=True)  # nothing worth resuming
        raise
    finally:
        os.close(fd)


class _Expired(Exception):
    pass


def _transfer(client: Client, url: str, fd: int, how: Fetch) -> int | None:
    """One request: append the rest of the video to `fd` (or rewrite it from zero when
    the server ignores the range). Returns the full size when the server said it."""
    max_bytes, cancel, on_bytes = how.max_bytes, how.cancel, how.on_bytes
    have = os.fstat(fd).st_size
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        with client.stream(url, headers=headers) as response:
            status = response.status_code
            if status == 416 and have:
                match = re.fullmatch(r"bytes \*/(\d+)", response.headers.get("Content-Range", "").strip())
                if match and int(match.group(1)) == have:
                    return have  # the whole file arrived before (a run stopped before moving it into place)
                os.ftruncate(fd, 0)  # what we have is not a prefix of this file
                raise _Retry("the server refused the range; starting again")
            if status in (403, 404, 410):
                raise _Expired(str(status))
            if status in (429, 500, 502, 503, 504):
                raise _Retry(f"HTTP {status}")
            if status not in (200, 206):
                raise ApiError(f"the video URL answered {status}")
            if status == 206:
                total = _total_of(response.headers.get("Content-Range"))
                start = re.match(r"bytes (\d+)-", response.headers.get("Content-Range", ""))
                if start is None or int(start.group(1)) != have:
                    os.ftruncate(fd, 0)
                    raise _Retry("the server sent another range; starting again")
            else:
                if have:
                    os.ftruncate(fd, 0)  # the server ignores ranges: from zero
                    have = 0
                length = response.headers.get("Content-Length")
                total = int(length) if length is not None and length.isdigit() else None
            if total is not None and total > max_bytes:
                raise _TooBig(total)
            position = have
            for chunk in response.iter_bytes():
                if cancel is not None and cancel.is_set():
                    raise KeyboardInterrupt
                if position + len(chunk) > max_bytes:
                    raise _TooBig(None)
                os.pwrite(fd, chunk, position)
                position += len(chunk)
                if on_bytes is not None:
                    on_bytes(position, total)
            if total is not None and position != total:
                raise _Retry(f"received {position} of {total} bytes")
            return total
    except _TooBig as exc:
        os.ftruncate(fd, 0)
        said = f" (it announces {exc.size / 2**20:.0f} MB)" if exc.size else ""
        raise ApiError(
            f"the video is over the {max_bytes / 2**20:.0f} MB limit{said}: stopped, and deleted the partial file. "
            "If it is real, raise `max-video-mb` in kscript.toml",
        ) from None
    except (ApiError, _Retry, _Expired, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - any broken transfer is resumed
        raise _Retry(client.redact(str(exc)) or type(exc).__name__) from None


class _TooBig(Exception):
    def __init__(self, size: int | None) -> None:
        super().__init__("too big")
        self.size = size


def save_url(client: Client, url: str, target: Target, max_bytes: int = DEFAULT_MAX_VIDEO_MB << 20) -> Path:
    """Download `url` to `target` (see fetch_video); the saved path."""
    return fetch_video(client, url, target, Fetch(max_bytes=max_bytes)).path
