"""`kscript lint`: check scripts and payload files, print diagnostics; `--fix` and `--diff` apply fixes."""

from __future__ import annotations

import sys

import click

from kscript.cli.common import Fail, load_config, parse_codes, print_diagnostics, use_colour
from kscript.core.diagnostics import SEVERITIES
from kscript.core.exits import Exit
from kscript.core.words import counted
from kscript.formats import FORMATS
from kscript.formats.escape import visible


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--select", help="Only these codes or prefixes, comma-separated (KS3,KS501).")
@click.option("--ignore", help="Skip these codes or prefixes, comma-separated.")
@click.option("--warnings-as-errors", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", help="Colour the text output.")
@click.option("--image-count", type=click.Choice(["slots", "strict"]), help="How KS402 counts reference images.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, help="Processes for 64 files or more (0: one per CPU, at most 8).")
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place, then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: apply the unsafe fixes too (guesses: review them).")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff and write nothing.")
def lint(paths, fmt, select, ignore, warnings_as_errors, color, image_count, jobs, fix, unsafe_fixes, diff) -> None:
    """Check scripts (and .json/.jsonl/.yaml payload files) and print diagnostics.

    PATHS may be files, folders (every *.kscript and *.fountain below them) or - for standard input.
    """
    from kscript.check.runner import Selection, collect_paths

    if unsafe_fixes and not (fix or diff):
        raise Fail("--unsafe-fixes only applies with --fix or --diff")
    cfg = load_config()
    if image_count:
        cfg.image_count = image_count
    selection = Selection(parse_codes(select, "--select") or cfg.select, cfg.ignore + parse_codes(ignore, "--ignore"))
    files, missing, empty = collect_paths(list(paths) or ["."])
    for path in missing:
        click.echo(f"kscript: error: {visible(path)}: no such file or folder", err=True)
    for path in empty:
        click.echo(f"kscript: warning: {visible(path)}: no scripts in this folder (*.kscript or *.fountain); nothing there was checked", err=True)
    if fix or diff:
        _fix(files, cfg, selection, fmt=fmt, colour=use_colour(color, sys.stdout), unsafe=unsafe_fixes, diff=diff,
             warnings_as_errors=warnings_as_errors, missing=len(missing))
        return
    from kscript.check.batch import lint_many

    results = lint_many(files, cfg, selection, jobs)
    unreadable = 0
    diagnostics = []
    colour = use_colour(color, sys.stdout)
    for result in results:
        if result.read_error:
            unreadable += 1
            click.echo(f"kscript: error: {visible(result.path)}: cannot read: {visible(result.read_error)}", err=True)
            continue
        diagnostics.extend(result.diagnostics)
        if fmt in ("text", "concise", "github"):
            print_diagnostics(result, fmt, colour)
    if fmt in ("json", "sarif"):
        from kscript.formats import machine

        click.echo(machine.to_json(diagnostics) if fmt == "json" else machine.sarif(diagnostics))
    counts = {s: sum(1 for d in diagnostics if d.severity == s) for s in SEVERITIES}
    flagged = sum(1 for r in results if not r.read_error and r.diagnostics)
    click.echo(summary_line(counts, len(results) - unreadable, unreadable, len(missing), flagged), err=True)
    hint = _fixable_hint(diagnostics)
    if hint:
        click.echo(hint, err=True)
    if missing or unreadable:
        sys.exit(Exit.USAGE)
    if counts["error"] or (warnings_as_errors and counts["warning"]):
        sys.exit(Exit.FAIL)


def summary_line(counts: dict[str, int], checked: int, unreadable: int, missing: int = 0, flagged: int | None = None) -> str:
    """The last line of `lint`. It never claims success for a file it could not
    read (or that is not there), nor when it read nothing. `flagged` files of the
    `checked` ones hold the findings: "in 1 of 2 files" when they are fewer."""
    found = ", ".join(counted(n, s) for s, n in counts.items() if n)
    where = counted(checked, "file") if flagged is None or flagged >= checked else f"{flagged} of {counted(checked, 'file')}"
    if unreadable or missing:
        bad = " and ".join(p for p in (unreadable and counted(unreadable, "unreadable file"), missing and counted(missing, "missing path")) if p)
        if found:
            return f"Found {found} in {where}, and {bad}."
        if checked:
            return f"Found {bad}; no problems in the {counted(checked, 'other file')}."
        return f"Found {bad}; nothing was checked."
    if found:
        return f"Found {found} in {where}."
    if not checked:
        return "Nothing to check: no *.kscript or *.fountain files found (0 files)."
    return f"All checks passed ({counted(checked, 'file')})."


def _fixable_hint(diagnostics) -> str:
    safe = sum(1 for d in diagnostics if d.fix is not None and d.fix.applicability == "safe")
    unsafe = sum(1 for d in diagnostics if d.fix is not None and d.fix.applicability == "unsafe")
    if not safe and not unsafe:
        return ""
    more = f" ({unsafe} more with `--fix --unsafe-fixes`)" if unsafe else ""
    if safe:
        return f"{safe} fixable with `kscript lint --fix`{more}."
    return f"{unsafe} fixable with `kscript lint --fix --unsafe-fixes`."


def _fix(files, cfg, selection, *, fmt, colour, unsafe, diff, warnings_as_errors, missing: int) -> None:
    """--fix: write the fixes in place and print what remains; --diff: print them as a diff, write nothing."""
    from kscript.check.runner import fix_path

    failed = 0
    fixed = more = 0
    changed = False
    remaining = []
    for path in files:
        outcome = fix_path(path, cfg, selection, unsafe=unsafe)
        result = outcome.result
        if result.read_error:
            failed += 1
            click.echo(f"kscript: error: {visible(result.path)}: cannot read: {visible(result.read_error)}", err=True)
            continue
        fixed += outcome.fixed
        more += outcome.more_with_unsafe
        changed = changed or outcome.after != outcome.before
        if diff:
            if outcome.after != outcome.before:
                from kscript.formats.diff import unified_diff

                click.echo(unified_diff(outcome.before, outcome.after, result.path, result.path), nl=False)
            remaining.extend(result.diagnostics)
            continue
        if path == "-":
            click.echo(outcome.after, nl=False)  # standard input: the fixed text goes to standard output
        elif outcome.after != outcome.before:
            try:
                write_atomic(path, outcome.after)
            except OSError as exc:
                failed += 1
                click.echo(f"kscript: error: {visible(path)}: cannot write: {visible(str(exc.strerror or exc))}", err=True)
                continue
        remaining.extend(result.diagnostics)
        if fmt in ("text", "concise", "github"):
            print_diagnostics(result, fmt, colour and path != "-", err=path == "-")
    if not diff and fmt in ("json", "sarif"):
        from kscript.formats import machine

        click.echo(machine.to_json(remaining) if fmt == "json" else machine.sarif(remaining), err="-" in files)
    more_text = f"; {more} more with --unsafe-fixes" if more else ""
    verb = "Would fix" if diff else "Fixed"
    # Like the lint summary, never a clean-looking line over files that were not read.
    unread = "".join(
        f"; {counted(n, noun)}" for n, noun in ((failed, "unreadable or unwritable file"), (missing, "missing path")) if n
    )
    click.echo(f"{verb} {fixed} ({len(remaining)} remaining{more_text}{unread}).", err=True)
    if missing or failed:
        sys.exit(Exit.USAGE)
    errors = sum(1 for d in remaining if d.severity == "error")
    warnings = sum(1 for d in remaining if d.severity == "warning")
    if errors or (warnings_as_errors and warnings) or (diff and changed):
        sys.exit(Exit.FAIL)


def write_atomic(path: str, text: str) -> None:
    """Replace the file's text all at once: a temporary file beside it, then a rename.

    The text is written exactly (no newline translation), so the file keeps
    its line ends and byte-order mark; the file keeps its permissions; a
    symbolic link keeps pointing at the file it pointed at, now fixed.
    """
    import os
    import stat

    from kscript.core.atomic import write_file

    real = os.path.realpath(path)
    write_file(real, text, stat.S_IMODE(os.stat(real).st_mode))
