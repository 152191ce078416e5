"""`kscript fmt`: rewrite scripts into the canonical layout."""

from __future__ import annotations

import sys

import click

from kscript.cli.common import print_diagnostics
from kscript.core.exits import Exit


@click.command(name="fmt")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--check", is_flag=True, help="Write nothing; exit 1 listing the files that would change.")
@click.option("--diff", is_flag=True, help="Write nothing; print a unified diff; exit 1 if there is one.")
def fmt(paths, check, diff) -> None:
    """Rewrite scripts into the canonical layout (docs/LANGUAGE.md).

    PATHS may be files, folders (every *.kscript and *.fountain below them) or - (standard
    input to standard output). A file with a syntax error (KS001, KS002) or a
    control character (KS012) is left as it is: its diagnostic is printed and the exit status is 2.
    """
    from kscript.check.runner import FileResult, collect_paths
    from kscript.core.lines import LineTable
    from kscript.formatter.files import format_file, unified_diff, write_back

    files, missing, empty = collect_paths(list(paths) or ["."])
    for path in missing:
        click.echo(f"kscript: error: {path}: no such file or folder", err=True)
    for path in empty:
        click.echo(f"kscript: warning: {path}: no scripts in this folder (*.kscript or *.fountain); nothing there was checked", err=True)
    failed = bool(missing)
    changed = unchanged = refused = 0
    for path in files:
        result = format_file(path)
        if result.error is not None:
            click.echo(f"kscript: error: {result.display}: cannot format: {result.error}", err=True)
            failed = True
            refused += 1
            continue
        if result.diagnostics:
            lines = LineTable(result.before).normalised().split("\n")
            print_diagnostics(FileResult(result.display, result.diagnostics, lines), err=True)
            what = "the errors above" if len(result.diagnostics) > 1 else "the error above"
            click.echo(f"kscript: error: {result.display}: not formatted: fix {what} first, then run `kscript fmt` again", err=True)
            failed = True
            refused += 1
            continue
        if path == "-" and not (check or diff):
            sys.stdout.buffer.write(result.after.encode("utf-8"))
            sys.stdout.flush()
        if not result.changed:
            unchanged += 1
            continue
        changed += 1
        if diff:
            sys.stdout.buffer.write(unified_diff(result).encode("utf-8"))
        elif check:
            click.echo(f"Would reformat: {result.display}")
        elif path != "-":
            try:
                write_back(result)
                click.echo(f"Reformatted: {result.display}")
            except OSError as exc:
                click.echo(f"kscript: error: {result.display}: cannot write: {exc.strerror or exc}", err=True)
                changed -= 1
                refused += 1
                failed = True
    click.echo(_summary(changed, unchanged, refused, check or diff), err=True)
    if failed:
        sys.exit(Exit.USAGE)
    if changed and (check or diff):
        sys.exit(Exit.FAIL)


def _summary(changed: int, unchanged: int, refused: int, dry: bool) -> str:
    def files(n: int) -> str:
        return f"{n} file{'' if n == 1 else 's'}"

    if dry:
        text = f"{files(changed)} would be reformatted, {files(unchanged)} already formatted"
    else:
        text = f"{files(changed)} reformatted, {files(unchanged)} left unchanged"
    return text + (f", {files(refused)} not formatted (errors above)." if refused else ".")
