"""Configuration: `[tool.kscript]` in pyproject.toml, or kscript.toml, found by walking up."""

from __future__ import annotations

import os
from typing import Any


class ConfigError(ValueError):
    """The configuration file cannot be used; the message says why and where."""


class Config:
    # Written out rather than @dataclass (an exec at import): this module is on every lint's path.
    def __init__(
        self,
        path: str | None = None,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        per_file_ignores: dict[str, list[str]] | None = None,
        image_count: str = "slots",
        base_url: str | None = None,
        namespace: str | None = None,
        generations: int | None = None,
        max_video_mb: int = 2048,
        speech_rate: float = 2.5,
        assets_repo: str | None = None,
    ) -> None:
        self.path = path
        self.select = [] if select is None else select
        self.ignore = [] if ignore is None else ignore
        self.per_file_ignores = {} if per_file_ignores is None else per_file_ignores
        self.image_count = image_count
        self.base_url = base_url
        self.namespace = namespace
        self.generations = generations
        self.max_video_mb = max_video_mb  # a download larger than this is stopped and deleted
        self.speech_rate = speech_rate  # words a second a line is spoken at (KS505)
        self.assets_repo = assets_repo  # "namespace/name": the Oxen repository local files are uploaded to

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Config) and vars(self) == vars(other)

    def __repr__(self) -> str:
        return f"Config({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"

    @property
    def root(self) -> str:
        return os.path.dirname(self.path) if self.path is not None else os.getcwd()

    def ignored_for(self, file: str) -> list[str]:
        if not self.per_file_ignores:
            return []
        import fnmatch

        absolute = os.path.realpath(file)
        relative = os.path.relpath(absolute, os.path.realpath(self.root)).replace(os.sep, "/")
        codes: list[str] = []
        for pattern, ignored in self.per_file_ignores.items():
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(os.path.basename(absolute), pattern):
                codes.extend(ignored)
        return codes

    def compile_defaults(self) -> dict[str, Any]:
        defaults: dict[str, Any] = {}
        if self.namespace:
            defaults["namespace"] = self.namespace
        if self.generations:
            defaults["generations"] = self.generations
        return defaults


def _codes(value: Any, key: str, path: str) -> list[str]:
    if isinstance(value, str):
        value = [v for v in value.replace(" ", "").split(",") if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: `{key}` must be a list of codes such as [\"KS306\", \"KS5\"]")
    return [v.strip().upper() for v in value]


def find(start: str | None = None) -> str | None:
    folder = os.path.realpath(start or os.getcwd())
    while True:
        candidate = os.path.join(folder, "kscript.toml")
        if os.path.isfile(candidate):
            return candidate
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate) and _has_section(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _has_section(path: str) -> bool:
    try:
        return "[tool.kscript" in _read(path)
    except (OSError, UnicodeDecodeError):
        return False


def load(start: str | None = None) -> Config:
    path = find(start)
    if path is None:
        return Config()
    import tomllib

    try:
        data = tomllib.loads(_read(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("kscript", {})
    elif "tool" in data:
        data = _tool_table(data, path)
    return from_mapping(data, path)


def _tool_table(data: dict[str, Any], path: str) -> dict[str, Any]:
    """A kscript.toml may hold the `[tool.kscript]` table copied from a pyproject.toml."""
    tool = data["tool"]
    if not isinstance(tool, dict) or not isinstance(tool.get("kscript"), dict):
        raise ConfigError(f"{path}: `tool` holds no `[tool.kscript]` table; write kscript's keys at the top of kscript.toml")
    others = [key for key in data if key != "tool"]
    if others:
        raise ConfigError(
            f"{path}: keys both at the top (`{others[0]}`) and in `[tool.kscript]`; keep one place, "
            "the top of kscript.toml or `[tool.kscript]`"
        )
    return tool["kscript"]


KNOWN_KEYS = ("select", "ignore", "per-file-ignores", "image-count", "base-url", "namespace", "generations", "max-video-mb", "speech-rate", "assets-repo")


def from_mapping(data: dict[str, Any], path: str) -> Config:
    from kscript.core.words import did_you_mean

    config = Config(path=path)
    for key in data:
        if key not in KNOWN_KEYS:
            guess = did_you_mean(key, KNOWN_KEYS)
            hint = f"; did you mean `{guess}`?" if guess else f"; known keys: {', '.join(KNOWN_KEYS)}"
            raise ConfigError(f"{path}: unknown key `{key}`{hint}")
    if "select" in data:
        config.select = _codes(data["select"], "select", path)
    if "ignore" in data:
        config.ignore = _codes(data["ignore"], "ignore", path)
    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(f"{path}: `per-file-ignores` must be a table of glob = [codes]")
    config.per_file_ignores = {str(k): _codes(v, f"per-file-ignores.{k}", path) for k, v in pfi.items()}
    count = data.get("image-count", "slots")
    if count not in ("slots", "strict"):
        raise ConfigError(f'{path}: `image-count` must be "slots" or "strict", not {count!r}')
    config.image_count = count
    base = data.get("base-url")
    if base is not None and not isinstance(base, str):
        raise ConfigError(f"{path}: `base-url` must be a string")
    config.base_url = base
    namespace = data.get("namespace")
    if namespace is not None and not isinstance(namespace, str):
        raise ConfigError(f"{path}: `namespace` must be a string")
    config.namespace = namespace
    generations = data.get("generations")
    if generations is not None and (isinstance(generations, bool) or not isinstance(generations, int) or not 1 <= generations <= 4):
        raise ConfigError(f"{path}: `generations` must be an integer from 1 to 4")
    config.generations = generations
    cap = data.get("max-video-mb", config.max_video_mb)
    if isinstance(cap, bool) or not isinstance(cap, int) or cap < 1:
        raise ConfigError(f"{path}: `max-video-mb` must be a whole number of megabytes, at least 1 (default 2048)")
    config.max_video_mb = cap
    rate = data.get("speech-rate", config.speech_rate)
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0.5 <= rate <= 10:
        raise ConfigError(f"{path}: `speech-rate` must be a number of words a second from 0.5 to 10 (default 2.5)")
    config.speech_rate = float(rate)
    repo = data.get("assets-repo")
    if repo is not None:
        from kscript.assets.names import repo_problem

        problem = repo_problem(repo)
        if problem:
            raise ConfigError(f"{path}: `assets-repo` {problem}")
    config.assets_repo = repo
    return config


def environ_base_url() -> str | None:
    return os.environ.get("KSCRIPT_BASE_URL") or None
