"""What a submit costs: the prices of the API the requests go to, each scene's estimate, and
a draft's saving against the real run. Pure functions over the compiled scenes and the
prices (kscript.models.live: live answers cached a day, else the models' profiles)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kscript.models.live import Prices


def prices_for(base_url: str) -> Prices:
    """The prices of the API at `base_url`: the live ones it answered (`kscript models --check`,
    or a submit's model check; cached a day), else the models' profiles (kscript.models)."""
    from kscript.models.live import Prices

    return Prices(base_url)


def price_tag(prices: Prices, model: str) -> str:
    found = prices.of(model)
    return " live" if found.source == "live" else ("" if found.confirmed else " unconfirmed")


def money(amount: float) -> str:
    return f"${amount:.2f}"


def estimate(compiled, generations: int | None, sync: bool, prices: Prices) -> list[dict[str, Any]]:
    from kscript.models.live import billed_seconds

    rows = []
    for c in compiled:
        model = c.request["model"]
        n = 1 if sync else (generations or c.request.get("num_generations") or 1)
        seconds = billed_seconds(c)[0]
        rows.append({"scene": c.scene.id, "shots": len(c.shots), "seconds": seconds, "n": n, "cost": seconds * prices.of(model).for_request(c.request) * n, "model": model,
                     "body": c.request})
    return rows


def prices_note(bodies, prices: Prices) -> str:
    """The prices the estimate used: each model's per second, and its price with sound where
    the API gave one and a request asks for sound (`generate_audio`)."""
    rates: dict[tuple[str, bool], float] = {}
    for body in bodies:
        model = str(body.get("model"))
        price = prices.of(model)
        audio = body.get("generate_audio") is True and price.per_second_with_audio is not None
        rates[(model, audio)] = price.for_request(body)
    return ", ".join(
        f"{m} at ${rate:.3f}/s{' with audio' if audio else ''}{price_tag(prices, m)}" for (m, audio), rate in sorted(rates.items())
    )


def draft_saving(drafts, generations: int | None, base_url: str) -> str:
    """One line: what the drafts cost against the real run (the models' prices, live when
    fetched from the API at `base_url`)."""
    prices = prices_for(base_url)
    real = sum(r["cost"] for r in estimate([d.real for d in drafts], generations, False, prices))
    draft = sum(r["cost"] for r in estimate([d.scene for d in drafts], generations, False, prices))
    saving = real - draft
    share = f", {saving / real:.0%}" if real > 0 else ""
    return f"draft: ${draft:.2f} instead of ${real:.2f} for the real run (saving ${saving:.2f}{share})"
