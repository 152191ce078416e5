"""Finding a script's downloaded videos: through the journal, or by name in a folder.

Downloads are named `<stem>.<scene>.<n>.mp4`, drafts `<stem>.<scene>.draft.<n>.mp4`
(with `-2`, `-3`… when a name was taken). The journal, where it recorded a download, says which generation a file
came from, its state and what the API charged for it (once `status --cost`
asked); a folder given by the user is read by name alone.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from kscript.core.words import counted
from kscript.language.source import stem_of

_REAL = re.compile(r"(.+)\.(\d+)(?:-(\d+))?\.mp4\Z")
_DRAFT = re.compile(r"(.+)\.draft\.(\d+)(?:-(\d+))?\.mp4\Z")


@dataclass(slots=True)
class Video:
    scene: str
    path: Path
    # Oldest first, a scene's drafts before its real generations (the last is the one a film uses):
    # (draft first, time or enqueue, generation number, suffix or download time).
    order: tuple[bool, float, int, float]
    generation_id: str | None = None
    state: str | None = None
    cost: str | None = None
    draft: bool = False  # a `--draft` preview, not the scene's real generation


def in_folder(folder: Path, stem: str, scene_ids: list[str]) -> dict[str, list[Video]]:
    """`<stem>.<scene>.<n>.mp4` (and drafts' `<stem>.<scene>.draft.<n>.mp4`) files of each
    scene in `folder`, oldest first, drafts before real generations. One pass over the names."""
    found: dict[str, list[Video]] = {s: [] for s in scene_ids}
    try:
        names = os.listdir(folder)
    except OSError:
        return found
    prefix = f"{stem}."
    for name in names:
        if not name.startswith(prefix):
            continue
        rest = name[len(prefix):]
        draft = True
        match = _DRAFT.fullmatch(rest)
        if match is None or match.group(1) not in found:
            draft, match = False, _REAL.fullmatch(rest)
        if match is None or match.group(1) not in found:
            continue
        path = folder / name
        if not path.is_file():
            continue
        scene = match.group(1)
        mtime = path.stat().st_mtime
        found[scene].append(Video(scene, path, (not draft, mtime, int(match.group(2)), int(match.group(3) or 1)), draft=draft))
    for videos in found.values():
        videos.sort(key=lambda v: v.order)
    return found


def from_journal(folder: Path, script: str, scene_ids: list[str]) -> tuple[dict[str, list[Video]], list[str]]:
    """The downloads the journal in `folder` records for `script`'s scenes, and what to
    warn about reading it.

    The journal is read by the one reader `plan` and `status` use
    (kscript.oxen.journal.load: the same records, the same torn lines skipped),
    and a scene's generations are grouped into its enqueues as they group them
    (kscript.oxen.plan.histories), its `--draft` previews apart. Each scene's
    videos come drafts first, then oldest first by enqueue, generation number
    and download: the last is of the newest real enqueue that has a saved video,
    a draft only when the scene has no real one.
    """
    from kscript.oxen import journal
    from kscript.oxen.plan import histories

    found: dict[str, list[Video]] = {s: [] for s in scene_ids}
    try:
        book = journal.load(folder)
    except journal.JournalError as exc:
        return found, [f"{exc}; its videos are not shown"]
    notes = [f"{counted(book.skipped, 'unreadable record')} in {journal.JOURNAL} {'was' if book.skipped == 1 else 'were'} skipped"] if book.skipped else []
    index = histories(book)
    key = journal.script_key(script)
    for scene in scene_ids:
        for draft in (True, False):
            for position, submission in enumerate(index.get((key, scene, draft), [])):
                for entry in submission.entries:
                    for download in entry.downloads:
                        path = Path(download.file)
                        path = path if path.is_absolute() else folder / path
                        if not path.is_file():
                            continue  # moved or deleted since
                        found[scene].append(Video(
                            scene, path, (not draft, position, entry.index, download.time), entry.generation_id,
                            entry.status or "succeeded", None if entry.charged is None else f"{entry.charged:.3f}", draft,
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
