"""`kscript submit`, `status`, `cancel` and `download`: the commands that talk to the Oxen API."""

from __future__ import annotations

import os
import sys

import click

from kscript.cli.common import Fail, FiniteFloat, checked_scenes, draft_option, drafted, load_config
from kscript.core.exits import Exit
from kscript.oxen.pricing import draft_saving


def base_url_for(option: str | None, cfg) -> str:
    """The API this command talks to, and whose live prices its estimates use."""
    from kscript.models.live import base_url

    return base_url(option, cfg.base_url)


def configured_in(option: str | None, cfg) -> str | None:
    """The configuration file the API's address comes from (no `--base-url`, no
    KSCRIPT_BASE_URL, a `base-url` in the file), else None."""
    if option or os.environ.get("KSCRIPT_BASE_URL") or not cfg.base_url:
        return None
    return str(cfg.path)


def run_api(fn, *args, **kwargs) -> int:
    """Run an API flow; its ApiError becomes one clear line and the right exit code."""
    import gc

    from kscript.formats.escape import untrusted
    from kscript.oxen.api import ApiError
    from kscript.oxen.journal import JournalError

    gc.enable()  # a wait may last an hour: let the collector run again (see main)

    try:
        return fn(*args, **kwargs)
    except KeyboardInterrupt:
        # Ctrl-C in a pause between retries (click would say "Aborted!" and exit 1).
        click.echo("kscript: interrupted", err=True)
        return Exit.INTERRUPTED
    except ApiError as exc:
        click.echo(f"kscript: error: {untrusted(exc.message)}", err=True)
        return exc.exit_code
    except JournalError as exc:
        click.echo(f"kscript: error: {untrusted(exc)}", err=True)
        return Exit.FAIL
    except BrokenPipeError:
        raise
    except OSError as exc:
        click.echo(f"kscript: error: {untrusted(exc.filename or '')}: {untrusted(exc.strerror or exc)}", err=True)
        return Exit.USAGE


def make_client(base_url: str, required: bool = True, attempts: int = 6, timeout: float | None = None, configured: str | None = None):
    """The API client, or a usage error naming what is wrong with the key (never the key).
    `timeout` (--timeout) is a deadline for the whole command: no retry waits past it.
    `configured`: the configuration file `base_url` comes from (`configured_in`). A folder's
    file alone cannot send the key to an API other than Oxen's: the command line or the
    environment must name the same address first."""
    import time

    from kscript.cli.console import echo
    from kscript.oxen.api import ApiError, Client, clean_key, is_oxen

    try:
        key = clean_key(os.environ.get("OXEN_API_KEY"))
        if key is None:
            if required:
                raise Fail("OXEN_API_KEY is not set: export your Oxen.ai API key first; nothing was sent")
            return None
        if configured is not None and not is_oxen(base_url):
            raise Fail(
                f"{configured}: base-url = \"{base_url}\" is not Oxen's API (https://hub.oxen.ai), and a folder's configuration "
                f"alone never receives your OXEN_API_KEY; if you trust it, confirm it with --base-url {base_url} "
                f"or KSCRIPT_BASE_URL={base_url}; nothing was sent"
            )
        deadline = None if timeout is None else time.monotonic() + timeout
        return Client(base_url, key, attempts=attempts, deadline=deadline, notify=lambda line: echo(line, err=True))
    except ApiError as exc:
        raise Fail(exc.message, exc.exit_code) from None


base_url_option = click.option("--base-url", help="The API's base URL (else KSCRIPT_BASE_URL, else the configuration's base-url, else https://hub.oxen.ai).")
timeout_option = click.option("--timeout", type=FiniteFloat(min=0), help="Give up after this many seconds (the whole command, retry pauses included).")
out_option = click.option("--out", "out_dir", type=click.Path(file_okay=False), default=".", show_default=True, help="Folder for the videos.")


@click.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--scene", "scenes", multiple=True, metavar="ID", help="Only this scene (repeatable).")
@click.option("--sync", is_flag=True, help="Use the synchronous endpoint (blocks for minutes per scene).")
@click.option("--generations", type=click.IntRange(1, 4), help="Generations per scene (1 to 4), each billed.")
@click.option("--wait", is_flag=True, help="Wait for the generations, then download the videos.")
@out_option
@click.option("--dry-run", is_flag=True, help="Print the HTTP requests, key masked, and send nothing.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask to confirm the cost.")
@click.option("--max-cost", type=FiniteFloat(min=0), metavar="USD", help="Refuse a run whose sent scenes are estimated to cost more.")
@click.option("--force", is_flag=True, help="Send every selected scene, even those the plan calls unchanged.")
@draft_option
@base_url_option
@timeout_option
def submit(file, scenes, sync, generations, wait, out_dir, dry_run, yes, max_cost, force, draft, base_url, timeout) -> None:
    """Apply FILE's plan: send its new, changed and failed scenes to the Oxen API (queue by
    default); with --wait, wait for them (and for earlier ones still in flight) and download."""
    from dataclasses import replace
    from pathlib import Path

    from kscript.oxen.submission import SubmitOptions, SubmitRequest

    if sync and generations is not None:
        raise Fail("--generations is for queue submissions; --sync makes one video per scene")
    cfg = load_config()
    url = base_url_for(base_url, cfg)
    result, compiled = checked_scenes(file, cfg, queue=not sync, scenes=scenes, base_url=url)
    if draft:
        drafts = drafted(result, compiled)
        compiled = [d.scene for d in drafts]
        click.echo(draft_saving(drafts, None if sync else generations, url), err=True)
    client = None if dry_run else make_client(url, timeout=timeout, configured=configured_in(base_url, cfg))
    options = SubmitOptions(
        sync=sync, generations=generations, wait=wait, out=Path(out_dir), dry_run=dry_run, yes=yes, max_cost=max_cost,
        timeout=timeout, force=force, draft=draft, max_bytes=cfg.max_video_mb << 20,
    )
    try:
        while True:
            code, waiting = submit_once(SubmitRequest(file, compiled, url, options, result.assets), client)
            if not (wait and waiting and code == 0 and not dry_run and not sync and not draft):
                break
            # `--wait` runs the chain: the videos are in, so the scenes that start from their last
            # frames can be compiled (the frames extracted) and sent now; the cost was confirmed.
            options = replace(options, yes=True, max_cost=None, force=False)
            result, compiled = checked_scenes(file, cfg, queue=True, scenes=scenes, base_url=url)
            still = [c.scene.id for c in compiled if c.waiting]
            if sorted(still) == sorted(waiting):
                ups = sorted({u for c in compiled if c.waiting for u in c.waiting})
                click.echo(f"kscript: error: scene{'s' if len(still) > 1 else ''} {', '.join(still)} still wait{'' if len(still) > 1 else 's'} for "
                           f"the last frame of scene {', '.join(ups)}, which has no downloaded video (see above); nothing more was sent", err=True)
                code = Exit.FAIL
                break
    finally:
        if client is not None:
            client.close()
    sys.exit(code)


def submit_once(request, client) -> tuple[int, list[str]]:
    """One run of the submit flow, its events printed: its exit code, and the scenes that
    still wait for another scene's last frame."""
    from kscript.cli.submit_text import TextEvents
    from kscript.oxen import submit as flow

    waiting: list[str] = []

    def run() -> int:
        outcome = flow.submit(request, client, TextEvents())
        waiting.extend(outcome.waiting)
        return outcome.exit

    return run_api(run), waiting


@click.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--scene", "scenes", multiple=True, metavar="ID", help="Only this scene (repeatable).")
@click.option("--generations", type=click.IntRange(1, 4), help="Plan as `submit --generations N` would send.")
@click.option("--force", is_flag=True, help="Plan as `submit --force` would send (every selected scene).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
@draft_option
@base_url_option
def plan(file, scenes, generations, force, fmt, draft, base_url) -> None:
    """Show what `kscript submit FILE` would send, and why; sends nothing.

    Each scene is new, changed (with what changed), unchanged (an identical
    request is queued, processing or succeeded), retry (its generations all
    failed or were cancelled), or pending/unconfirmed (an enqueue whose
    answer was lost). With OXEN_API_KEY set, it first asks the API about
    generations still in flight and about lost answers."""
    from kscript.cli.submit_text import TextEvents
    from kscript.oxen import submit as flow
    from kscript.oxen.submission import SubmitOptions, SubmitRequest

    cfg = load_config()
    result, compiled = checked_scenes(file, cfg, queue=True, scenes=scenes)
    drafts = drafted(result, compiled) if draft else []
    if draft:
        compiled = [d.scene for d in drafts]
    url = base_url_for(base_url, cfg)
    client = make_client(url, required=False, attempts=3, configured=configured_in(base_url, cfg))
    try:
        request = SubmitRequest(file, compiled, url, SubmitOptions(generations=generations, force=force, draft=draft), result.assets)
        code = run_api(lambda: flow.plan_command(request, client, TextEvents(fmt)).exit)
    finally:
        if client is not None:
            client.close()
    if drafts:
        # The saving against the real run of the same scenes (all of them, sent or not).
        click.echo(draft_saving(drafts, generations, url), err=fmt == "json")
    sys.exit(code)


@click.command()
@click.argument("ids", nargs=-1)
@click.option("--queue", "show_queue", is_flag=True, help="List what the API has queued or processing (GET /api/ai/queue).")
@click.option("--cost", "show_cost", is_flag=True, help="Show what each generation was charged (GET /api/ai/generations/ID) and the total.")
@base_url_option
def status(ids, show_queue, show_cost, base_url) -> None:
    """Show generations: the given IDs, or per scene the latest generations this folder's
    journal holds, their states and files."""
    from kscript.cli.submit_text import TextEvents
    from kscript.oxen import commands

    cfg = load_config()
    client = make_client(base_url_for(base_url, cfg), required=bool(ids or show_queue or show_cost), attempts=3, configured=configured_in(base_url, cfg))
    try:
        if show_queue:
            code = run_api(commands.queue_list, client, TextEvents())
        else:
            code = run_api(commands.status, client, list(ids), TextEvents(), show_cost)
    finally:
        if client is not None:
            client.close()
    sys.exit(code)


@click.command()
@click.argument("ids", nargs=-1, required=True)
@base_url_option
def cancel(ids, base_url) -> None:
    """Cancel queued or processing generations."""
    from kscript.cli.submit_text import TextEvents
    from kscript.oxen import commands

    cfg = load_config()
    client = make_client(base_url_for(base_url, cfg), attempts=3, configured=configured_in(base_url, cfg))
    with client:
        sys.exit(run_api(commands.cancel, client, list(ids), TextEvents()))


@click.command()
@click.argument("ids", nargs=-1, required=True)
@click.option("--wait", is_flag=True, help="Wait for unfinished generations first.")
@out_option
@base_url_option
@timeout_option
def download(ids, wait, out_dir, base_url, timeout) -> None:
    """Save finished generations' videos (never overwriting a file)."""
    from pathlib import Path

    from kscript.cli.submit_text import TextEvents
    from kscript.oxen import commands
    from kscript.oxen.wait import WaitOptions

    cfg = load_config()
    client = make_client(base_url_for(base_url, cfg), attempts=6 if wait else 3, timeout=timeout, configured=configured_in(base_url, cfg))
    options = WaitOptions(Path(out_dir), timeout, cfg.max_video_mb << 20)
    with client:
        sys.exit(run_api(commands.download, client, list(ids), options, TextEvents(), wait))
