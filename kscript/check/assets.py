"""The assets pass: local files and chained start frames, before and after compiling.

Before compiling (`resolve`): each local file is read (type, size, dimensions,
sha256) and given its address in the assets repository; each `last frame of
scene ID` is given the address of that scene's last frame when it exists on
disk. After compiling (`check`): each file is held against the limits of the
models of the scenes that send it, and diagnostics say what is wrong at the
line that names the file (KS313: the file; KS312: no `assets-repo`).

It runs only for a script that names a local file or a chain
(kscript.assets.names.names_local_files): a script of URLs never reads a file
or imports Pillow.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from kscript.assets import names
from kscript.assets.files import MISSING, Facts, inspect
from kscript.core.diagnostics import Diagnostic
from kscript.language.model import Script

if TYPE_CHECKING:
    from kscript.compiler.scenes import CompiledScene

DEFAULT_BASE_URL = "https://hub.oxen.ai"


class Asset:
    """One file a request names: a local file of the script, or a scene's last frame."""

    def __init__(self, value: str, path: str, facts: Facts, address: str | None, repo_path: str, what: str) -> None:
        self.value = value  # as written in the script (for a frame: `last frame of scene ID`)
        self.path = path  # on disk
        self.facts = facts
        self.address = address  # None without an assets repository, or for a file that cannot be used
        self.repo_path = repo_path  # where in the repository it goes
        self.what = what  # "the front image of MARA"

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    @property
    def is_frame(self) -> bool:
        return self.what.startswith("the last frame of scene")

    def shown(self) -> str:
        """How a user knows it: the path as written, or which scene's last frame."""
        if self.is_frame:
            return f"{self.what.removeprefix('the ')} ({self.repo_path.rsplit('/', 1)[-1]})"
        return self.value


class Resolution:
    def __init__(self, folder: str, repo: str | None, base_url: str) -> None:
        self.folder = folder
        self.repo = repo
        self.base_url = base_url
        self.assets: dict[str, Asset] = {}  # value as written -> the local file
        self.frames: dict[str, Asset | None] = {}  # upstream scene id -> its last frame (None: not made yet)
        self.uses: list[names.Use] = []

    def addresses(self) -> dict[str, str]:
        """Value as written -> address, for the compiler."""
        found = {value: a.address for value, a in self.assets.items() if a.address}
        for use in self.uses:
            upstream = names.chain_of(use.value)
            if upstream is not None:
                frame = self.frames.get(_same_id(upstream, self.frames))
                if frame is not None and frame.address:
                    found[use.value] = frame.address
        return found


FrameFinder = Callable[[str], "tuple[str, str] | None"]  # scene id -> (PNG path, upload name), or None


def resolve(script: Script, *, folder: str, repo: str | None, base_url: str | None, frames: FrameFinder | None = None) -> Resolution:
    """Read every local file the script names and give it its address."""
    result = Resolution(folder, repo, (base_url or DEFAULT_BASE_URL).rstrip("/"))
    result.uses = list(names.uses(script))
    ids = dict.fromkeys(s.id for s in script.scenes)  # in order; looked up once per chained scene
    lowered: dict[str, str] = {}
    for scene_id in ids:
        lowered.setdefault(scene_id.lower(), scene_id)
    for use in result.uses:
        kind = names.kind_of(use.value)
        if kind == "local" and use.value and use.value not in result.assets:
            path = use.value if os.path.isabs(use.value) else os.path.normpath(os.path.join(folder, use.value))
            facts = inspect(path)
            result.assets[use.value] = _asset(result, use.value, path, facts, use.value, use.what)
        elif kind == "chain":
            written = names.chain_of(use.value) or ""
            upstream = written if written in ids else lowered.get(written.lower(), written)  # as _same_id finds it
            if upstream in ids and upstream not in result.frames:
                found = frames(upstream) if frames is not None else None
                if found is None:
                    result.frames[upstream] = None
                else:
                    path, name = found
                    result.frames[upstream] = _asset(result, use.value, path, inspect(path), name, f"the last frame of scene {upstream}")
    return result


def _asset(result: Resolution, value: str, path: str, facts: Facts, name: str, what: str) -> Asset:
    usable = facts.problem is None and facts.sha256
    repo_path = names.repo_path(facts.sha256, name) if usable else ""
    address = names.address(result.base_url, result.repo, facts.sha256, name) if usable and result.repo else None
    return Asset(value, path, facts, address, repo_path, what)


def _same_id(written: str, ids) -> str:
    """A scene id as the script gives it: `last frame of scene 1a` finds `#1A#`."""
    if written in ids:
        return written
    for scene_id in ids:
        if scene_id.lower() == written.lower():
            return scene_id
    return written


# -- after compiling: the limits of each scene's model ------------------------------------------


def check(result: Resolution, script: Script, compiled: list[CompiledScene], source) -> list[Diagnostic]:
    """KS313 for each local file that cannot be sent, KS312 when there is no assets repository."""
    path = source.path
    out: list[Diagnostic] = []
    models = _models_of_uses(script, compiled)
    reported: set[str] = set()
    first_local = None
    chains = 0
    for use in result.uses:
        asset = result.assets.get(use.value)
        upstream = names.chain_of(use.value)
        if upstream is not None:
            chains += 1
            first_local = first_local or use
            frame = result.frames.get(_same_id(upstream, result.frames))
            problems = _problems(frame.facts, use, models.get(use.owner, [])) if frame is not None else []
            if problems:
                # The frame is checked as any image is, before it is uploaded or sent.
                out.append(Diagnostic(
                    "KS313", "", f"{use.what} is {frame.what.removeprefix('the ')}, which " + "; it ".join(problems), use.span,
                    "the video of that scene is too small or too narrow to give a start frame: start this scene from an image instead", path,
                ))
            continue
        if asset is None:
            continue
        first_local = first_local or use
        key = f"{use.owner}\x00{use.value}"
        if key in reported:
            continue
        reported.add(key)
        problems = _problems(asset.facts, use, models.get(use.owner, []))
        if not problems:
            continue
        shown = os.path.relpath(asset.path) if not os.path.isabs(use.value) else asset.path
        missing = asset.facts.problem == MISSING
        message = f"{use.what}, `{use.value}`, " + "; it ".join(problems)
        if missing and not os.path.isabs(use.value):
            message += f" (looked for `{shown}`: a path is relative to the script's folder)"
        fix = None
        if asset.facts.problem == MISSING:
            from kscript.check.rules.ks308_invalid_url import scheme_fix

            fix = scheme_fix(source, use.value, use.span)
        out.append(Diagnostic("KS313", "", message, use.span, _help(asset.facts, use), path, fix))
    if first_local is not None and not result.repo:
        out.append(Diagnostic(
            "KS312", "",
            f"{use_count(result, chains)}: they are uploaded to an Oxen repository, and no `assets-repo` is configured",
            first_local.span,
            'add `assets-repo = "namespace/name"` to kscript.toml (or `[tool.kscript]` in pyproject.toml): '
            "kscript creates that repository if it is missing and uploads the files to it",
            path,
        ))
    return out


def use_count(result: Resolution, chains: int) -> str:
    from kscript.core.words import counted

    parts = [counted(len(result.assets), "local file")] if result.assets else []
    if chains:
        parts.append(counted(chains, "start frame") + " taken from another scene's last frame")
    return "the script names " + " and ".join(parts)


def _problems(facts: Facts, use: names.Use, models: list[tuple[str, str | None]]) -> list[str]:
    from kscript.assets.limits import limit_problems, type_problem

    if facts.problem is not None:
        return [facts.problem]
    if not models:
        models = [("kling-video-o3-pro-reference-to-video" if use.kind == "image" else "kling-video-o3-pro-video-to-video-edit", None)]
    for model, _ in models:
        problem = type_problem(facts, use.kind, model)
        if problem:
            return [problem]
    if facts.unreadable:
        return [f"is not a readable {facts.format} file ({facts.unreadable})"]
    found: list[str] = []
    for model, orientation in models:
        for problem in limit_problems(facts, use.kind, model, orientation):
            if problem not in found:
                found.append(problem)
    return found


def _help(facts: Facts, use: names.Use) -> str:
    if facts.problem == MISSING:
        from kscript.check.rules.ks308_invalid_url import with_scheme

        web = with_scheme(use.value)
        hint = f"; if it is a web address, write `{web}`" if web else ""
        return "correct the path, or put the file there" + hint
    if facts.problem is not None:
        return "name a regular file, relative to the script's folder"
    if use.kind == "image":
        return "save it as a PNG or JPEG of at most 10 MB, at least 300 px on its shorter side, between 1:2.5 and 2.5:1"
    return "give an MP4 or MOV video within the model's limits (`kscript models` lists them)"


def _models_of_uses(script: Script, compiled: list[CompiledScene]) -> dict[str, list[tuple[str, str | None]]]:
    """owner -> the (model, orientation) of each scene that sends it."""
    out: dict[str, list[tuple[str, str | None]]] = {}

    def add(owner: str, c: CompiledScene) -> None:
        entry = (str(c.request.get("model")), c.values.get("orientation"))
        out.setdefault(owner, [])
        if entry not in out[owner]:
            out[owner].append(entry)

    title_video = script.setting("video")
    for c in compiled:
        for member in c.elements:
            add(f"member:{member.name.lower()}", c)
        for image in c.images:
            add(f"image:{image.name.lower()}", c)
        for key in ("start frame", "end frame", "video"):
            own = c.scene.setting(key)
            if own is not None:
                add(f"scene:{c.scene.id}:{key}", c)
        if c.scene.setting("video") is None and title_video is not None and "video" in c.effective:
            add("title:video", c)
    return out
