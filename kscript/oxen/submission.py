"""The shape of `kscript plan` and `kscript submit`: what goes in, what comes out, and what
happens in between.

- `SubmitRequest`: the script, its compiled scenes (in script order, so a scene
  that depends on another comes after it), the options, and the API's address.
- `Outcome`: what the run did: the scenes sent and skipped, the generations
  adopted from lost answers, the files uploaded before sending, the generation
  ids, the estimated cost of what was sent, the videos saved, and the exit code.
- Events: what the flow tells the user as it goes, as data. The command line
  turns them into text (kscript/cli/submit_text.py); a program can collect
  them. Only `confirm` asks something back. The uploads before the first
  enqueue (uploads.py) and the end of a wait (wait.py, `download --wait`
  too) speak through the same events.

The local files the scenes sent name are uploaded after the confirmation and
before the first enqueue (`Outcome.uploaded`); a scene that starts from another's
last frame waits (`Outcome.waiting`) until a `--wait` run has that video.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kscript.core.exits import Exit
from kscript.oxen.video_transfer import DEFAULT_MAX_VIDEO_MB

if TYPE_CHECKING:
    from kscript.models.live import Prices
    from kscript.oxen.journal import Entry
    from kscript.oxen.plan import ScenePlan


@dataclass(frozen=True)
class SubmitOptions:
    sync: bool = False  # the synchronous endpoint: one video per scene, nothing journalled
    generations: int | None = None  # num_generations for every scene (queue only)
    wait: bool = False  # wait for the generations and download their videos
    out: Path = Path(".")
    dry_run: bool = False
    yes: bool = False  # no question before spending
    max_cost: float | None = None
    timeout: float | None = None  # seconds for the whole wait
    force: bool = False  # send every selected scene, whatever the plan says
    draft: bool = False  # the scenes are drafts (kscript.compiler.draft), journalled apart
    max_bytes: int = DEFAULT_MAX_VIDEO_MB << 20  # the largest video a download accepts


@dataclass(frozen=True)
class SubmitRequest:
    file: str  # as the user wrote it (`-` for standard input)
    scenes: list  # compiled scenes (kscript.compiler.scenes.CompiledScene), in script order
    base_url: str  # the API they go to, and whose prices the estimate uses
    options: SubmitOptions = field(default_factory=SubmitOptions)
    assets: Any = None  # the assets pass's Resolution: local files to upload, chained scenes (kscript.oxen.uploads)


@dataclass
class Outcome:
    exit: Exit = Exit.OK
    sent: list[str] = field(default_factory=list)  # scene ids enqueued (or generated, with --sync)
    skipped: list[str] = field(default_factory=list)  # scene ids the plan did not send
    held: list[str] = field(default_factory=list)  # of those, the ones with a lost answer (pending, unconfirmed)
    adopted: list[str] = field(default_factory=list)  # generation ids found on the API for lost answers
    uploaded: list[str] = field(default_factory=list)  # local files uploaded for the scenes sent
    generation_ids: list[str] = field(default_factory=list)  # of the scenes sent
    cost: float = 0.0  # the estimate of what was sent, in dollars
    saved: list[Path] = field(default_factory=list)  # videos written (--sync)
    waiting: list[str] = field(default_factory=list)  # scene ids that wait for another scene's last frame


# -- events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Said:
    """A line for the user: progress and warnings on standard error, or (`result`) a result
    on standard output."""

    text: str
    result: bool = False


@dataclass(frozen=True)
class Planned:
    """The plan of every selected scene, priced; `result`: it is the command's output (plan)."""

    plans: list[ScenePlan]
    prices: Prices
    result: bool = False
    uploads: list = field(default_factory=list)  # the local files the scenes sent would upload first (kscript.oxen.uploads.Asset)
    repo: str | None = None  # the repository they go to


@dataclass(frozen=True)
class Estimated:
    """The estimate of a synchronous run, one row per scene (kscript.oxen.pricing.estimate)."""

    rows: list[dict[str, Any]]
    prices: Prices


@dataclass(frozen=True)
class Held:
    """A scene not sent because its last enqueue's answer was lost (the note says why)."""

    scene: str
    note: str


@dataclass(frozen=True)
class Queued:
    """A generation id the queue answered, journalled."""

    entry: Entry


@dataclass(frozen=True)
class WouldSend:
    """A request `--dry-run` shows instead of sending (the key is no part of it: whoever shows
    it says whether one is set, masked)."""

    url: str
    body: dict[str, Any]


@dataclass(frozen=True)
class WouldUpload:
    """The uploads `--dry-run` shows instead of making them."""

    base_url: str
    repo: str | None
    assets: list


@dataclass(frozen=True)
class RepoCreated:
    """The assets repository was missing and is now created."""

    repo: str


@dataclass(frozen=True)
class Uploaded:
    """A local file (kscript.check.assets.Asset) stored in `repo` and journalled; `already`:
    it was there before (a lost answer's upload, or another folder's), so not sent again."""

    asset: Any
    repo: str
    already: bool = False


@dataclass(frozen=True)
class NotPublic:
    """An uploaded file's address does not answer without the key (`status`: what it
    answered, None for nothing): the model service, which reads it so, may not get it."""

    asset: Any
    repo: str
    status: int | None


@dataclass(frozen=True)
class VideoSaved:
    path: Path


# The wait's progress (kscript/oxen/wait.py): one WaitBegan, then changes, then one WaitEnded.
# The command line draws them (kscript/cli/progress.py): a bar and a table on a terminal,
# log lines elsewhere.


@dataclass(frozen=True)
class WaitBegan:
    """The generations waited for: id -> label (`<stem> scene <id> #<n>`)."""

    labels: dict[str, str]


@dataclass(frozen=True)
class GenerationState:
    """A generation's state in the wait: as the API says it (queued, processing), or what the
    wait did (downloading, saved <path>, failed: <why>, ...)."""

    gid: str
    label: str
    state: str


@dataclass(frozen=True)
class DownloadBytes:
    """Bytes of a video arrived so far (a few times a second at most); `total` when announced."""

    gid: str
    done: int
    total: int | None


@dataclass(frozen=True)
class WaitNote:
    """A line about the wait as a whole (the event stream dropped, a journal not written)."""

    text: str


@dataclass(frozen=True)
class WaitEnded:
    """The wait is over (every generation ended, or it was interrupted or timed out)."""


WaitEvent = WaitBegan | GenerationState | DownloadBytes | WaitNote | WaitEnded
Event = Said | Planned | Estimated | Held | Queued | WouldSend | WouldUpload | RepoCreated | Uploaded | NotPublic | VideoSaved | WaitEvent


class Events(Protocol):
    def emit(self, event: Event) -> None: ...

    def confirm(self, question: str) -> bool:
        """Asked only on a terminal, before spending: True to go on."""
        ...
