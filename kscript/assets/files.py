"""What a local file is: its bytes' sha256 and size, its type by content, and its
dimensions and length.

The type comes from the file's first bytes, never its name. Pillow reads an
image's dimensions and PyAV a video's; both are imported here only, and only
when a script names a local file (start-up is measured). Facts are kept per
file, size and modification time for the life of the process (the language
server lints the same script again on every key press).
"""

from __future__ import annotations

import hashlib
import os
import stat

IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
MISSING = "does not exist"
VIDEO_FORMATS = ("MP4", "MOV")
# A file larger than this is not hashed (nothing takes it): the limits name it first.
HASH_LIMIT = 1 << 30


class Facts:
    """What was learnt of one file; `problem` says why it cannot be used at all."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problem: str | None = None
        self.size = 0
        self.sha256 = ""
        self.format: str | None = None  # one of IMAGE_FORMATS or VIDEO_FORMATS, or None: neither
        self.width = 0
        self.height = 0
        self.seconds: float | None = None  # videos only
        self.unreadable: str | None = None  # the decoder's complaint, when the header says image/video but it cannot be read

    @property
    def kind(self) -> str | None:
        if self.format in IMAGE_FORMATS:
            return "image"
        if self.format in VIDEO_FORMATS:
            return "video"
        return None


_CACHE: dict[tuple[str, int, int], Facts] = {}


def sniff(head: bytes) -> str | None:
    """The format the first bytes of a file announce, or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "MOV" if brand == b"qt  " else "MP4"
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"pnot", b"skip"):
        return "MOV"  # a QuickTime file of before `ftyp`
    return None


def inspect(path: str) -> Facts:
    """The facts of the file at `path` (its problem set when it cannot be used at all)."""
    facts = Facts(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        facts.problem = MISSING
        return facts
    except OSError as exc:
        facts.problem = f"cannot be read ({exc.strerror or exc})"
        return facts
    if stat.S_ISDIR(info.st_mode):
        facts.problem = "is a folder, not a file"
        return facts
    if not stat.S_ISREG(info.st_mode):
        facts.problem = "is not a regular file"
        return facts
    key = (os.path.realpath(path), info.st_size, info.st_mtime_ns)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    facts.size = info.st_size
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
            facts.format = sniff(head)
            if facts.size <= HASH_LIMIT:
                digest = hashlib.sha256(head)
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
                facts.sha256 = digest.hexdigest()
    except OSError as exc:
        facts.problem = f"cannot be read ({exc.strerror or exc})"
        return facts
    if facts.kind == "image":
        _measure_image(facts)
    elif facts.kind == "video":
        _measure_video(facts)
    _CACHE[key] = facts
    return facts


def _measure_image(facts: Facts) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(facts.path) as image:
            facts.width, facts.height = image.size
            image.verify()  # the whole file, not only its header: a truncated or corrupt image fails the paid job
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        facts.unreadable = str(exc) or type(exc).__name__


def _measure_video(facts: Facts) -> None:
    import av

    try:
        with av.open(facts.path) as container:
            streams = container.streams.video
            if not streams:
                facts.unreadable = "it holds no video stream"
                return
            stream = streams[0]
            facts.width, facts.height = stream.codec_context.width, stream.codec_context.height
            if container.duration is not None:
                facts.seconds = container.duration / 1_000_000
            elif stream.duration is not None and stream.time_base is not None:
                facts.seconds = float(stream.duration * stream.time_base)
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        facts.unreadable = str(exc) or type(exc).__name__
