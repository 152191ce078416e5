"""`kscript lint`: check scripts and payload files, print diagnostics."""

from __future__ import annotations

import sys

import click

from kscript.cli.common import EXIT_FAIL, EXIT_USAGE, load_config, parse_codes, print_diagnostics, use_colour
from kscript.formats import FORMATS


@click.command()
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
    from kscript.check.runner import Selection, collect

    cfg = load_config()
    if image_count:
        cfg.image_count = image_count
    selection = Selection(parse_codes(select, "--select") or cfg.select, cfg.ignore + parse_codes(ignore, "--ignore"))
    files, missing = collect(list(paths) or ["."])
    for path in missing:
        click.echo(f"kscript: error: {path}: no such file or folder", err=True)
    from kscript.check.batch import lint_many

    results = lint_many(files, cfg, selection, jobs)
    unreadable = 0
    diagnostics = []
    colour = use_colour(color, sys.stdout)
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
