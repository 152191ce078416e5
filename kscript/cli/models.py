"""`kscript models`: the model profiles, and whether the API still serves them."""

from __future__ import annotations

import sys

import click

from kscript.cli.common import Fail, dump_json, load_config
from kscript.core.exits import Exit


def _models_of(file: str, cfg) -> list[str]:
    """The models a script (or payload file) uses, in order of first use."""
    from kscript.check.runner import lint_path

    result = lint_path(file, cfg)
    if result.read_error:
        raise Fail(f"{result.path}: cannot read: {result.read_error}")
    if result.compiled:
        return list(dict.fromkeys(str(c.request["model"]) for c in result.compiled))
    if result.script is None:  # a payload file: its `model`
        from kscript.check.runner import read_file
        from kscript.payload.read import read_documents

        documents, _ = read_documents(result.path, read_file(file))  # a JSON lines file holds one request a line
        found = []
        for document in documents:
            if isinstance(document.data, dict):
                document.unwrap()  # a body wrapped in `input` names its model inside
                found.append(document.data.get("model"))
        found = [model for model in found if isinstance(model, str)]
        if found:
            return list(dict.fromkeys(found))
    from kscript.models.profiles import DEFAULT_MODEL

    return [DEFAULT_MODEL]


@click.command()
@click.argument("file", required=False, type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--check", "live", is_flag=True, help="Ask the API (GET /api/ai/models/ID) whether each model is served, and its price.")
@click.option("--base-url", help="The API's base URL (else KSCRIPT_BASE_URL, else the configuration's base-url, else https://hub.oxen.ai).")
def models(file, fmt, live, base_url) -> None:
    """List the Kling models kscript compiles for (those FILE uses, when given)."""
    from kscript.formats.escape import untrusted
    from kscript.models import listing
    from kscript.models.live import MISSING, successor_text
    from kscript.models.profiles import BY_ID, PROFILES

    cfg = load_config()
    ids = _models_of(file, cfg) if file else [p.id for p in PROFILES]
    statuses = {}
    if live:
        from kscript.cli.oxen import base_url_for, configured_in, make_client, run_api
        from kscript.oxen.served import check

        client = make_client(base_url_for(base_url, cfg), attempts=3, configured=configured_in(base_url, cfg))
        with client:
            found: list = []
            code = run_api(lambda: found.extend(check(client, ids, use_cache=False)) or 0)
            if code:
                sys.exit(code)
        statuses = {s.model: s for s in found}
    if fmt == "json":
        rows = []
        for model in ids:
            prof = BY_ID.get(model)
            row = listing.row(prof) if prof else {"id": model, "unknown": True}
            status = statuses.get(model)
            if status is not None:
                row["api"] = {"state": status.state, "message": status.message or None, "price_per_second": status.price}
            rows.append(row)
        click.echo(dump_json(rows))
    else:
        click.echo(_table(ids, statuses))
    missing = [s for s in statuses.values() if s.state == MISSING]
    for status in missing:
        click.echo(f"kscript: `{untrusted(status.model)}` is not served by the API ({untrusted(status.message)}); {successor_text(status.model)}", err=True)
    if missing:
        sys.exit(Exit.FAIL)


def _table(ids: list[str], statuses: dict) -> str:
    from kscript.formats.escape import untrusted
    from kscript.models import listing
    from kscript.models.profiles import BY_ID

    header = ["model", "$/s", "duration", "shots", "slots", "inputs"]
    if statuses:
        header.append("API")
    rows = [header]
    unconfirmed = False
    for model in ids:
        prof = BY_ID.get(model)
        if prof is None:
            rows.append([untrusted(model), "?", "?", "?", "?", "unknown model (KS106)"] + ([""] if statuses else []))
            continue
        price = f"{prof.price:.3f}" + ("" if prof.price_confirmed else "*")
        unconfirmed |= not prof.price_confirmed
        row = [prof.id, price, listing.durations_text(prof), str(prof.max_shots), listing.slots_text(prof), prof.inputs]
        status = statuses.get(model)
        if status is not None:
            if status.state == "missing":
                row.append(f"missing: {untrusted(status.message)}")  # the API's words, or a cache written from them
            else:
                row.append("live" + (f", ${status.price:.3f}/s" if status.price is not None else ", no price given"))
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    if unconfirmed:
        lines.append("* not published: an assumed price, estimates using it say so (`kscript models --check` asks the API)")
    return "\n".join(lines)
