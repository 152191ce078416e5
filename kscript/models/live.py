"""What the API says about a model (`GET /api/ai/models/{id}`), cached for a day, and
the price every estimate uses.

The cache is one JSON file in the user cache folder (`$XDG_CACHE_HOME/kscript`,
else `~/.cache/kscript`: kscript's cache folder), keyed by API base URL and model id:
whether the model is served, and its live price when the answer carries
`pricing.cost_per_second`. Asking the API is kscript/oxen/served.py's work: this
module never touches the network, so plan, submit, status, the storyboard and
the editor can all read its prices (`Prices`, `price_of`). A live price is that of one API: every reader names the base URL
its requests go to (`base_url`: `--base-url`, else KSCRIPT_BASE_URL, else the
configuration's `base-url`, else the default), so a price fetched from one API
never prices requests sent to another.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from typing import Any

from kscript.models.profiles import BY_ID, default, profile

DAY = 24 * 3600
DEFAULT_BASE_URL = "https://hub.oxen.ai"
LIVE, MISSING = "live", "missing"


@dataclass(frozen=True, slots=True)
class Price:
    per_second: float
    confirmed: bool  # False: not published (omni) nor fetched, or an unknown model's guess
    source: str  # "live" (fetched from the API), "profile" or "guess" (an unknown model)
    per_second_with_audio: float | None = None

    def for_request(self, request: dict[str, Any]) -> float:
        if request.get("generate_audio") is True and self.per_second_with_audio is not None:
            return self.per_second_with_audio
        return self.per_second


@dataclass(frozen=True, slots=True)
class Status:
    model: str
    state: str  # LIVE or MISSING
    checked_at: float
    message: str = ""
    price: float | None = None  # pricing.cost_per_second, when the API gave it
    price_with_audio: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "checked_at": self.checked_at,
            "message": self.message,
            "price": self.price,
            "price_with_audio": self.price_with_audio,
        }


def cache_path() -> str:
    """KSCRIPT_MODELS_CACHE (a file; the tests' own), else `models.json` in kscript's cache
    folder, the one the grammar tables use (KSCRIPT_CACHE_DIR, else $XDG_CACHE_HOME/kscript,
    else ~/.cache/kscript)."""
    explicit = os.environ.get("KSCRIPT_MODELS_CACHE")
    if explicit:
        return explicit
    from kscript.core.cache import cache_dir

    return os.path.join(cache_dir(), "models.json")


def base_url(option: str | None = None, configured: str | None = None) -> str:
    """The API a command talks to: `--base-url`, else KSCRIPT_BASE_URL, else the
    configuration's `base-url`, else https://hub.oxen.ai."""
    return option or os.environ.get("KSCRIPT_BASE_URL") or configured or DEFAULT_BASE_URL


def cache_key(base_url: str, model: str) -> str:
    return f"{base_url.rstrip('/')} {model}"


def load_cache() -> dict[str, dict[str, Any]]:
    from kscript.core.cache import fetch

    stored = fetch(os.path.abspath(cache_path()))
    try:
        data = json.loads(stored) if stored is not None else None
    except ValueError:
        return {}  # a damaged cache: ask again
    entries = data.get("entries") if isinstance(data, dict) else None
    return entries if isinstance(entries, dict) else {}


def save_cache(entries: dict[str, dict[str, Any]]) -> None:
    """Write the cache atomically; a cache that cannot be written is only a cache."""
    from kscript.core.cache import store

    store(os.path.abspath(cache_path()), json.dumps({"version": 1, "entries": entries}, indent=1, sort_keys=True).encode("utf-8"))


def cached(base_url: str, model: str, *, now: float | None = None, entries: dict | None = None) -> Status | None:
    """The cached answer for `model` at `base_url` if it is less than a day old."""
    entry = (load_cache() if entries is None else entries).get(cache_key(base_url, model))
    if not isinstance(entry, dict):
        return None
    checked = entry.get("checked_at")
    now = time.time() if now is None else now
    if not isinstance(checked, (int, float)) or not 0 <= now - checked < DAY or entry.get("state") not in (LIVE, MISSING):
        return None
    return Status(model, entry["state"], float(checked), str(entry.get("message") or ""), _number(entry.get("price")), _number(entry.get("price_with_audio")))


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().lstrip("$"))
        except ValueError:
            return None
    else:
        return None
    return number if 0 <= number < 100 else None  # nan and absurd answers are no price


def from_record(model: str, record: Any, now: float) -> Status:
    pricing = record.get("pricing") if isinstance(record, dict) else None
    pricing = pricing if isinstance(pricing, dict) else {}
    return Status(model, LIVE, now, "", _number(pricing.get("cost_per_second")), _number(pricing.get("cost_per_second_with_audio")))


class Prices:
    """The prices a command's estimates use, for the API at `base_url`: a live price
    fetched from that API (cached, less than a day old), else the model's profile.
    The cache file is read once, and again after `forget` (a check fetched new answers).
    Never touches the network."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._entries: dict[str, dict[str, Any]] | None = None
        self._found: dict[str, Price] = {}

    def of(self, model: str) -> Price:
        found = self._found.get(model)
        if found is None:
            if self._entries is None:
                self._entries = load_cache()
            found = self._found[model] = _price(model, cached(self.base_url, model, entries=self._entries))
        return found

    def forget(self) -> None:
        self._entries = None
        self._found.clear()


def _price(model: str, status: Status | None) -> Price:
    if status is not None and status.state == LIVE and status.price is not None:
        return Price(status.price, True, "live", status.price_with_audio)
    prof = profile(model)
    if prof is None:
        return Price(default().price, False, "guess")
    return Price(prof.price, prof.price_confirmed, "profile")


def price_of(model: str, base_url: str) -> Price:
    """The price per second of `model` for requests sent to `base_url` (see `Prices`)."""
    return _price(model, cached(base_url, model))


def successor_text(model: str) -> str:
    prof = BY_ID.get(model)
    if prof is not None and prof.successor:
        return f"its successor is `{prof.successor}`: write `Model: {prof.successor}` and lint the script again"
    return "choose another model (`kscript models`)"


def billed_seconds(compiled) -> tuple[int, str | None]:
    """The seconds a scene is billed for, and a note when they are assumed.

    A model without duration bills the input video's length, which the script
    says only with `Video length:`; without it 5 seconds are assumed."""
    if compiled.profile.durations is not None:
        return compiled.total_duration, None
    setting = compiled.effective.get("video length")
    if setting is not None:
        from kscript.language.settings import parse_value

        value, problem = parse_value("video length", setting.value)
        if problem is None and isinstance(value, int):
            return value, None
    return 5, f"scene {compiled.scene.id}: the input video's length is unknown, 5 s assumed (say `Video length: 8s`)"
