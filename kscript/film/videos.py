"""Finding a script's downloaded videos: through the journal, or by name in a folder.

Downloads are named `<stem>.<scene>.<n>.mp4` (with `-2`, `-3`… when a name was
taken). The journal, where it recorded a download, says which generation a file
came from, its state and what the API charged for it (once `status --cost`
asked); a folder given by the user is read by name alone.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from kscript.language.source import stem_of

_TAIL = re.compile(r"(\d+)(?:-(\d+))?\.mp4\Z")


@dataclass(slots=True)
class Video:
    scene: str
    path: Path
    order: tuple[float, int, float]  # newest last: (time or enqueue, generation number, suffix or download time)
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


def from_journal(folder: Path, script: str, scene_ids: list[str]) -> tuple[dict[str, list[Video]], list[str]]:
    """The downloads the journal in `folder` records for `script`'s scenes, and what to
    warn about reading it.

    The journal is read by the one reader `plan` and `status` use
    (kscript.oxen.journal.load: the same records, the same torn lines skipped),
    and a scene's generations are grouped into its enqueues as they group them
    (kscript.oxen.plan.histories). Each scene's videos come oldest first, by
    enqueue, then generation number, then download: the last is of the newest
    enqueue that has a saved video.
    """
    from kscript.oxen import journal
    from kscript.oxen.plan import histories

    found: dict[str, list[Video]] = {s: [] for s in scene_ids}
    try:
        book = journal.load(folder)
    except journal.JournalError as exc:
        return found, [f"{exc}; its videos are not shown"]
    notes = [f"{book.skipped} unreadable record(s) in {journal.JOURNAL} were skipped"] if book.skipped else []
    index = histories(book)
    key = journal.script_key(script)
    for scene in scene_ids:
        for position, submission in enumerate(index.get((key, scene), [])):
            for entry in submission.entries:
                for download in entry.downloads:
                    path = Path(download.file)
                    path = path if path.is_absolute() else folder / path
                    if not path.is_file():
                        continue  # moved or deleted since
                    found[scene].append(Video(
                        scene, path, (position, entry.index, download.time), entry.generation_id,
                        entry.status or "succeeded", None if entry.charged is None else f"{entry.charged:.3f}",
                    ))
    for videos in found.values():
        videos.sort(key=lambda v: v.order)
    return found, notes


def find(script: str, scene_ids: list[str], videos_dir: Path | None, journal_folder: Path) -> tuple[dict[str, list[Video]], list[str]]:
    """Each scene's downloaded videos, oldest first: the folder given, else the journal's
    downloads, else `<stem>.<scene>.<n>.mp4` beside the journal; and warnings to show."""
    if videos_dir is not None:
        return in_folder(videos_dir, stem_of(script), scene_ids), []
    found, notes = from_journal(journal_folder, script, scene_ids)
    if any(found.values()):
        return found, notes
    return in_folder(journal_folder, stem_of(script), scene_ids), notes
