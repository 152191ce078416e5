"""Saving videos: streamed to a temporary file beside the target, checked (length and
the MP4 `ftyp` box), then moved into place without ever overwriting a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kscript.oxen.api import ApiError, Client, backoff


class BadVideo(Exception):
    pass


def check_mp4(head: bytes) -> None:
    if len(head) < 8 or head[4:8] != b"ftyp":
        raise BadVideo("the file is not an MP4 video (no `ftyp` box at byte 4)")


def claim(folder: Path, stem: str, temporary: Path) -> Path:
    """Move `temporary` to `folder/stem.mp4`, or `stem-2.mp4`, … : never over an existing file."""
    for n in range(1, 1000):
        target = folder / (f"{stem}.mp4" if n == 1 else f"{stem}-{n}.mp4")
        try:
            os.link(temporary, target)  # atomic, and fails if the name is taken
        except FileExistsError:
            continue
        except OSError:
            try:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            os.close(fd)
            os.replace(temporary, target)
            return target
        os.unlink(temporary)
        return target
    raise OSError(f"too many files named {stem}-N.mp4 in {folder}")


def _temp(folder: Path) -> tuple[int, Path]:
    fd, name = tempfile.mkstemp(prefix=".kscript-", suffix=".part", dir=folder)
    return fd, Path(name)


def save_bytes(data: bytes, folder: Path, stem: str) -> Path:
    check_mp4(data[:8])
    folder.mkdir(parents=True, exist_ok=True)
    fd, temporary = _temp(folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        return claim(folder, stem, temporary)
    finally:
        temporary.unlink(missing_ok=True)


def save_url(client: Client, url: str, folder: Path, stem: str, attempts: int = 4) -> Path:
    """Download `url`; a broken transfer is retried and leaves no partial file."""
    folder.mkdir(parents=True, exist_ok=True)
    last = "no attempt"
    for attempt in range(attempts):
        fd, temporary = _temp(folder)
        try:
            with os.fdopen(fd, "wb") as out:
                received = 0
                with client.stream(url) as response:
                    if response.status_code != 200:
                        retry = response.status_code in (429, 500, 502, 503, 504)
                        last = f"HTTP {response.status_code}"
                        if response.status_code in (403, 404, 410):
                            raise ApiError(f"the video URL answered {response.status_code}: it may have expired; fetch a fresh one with `kscript download ID`")
                        if not retry:
                            raise ApiError(f"the video URL answered {response.status_code}")
                        raise ConnectionError(last)
                    expected = response.headers.get("Content-Length")
                    head = b""
                    for chunk in response.iter_bytes(1 << 16):
                        if len(head) < 8:
                            head += chunk[: 8 - len(head)]
                        out.write(chunk)
                        received += len(chunk)
                    if expected is not None and expected.isdigit() and int(expected) != received:
                        raise ConnectionError(f"received {received} of {expected} bytes")
                    check_mp4(head)
                out.flush()
                os.fsync(out.fileno())
            return claim(folder, stem, temporary)
        except BadVideo as exc:
            raise ApiError(f"download of {stem}: {exc}") from None
        except ApiError:
            raise
        except Exception as exc:  # noqa: BLE001 - any broken transfer is retried
            last = str(exc) or type(exc).__name__
            if attempt < attempts - 1:
                client.sleep(backoff(attempt, base=0.5, cap=10))
        finally:
            temporary.unlink(missing_ok=True)
    raise ApiError(f"the download of {stem} failed {attempts} times ({last}); run `kscript download` again later", exit_code=3)
