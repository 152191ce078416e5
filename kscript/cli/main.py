"""The `kscript` command group and its entry point."""

from __future__ import annotations

import os
import sys

import click

from kscript.core.exits import Exit
from kscript.core.version import __version__

# Each command's module, imported only when that command runs (or `--help`
# lists them all): `kscript lint` on every commit loads the lint command alone.
COMMANDS = {
    "assemble": ("kscript.cli.film", "assemble"),
    "cancel": ("kscript.cli.oxen", "cancel"),
    "compile": ("kscript.cli.compile", "compile_cmd"),
    "download": ("kscript.cli.oxen", "download"),
    "export": ("kscript.cli.export", "export"),
    "fmt": ("kscript.cli.fmt", "fmt"),
    "import": ("kscript.cli.importing", "import_cmd"),
    "lint": ("kscript.cli.lint", "lint"),
    "lsp": ("kscript.cli.lsp", "lsp"),
    "models": ("kscript.cli.models", "models"),
    "plan": ("kscript.cli.oxen", "plan"),
    "rules": ("kscript.cli.info", "rules"),
    "schema": ("kscript.cli.info", "schema"),
    "status": ("kscript.cli.oxen", "status"),
    "storyboard": ("kscript.cli.film", "storyboard"),
    "submit": ("kscript.cli.oxen", "submit"),
}


# The commands that run on every commit and keystroke. When one of them is done,
# kscript leaves without Python's tidying up at exit (freeing every module and
# object one by one: 8 ms of a 60 ms lint), as mypy does: they hold no thread,
# lock, connection or open file by then, and their output is flushed first.
QUICK_EXIT = frozenset({"lint", "fmt", "compile"})


class LazyGroup(click.Group):
    """A command group whose commands are imported on first use."""

    ran: str | None = None  # the command this run resolved to

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name, command, rest = super().resolve_command(ctx, args)
        LazyGroup.ran = name
        return name, command, rest

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS and name not in self.commands:
            import importlib

            module, attribute = COMMANDS[name]
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kscript")
@click.option("--debug", is_flag=True, hidden=True, help="Show Python tracebacks of internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Write AI video as a screenplay: lint it, compile it to Kling video requests, submit it to Oxen.ai."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug




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
    except SystemExit as exc:
        if LazyGroup.ran in QUICK_EXIT:
            _quick_exit(exc.code)
        raise
    except KeyboardInterrupt:
        click.echo("kscript: interrupted", err=True)
        sys.exit(Exit.INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other command-line tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(Exit.FAIL)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if debug:
            raise
        from kscript.formats.escape import visible

        click.echo(f"kscript: internal error: {type(exc).__name__}: {visible(str(exc))} (run with --debug for the traceback)", err=True)
        sys.exit(Exit.USAGE)


def _quick_exit(code: object) -> None:
    """Flush and leave now, skipping the interpreter's clean-up (see QUICK_EXIT)."""
    import threading

    if threading.active_count() > 1:
        return  # someone is still at work: leave the ordinary way
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # SystemExit("message"): Python prints it and exits 1
        sys.stderr.write(f"{code}\n")
        status = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        status = status or 1  # the reader went away, as main() says
    except OSError:
        return  # a full disk, say: let Python report it
    os._exit(status)


if __name__ == "__main__":
    main()
