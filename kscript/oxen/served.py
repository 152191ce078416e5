"""Whether the API still serves a model (`GET /api/ai/models/{id}`), asked at most once a
day: the answers (and any live price they carry) are kept in the models cache of
kscript/models/live.py, which every estimate then reads without the network."""

from __future__ import annotations

import time

from kscript.formats.escape import untrusted
from kscript.models.live import MISSING, Status, cache_key, cached, from_record, load_cache, save_cache, successor_text
from kscript.oxen.api import ApiError


def check(client, models: list[str], *, use_cache: bool) -> list[Status]:
    """Ask the API about each model (or take the cache's answer of less than a day when
    `use_cache`), and remember the answers. Errors other than 404 propagate (ApiError)."""
    entries = load_cache()
    out: list[Status] = []
    changed = False
    for model in dict.fromkeys(models):
        found = cached(client.base_url, model, entries=entries) if use_cache else None
        if found is None:
            now = time.time()
            try:
                found = from_record(model, client.model(model), now)
            except ApiError as exc:
                if exc.status != 404:
                    raise
                found = Status(model, MISSING, now, exc.message.removeprefix("not found: "))
            entries[cache_key(client.base_url, model)] = found.as_dict()
            changed = True
        out.append(found)
    if changed:
        save_cache(entries)
    return out


def ensure_served(client, models: list[str]) -> list[Status]:
    """Refuse (ApiError, before anything is sent) when the API no longer serves one of
    `models`, naming the successor; answers are cached for a day."""
    statuses = check(client, models, use_cache=True)
    for status in statuses:
        if status.state == MISSING:
            raise ApiError(
                f"the API no longer serves `{status.model}` ({untrusted(status.message)}); nothing was sent. {successor_text(status.model)[0].upper()}{successor_text(status.model)[1:]}"
            )
    return statuses
