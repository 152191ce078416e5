"""A scene's last frame, for the scenes that start where it ends.

`Start frame: last frame of scene ID` takes the last frame of scene ID's
latest real (not draft) downloaded video: decoded at full size with PyAV,
saved as PNG under `.kscript/frames/` (named by the video's sha256, so a video
is decoded once), then uploaded like any local file.
"""

from __future__ import annotations

import os
from pathlib import Path

FRAMES = Path(".kscript") / "frames"


class FrameError(Exception):
    """The video cannot give a last frame; the message says why."""


def latest_video(script: str, scene: str) -> tuple[str, str] | None:
    """(path, sha256) of the newest real downloaded video of `scene` of `script` that is
    still on disk, from this folder's journal; None when there is none."""
    from kscript.oxen import journal

    try:
        book = journal.load()
    except journal.JournalError:
        return None
    key = journal.script_key(script)
    best: tuple[float, int, str, str] | None = None
    for entry in book.generations.values():
        if entry.draft or entry.scene != scene or entry.status != "succeeded" or journal.script_key(entry.script) != key:
            continue
        for download in entry.downloads:
            if os.path.isfile(download.file):
                rank = (entry.time, -entry.index, download.file, download.sha256)
                if best is None or rank[:2] > best[:2]:
                    best = rank
    return None if best is None else (best[2], best[3])


def upload_name(script: str, scene: str) -> str:
    from kscript.language.source import stem_of

    return f"{stem_of(script)}.{scene}.last-frame.png"


def find(script: str, scene: str) -> tuple[str, str] | None:
    """(PNG path, upload name) of `scene`'s last frame, extracted now if its video is
    downloaded and the frame is not yet on disk; None when the scene has no video."""
    video = latest_video(script, scene)
    if video is None:
        return None
    path, sha256 = video
    target = FRAMES / f"{sha256[:16]}.png"
    if not target.is_file():
        try:
            extract_last_frame(path, target)
        except FrameError:
            return None
    return str(target), upload_name(script, scene)


def extract_last_frame(video: str, target: Path) -> Path:
    """Decode `video` to its end and save its last frame, at full size, as a PNG at `target`."""
    import av

    from kscript.core.atomic import write_file

    last = None
    try:
        with av.open(video) as container:
            if not container.streams.video:
                raise FrameError(f"{video} holds no video stream")
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            for frame in container.decode(stream):
                last = frame
            image = last.to_image() if last is not None else None
    except (av.error.FFmpegError, OSError) as exc:
        raise FrameError(f"cannot decode {video}: {exc}") from None
    if image is None:
        raise FrameError(f"{video} has no frame")
    import io

    target.parent.mkdir(parents=True, exist_ok=True)
    data = io.BytesIO()
    image.save(data, format="PNG")
    write_file(target, data.getvalue())  # readers see no frame or the whole frame
    return target
