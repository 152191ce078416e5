"""Where a script names a file, what kind of value stands there, and the address a local file gets.

Pure functions over the model: no I/O. A value where an address is taken
(a cast member's `front` and `also`, an IMAGES entry, `Start frame`, `End
frame`, `Video`) is one of three things:

- a URL: it has a scheme (`https:`, and any other, which KS308 refuses);
- a chain, `last frame of scene ID` (any case), in `Start frame` only;
- a local path, relative to the script's folder: everything else.

A local file's address is a function of the assets repository, the sha256 of
its bytes and its name (ASSETS.md): compiling needs no network, and gives the
same request before and after the upload.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kscript.language.model import Script, Span

CHAIN = re.compile(r"last\s+frame\s+of\s+scene\s+(\S+)\Z", re.IGNORECASE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+:")  # one letter and a colon is a Windows drive, not a scheme
_REPO_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*\Z")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._\-]")
BRANCH = "main"
FOLDER = "kscript"


class Use:
    """One value where an address is taken. (A plain class: this module is on every lint's
    path, and a NamedTuple execs code at import.)"""

    __slots__ = ("value", "span", "what", "kind", "owner")

    def __init__(self, value: str, span: Span, what: str, kind: str, owner: str) -> None:
        self.value = value  # as written, trimmed
        self.span = span  # the value, where a diagnostic points
        self.what = what  # "the front image of MARA", "the start frame of scene 2"
        self.kind = kind  # "image" or "video"
        self.owner = owner  # "member:mara", "image:depot", "scene:2:start frame", "title:video"


def kind_of(value: str) -> str:
    """`url`, `chain` or `local`."""
    text = value.strip()
    if CHAIN.match(text):
        return "chain"
    if _SCHEME.match(text):
        return "url"
    return "local"


def chain_of(value: str) -> str | None:
    """The scene id a `last frame of scene ID` names, else None."""
    match = CHAIN.match(value.strip())
    return match.group(1) if match else None


def repo_problem(value: object) -> str | None:
    """Why `value` cannot be an `assets-repo` setting (`namespace/name`), or None."""
    if not isinstance(value, str):
        return 'must be a string such as "my-team/film-assets"'
    parts = value.split("/")
    if len(parts) != 2 or not all(_REPO_PART.match(p) for p in parts):
        return f'must be "namespace/name" (letters, digits, `-`, `_`, `.`), such as "my-team/film-assets", not {value!r}'
    return None


def stored_name(filename: str) -> str:
    """The file's name as stored: its base name, with characters a URL would have to escape
    written as `_` (so the address is the same text everywhere it is shown)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1] or "file"
    return _SAFE_NAME.sub("_", base)


def repo_path(sha256: str, filename: str) -> str:
    """Where in the repository a file of these bytes and this name is stored."""
    return f"{FOLDER}/{sha256[:16]}/{stored_name(filename)}"


def address(base_url: str, repo: str, sha256: str, filename: str) -> str:
    """`{base}/api/repos/{namespace}/{name}/file/main/kscript/{sha256[:16]}/{name}`."""
    return f"{base_url.rstrip('/')}/api/repos/{repo}/file/{BRANCH}/{repo_path(sha256, filename)}"


def uses(script: Script) -> Iterator[Use]:
    """Every value where an address is taken, in file order of the blocks."""
    for member in script.cast:
        if member.front is not None:
            yield Use(member.front.value.strip(), member.front.value_span, f"the front image of {member.name}", "image", f"member:{member.name.lower()}")
        for also in member.also:
            yield Use(also.value.strip(), also.value_span, f"an `also` image of {member.name}", "image", f"member:{member.name.lower()}")
    for image in script.images:
        yield Use(image.url.strip(), image.url_span, f"image `{image.name}`", "image", f"image:{image.name.lower()}")
    for setting in script.title_page:
        if setting.known and setting.key == "video":
            yield Use(setting.value.strip(), setting.value_span, "the video", "video", "title:video")
    for scene in script.scenes:
        for setting in scene.settings:
            if setting.known and setting.key in ("start frame", "end frame", "video"):
                kind = "video" if setting.key == "video" else "image"
                yield Use(" ".join(setting.value.split()), setting.value_span, f"the {setting.key} of scene {scene.id}", kind, f"scene:{scene.id}:{setting.key}")


def names_local_files(script: Script) -> bool:
    """Whether the script names any local file or chain (the assets pass runs only then)."""
    return any(kind_of(u.value) != "url" for u in uses(script) if u.value)
