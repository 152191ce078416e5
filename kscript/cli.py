"""The `kscript` command. I/O lives here; every pass it calls is pure."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from kscript import __version__
from kscript.formats import FORMATS

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_API = 0, 1, 2, 3


class Fail(click.ClickException):
    """An error the user can act on: printed as one line, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = code

    def show(self, file: Any = None) -> None:
        click.echo(f"kscript: error: {self.message}", err=True)


def _codes(value: str | None, option: str = "") -> list[str]:
    if not value:
        return []
    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    _check_codes(codes, option)
    return codes


def _check_codes(codes: list[str], where: str) -> None:
    """Refuse a code or prefix that names no rule: a typo would silently select or hide nothing."""
    if not codes:
        return
    from kscript.diagnostics import did_you_mean
    from kscript.rules import registry

    known = list(registry())
    for code in codes:
        if len(code) < 3 or not any(k.startswith(code) for k in known):
            guess = did_you_mean(code, known, limit=0.7)
            raise Fail(f"unknown code {code} in {where}" + (f"; did you mean {guess}?" if guess else "; `kscript rules` lists them"))


def _config():
    from kscript import config

    try:
        cfg = config.load()
    except config.ConfigError as exc:
        raise Fail(str(exc)) from None
    where = str(cfg.path)
    _check_codes(cfg.select, f"{where}: select")
    _check_codes(cfg.ignore, f"{where}: ignore")
    for pattern, codes in cfg.per_file_ignores.items():
        _check_codes(codes, f"{where}: per-file-ignores {pattern!r}")
    return cfg


def _use_colour(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kscript")
@click.option("--debug", is_flag=True, hidden=True, help="Show Python tracebacks of internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Write AI video as a screenplay: lint it, compile it to Kling O3 Pro requests, submit it."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# -- lint ---------------------------------------------------------------------------


def run_checks(path: str, cfg, selection=None, *, queue: bool = False, text: str | None = None):
    """Lint one file with the configuration's selection, as compile and submit do."""
    from kscript.lint import Selection, lint_file

    if selection is None:
        selection = Selection(cfg.select, cfg.ignore)
    return lint_file(
        path,
        selection=selection,
        image_count=cfg.image_count,
        extra_ignores=cfg.ignored_for(path) if path != "-" else [],
        defaults=cfg.compile_defaults(),
        queue=queue,
        text=text,
    )


def print_diagnostics(result, fmt: str = "text", colour: bool = False, err: bool = False) -> None:
    from kscript.formats import text

    paint = text.Painter(colour)
    for d in result.diagnostics:
        if fmt == "concise":
            click.echo(text.headline(d, paint), err=err, color=colour)
        elif fmt == "github":
            from kscript.formats.machine import github

            click.echo(github(d), err=err)
        else:
            # `color` stops click from stripping the codes we chose to write.
            click.echo(text.render(d, result.lines, paint) + "\n", err=err, color=colour)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--select", help="Only these codes or prefixes, comma-separated (KS3,KS501).")
@click.option("--ignore", help="Skip these codes or prefixes, comma-separated.")
@click.option("--warnings-as-errors", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", help="Colour the text output.")
@click.option("--image-count", type=click.Choice(["slots", "strict"]), help="How KS402 counts reference images.")
@click.option("-j", "--jobs", type=int, default=0, help="Processes for many files (0: choose).")
def lint(paths, fmt, select, ignore, warnings_as_errors, color, image_count, jobs) -> None:
    """Check scripts (and .json/.yaml payload files) and print diagnostics.

    PATHS may be files, folders (every *.kscript below them) or - for standard input.
    """
    from kscript.lint import Selection, collect

    cfg = _config()
    if image_count:
        cfg.image_count = image_count
    selection = Selection(_codes(select, "--select") or cfg.select, cfg.ignore + _codes(ignore, "--ignore"))
    files, missing = collect(list(paths) or ["."])
    for path in missing:
        click.echo(f"kscript: error: {path}: no such file or folder", err=True)
    from kscript.batch import lint_many

    results = lint_many(files, cfg, selection, jobs)
    unreadable = 0
    diagnostics = []
    colour = _use_colour(color, sys.stdout)
    for result in results:
        if result.read_error:
            unreadable += 1
            click.echo(f"kscript: error: {result.path}: cannot read: {result.read_error}", err=True)
            continue
        diagnostics.extend(result.diagnostics)
        if fmt in ("text", "concise", "github"):
            print_diagnostics(result, fmt, colour)
    if fmt in ("json", "sarif"):
        from kscript.formats import machine

        click.echo(machine.to_json(diagnostics) if fmt == "json" else machine.sarif(diagnostics))
    counts = {s: sum(1 for d in diagnostics if d.severity == s) for s in ("error", "warning", "info")}
    checked = len(results) - unreadable
    summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    noun = "file" if checked == 1 else "files"
    click.echo(f"Found {summary} in {checked} {noun}." if summary else f"All checks passed ({checked} {noun}).", err=True)
    if missing or unreadable:
        sys.exit(EXIT_USAGE)
    if counts["error"] or (warnings_as_errors and counts["warning"]):
        sys.exit(EXIT_FAIL)


# -- compile ------------------------------------------------------------------------


def checked_scenes(file: str, cfg, *, queue: bool, scenes: tuple[str, ...] = ()):
    """Lint `file`, refuse it on any error, and return its compiled scenes (filtered)."""
    result = run_checks(file, cfg, queue=queue)
    if result.read_error:
        raise Fail(f"{result.path}: cannot read: {result.read_error}")
    if file != "-" and result.source is None:
        raise Fail(f"{file}: `compile` and `submit` take a .kscript script, not a payload file")
    errors = [d for d in result.diagnostics if d.severity == "error"]
    shown = [d for d in result.diagnostics if d.severity != "info"]
    if shown:
        result.diagnostics = shown
        print_diagnostics(result, "text", _use_colour("auto", sys.stderr), err=True)
    if errors:
        raise Fail(f"{result.path}: {len(errors)} error{'s' if len(errors) != 1 else ''}; nothing was compiled", EXIT_FAIL)
    compiled = result.compiled
    if not compiled:
        raise Fail(f"{result.path}: the script has no scene", EXIT_FAIL)
    if scenes:
        by_id = {c.scene.id: c for c in compiled}
        unknown = [s for s in scenes if s not in by_id]
        if unknown:
            ids = ", ".join(c.scene.id for c in compiled)
            raise Fail(f"no scene {', '.join(repr(u) for u in unknown)} in {result.path}; its scenes are: {ids}")
        compiled = [by_id[s] for s in dict.fromkeys(scenes)]
    return result, compiled


def dump_json(data: Any, compact: bool = False) -> str:
    import json

    if compact:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(data, ensure_ascii=False, indent=2)


def dump_yaml(data: Any) -> str:
    import io

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


@cli.command(name="compile")
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--scene", "scenes", multiple=True, metavar="ID", help="Only this scene (repeatable).")
@click.option("--jsonl", is_flag=True, help="One compact request per line.")
@click.option("--format", "fmt", type=click.Choice(["json", "yaml"]), default="json", show_default=True)
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), help="Write one file per scene into DIR.")
@click.option("--queue", is_flag=True, help="Shape the requests for POST /api/ai/queue.")
def compile_cmd(file, scenes, jsonl, fmt, out_dir, queue) -> None:
    """Print the API requests of FILE's scenes (- for standard input)."""
    cfg = _config()
    _, compiled = checked_scenes(file, cfg, queue=queue, scenes=scenes)
    requests = [c.request for c in compiled]
    if out_dir:
        from pathlib import Path

        from kscript.source import stem_of

        folder = Path(out_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for c in compiled:
                suffix = "yaml" if fmt == "yaml" else "json"
                target = folder / f"{stem_of(file)}.{c.scene.id}.{suffix}"
                body = dump_yaml(c.request) if fmt == "yaml" else dump_json(c.request) + "\n"
                target.write_text(body, encoding="utf-8")
                click.echo(str(target))
        except OSError as exc:
            raise Fail(f"{out_dir}: cannot write: {exc.strerror or exc}") from None
        return
    if jsonl:
        for request in requests:
            click.echo(dump_json(request, compact=True))
        return
    data: Any = requests[0] if len(set(scenes)) == 1 else requests
    click.echo(dump_yaml(data).rstrip("\n") if fmt == "yaml" else dump_json(data))


# -- submit, status, cancel, download ---------------------------------------------------


def _base_url(option: str | None, cfg) -> str:
    from kscript.api import DEFAULT_BASE_URL
    from kscript.config import environ_base_url

    return option or environ_base_url() or cfg.base_url or DEFAULT_BASE_URL


def _api(fn, *args, **kwargs) -> int:
    """Run an API flow; its ApiError becomes one clear line and the right exit code."""
    import gc

    from kscript.api import ApiError

    gc.enable()  # a wait may last an hour: let the collector run again (see main)

    try:
        return fn(*args, **kwargs)
    except ApiError as exc:
        click.echo(f"kscript: error: {exc.message}", err=True)
        return exc.exit_code
    except BrokenPipeError:
        raise
    except OSError as exc:
        click.echo(f"kscript: error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
        return EXIT_USAGE


def _client(base_url: str, required: bool = True, attempts: int = 6):
    from kscript.api import ApiError, Client

    key = os.environ.get("OXEN_API_KEY") or None
    if key is None:
        if required:
            raise Fail("OXEN_API_KEY is not set: export your Oxen.ai API key first; nothing was sent")
        return None
    try:
        return Client(base_url, key, attempts=attempts)
    except ApiError as exc:
        raise Fail(exc.message, exc.exit_code) from None


base_url_option = click.option("--base-url", help="The API's base URL (else KSCRIPT_BASE_URL, else https://hub.oxen.ai).")
timeout_option = click.option("--timeout", type=click.FloatRange(min=0), help="Stop waiting after this many seconds.")
out_option = click.option("--out", "out_dir", type=click.Path(file_okay=False), default=".", show_default=True, help="Folder for the videos.")


@cli.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--scene", "scenes", multiple=True, metavar="ID", help="Only this scene (repeatable).")
@click.option("--sync", is_flag=True, help="Use the synchronous endpoint (blocks for minutes per scene).")
@click.option("--generations", type=click.IntRange(1, 4), help="Generations per scene (1 to 4), each billed.")
@click.option("--wait", is_flag=True, help="Wait for the generations, then download the videos.")
@out_option
@click.option("--dry-run", is_flag=True, help="Print the HTTP requests, key masked, and send nothing.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask to confirm the cost.")
@click.option("--max-cost", type=click.FloatRange(min=0), metavar="USD", help="Refuse a run estimated to cost more.")
@base_url_option
@timeout_option
def submit(file, scenes, sync, generations, wait, out_dir, dry_run, yes, max_cost, base_url, timeout) -> None:
    """Send FILE's scenes to the Oxen API (queue by default), optionally wait and download."""
    from pathlib import Path

    from kscript import remote

    if sync and generations is not None:
        raise Fail("--generations is for queue submissions; --sync makes one video per scene")
    cfg = _config()
    _, compiled = checked_scenes(file, cfg, queue=not sync, scenes=scenes)
    url = _base_url(base_url, cfg)
    client = None if dry_run else _client(url)
    try:
        code = _api(
            remote.submit,
            file=file, compiled=compiled, client=client, base_url=url, key=os.environ.get("OXEN_API_KEY"),
            sync=sync, generations=generations, wait=wait, out=Path(out_dir), dry=dry_run, yes=yes,
            max_cost=max_cost, timeout=timeout,
        )
    finally:
        if client is not None:
            client.close()
    sys.exit(code)


@cli.command()
@click.argument("ids", nargs=-1)
@click.option("--queue", "show_queue", is_flag=True, help="List what the API has queued or processing (GET /api/ai/queue).")
@base_url_option
def status(ids, show_queue, base_url) -> None:
    """Show generations: the given IDs, or every one this folder's journal holds."""
    from kscript import remote

    client = _client(_base_url(base_url, _config()), attempts=3)
    with client:
        sys.exit(_api(remote.queue_list, client) if show_queue else _api(remote.status, client, list(ids)))


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@base_url_option
def cancel(ids, base_url) -> None:
    """Cancel queued or processing generations."""
    from kscript import remote

    client = _client(_base_url(base_url, _config()), attempts=3)
    with client:
        sys.exit(_api(remote.cancel, client, list(ids)))


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@click.option("--wait", is_flag=True, help="Wait for unfinished generations first.")
@out_option
@base_url_option
@timeout_option
def download(ids, wait, out_dir, base_url, timeout) -> None:
    """Save finished generations' videos (never overwriting a file)."""
    from pathlib import Path

    from kscript import remote

    client = _client(_base_url(base_url, _config()), attempts=6 if wait else 3)
    with client:
        sys.exit(_api(remote.download, client, list(ids), Path(out_dir), wait, timeout))


# -- rules, schema ------------------------------------------------------------------


@cli.command()
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List the lint rules, or explain one (kscript rules KS203)."""
    from kscript.diagnostics import did_you_mean
    from kscript.rules import registry

    table = registry()
    if code is None:
        for rule in table.values():
            click.echo(f"{rule.code}  {rule.severity:<7}  {rule.summary}")
        return
    chosen = table.get(code.upper())
    if chosen is None:
        guess = did_you_mean(code.upper(), list(table))
        raise Fail(f"no rule {code}" + (f"; did you mean {guess}?" if guess else "; `kscript rules` lists them"))
    click.echo(f"{chosen.code} ({chosen.severity})\n")
    click.echo(chosen.doc)


@cli.command()
@click.argument("name", required=False)
def schema(name: str | None) -> None:
    """Print a JSON Schema shipped with kscript (without NAME: list them)."""
    from kscript import schemas

    available = schemas.names()
    if name is None:
        for n in available:
            click.echo(n)
        return
    key = name.removesuffix(".json").removesuffix(".schema")
    if key not in available:
        raise Fail(f"no schema {name!r}; available: {', '.join(available)}")
    click.echo(schemas.text(key), nl=False)


def main() -> None:
    # A run builds one large graph of small objects and exits: the cyclic
    # garbage collector only rescans it, which made a 100,000-line script cost
    # 1.6 times as much per line as a short one. The API commands, which may
    # wait for an hour, turn it back on (_api).
    import gc

    gc.disable()
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(prog_name="kscript", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("kscript: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other command-line tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if debug:
            raise
        click.echo(f"kscript: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
