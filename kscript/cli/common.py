"""What every command shares: errors with exit codes, the configuration, printing diagnostics."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from kscript.core.exits import Exit


class Fail(click.ClickException):
    """An error the user can act on: printed as one line, with its exit code."""

    def __init__(self, message: str, code: int = Exit.USAGE) -> None:
        super().__init__(message)
        self.exit_code = code

    def show(self, file: Any = None) -> None:
        from kscript.formats.escape import untrusted

        click.echo(f"kscript: error: {untrusted(self.message)}", err=True)


class FiniteFloat(click.FloatRange):
    """A float option that refuses `nan` and `inf`: `--max-cost nan` would compare
    false against every cost and silently disable the guard."""

    name = "finite number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import math

        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


def parse_codes(value: str | None, option: str = "") -> list[str]:
    if not value:
        return []
    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    check_codes(codes, option)
    return codes


def check_codes(codes: list[str], where: str) -> None:
    """Refuse a code or prefix that names no rule: a typo would silently select or hide nothing."""
    if not codes:
        return
    from kscript.check.rules import registry
    from kscript.core.words import did_you_mean

    known = list(registry())
    for code in codes:
        if len(code) < 3 or not any(k.startswith(code) for k in known):
            guess = did_you_mean(code, known, limit=0.7)
            raise Fail(f"unknown code {code} in {where}" + (f"; did you mean {guess}?" if guess else "; `kscript rules` lists them"))


def load_config():
    from kscript.check import config

    try:
        cfg = config.load()
    except config.ConfigError as exc:
        raise Fail(str(exc)) from None
    where = str(cfg.path)
    check_codes(cfg.select, f"{where}: select")
    check_codes(cfg.ignore, f"{where}: ignore")
    for pattern, codes in cfg.per_file_ignores.items():
        check_codes(codes, f"{where}: per-file-ignores {pattern!r}")
    return cfg


def use_colour(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


# Diagnostics of one code shown in full per file in the text format; the rest are
# counted on one line (a payload with 3,000 unknown keys gives 3,000 of one kind).
REPEAT_LIMIT = 10


def print_diagnostics(result, fmt: str = "text", colour: bool = False, err: bool = False) -> None:
    from kscript.formats import text

    paint = text.Painter(colour)
    shown: dict[str, int] = {}
    folded: dict[tuple[str, str], list] = {}
    for d in result.diagnostics:
        if fmt == "text":
            # Past REPEAT_LIMIT of one code in one file, the rest are counted, not shown.
            if shown.get(d.code, 0) >= REPEAT_LIMIT:
                folded.setdefault((d.severity, d.code), []).append(d)
                continue
            shown[d.code] = shown.get(d.code, 0) + 1
        if fmt == "concise":
            click.echo(text.headline(d, paint), err=err, color=colour)
        elif fmt == "github":
            from kscript.formats.machine import github

            click.echo(github(d), err=err)
        else:
            # `color` stops click from stripping the codes we chose to write.
            click.echo(text.render(d, result.lines, paint) + "\n", err=err, color=colour)
    for (severity, code), rest in folded.items():
        first = rest[0]
        click.echo(
            f"{text.visible(result.path)}: {len(rest):,} more {paint(severity, f'{severity}[{code}]')} not shown, "
            f"from line {first.span.line} on (`--format concise` lists every one)\n",
            err=err,
            color=colour,
        )


def checked_scenes(file: str, cfg, *, queue: bool, scenes: tuple[str, ...] = (), base_url: str | None = None):
    """The lint gate (kscript.check.gate): its findings printed, its refusal an error. Local
    files get their addresses under `base_url` (default: as `lint` gives them), and a chained
    scene its start frame from this folder's journal (kscript.oxen.frames)."""
    from kscript.check.gate import gate
    from kscript.oxen.frames import find

    passed = gate(file, cfg, queue=queue, scenes=scenes, base_url=base_url, frames=find)
    if passed.result.diagnostics and passed.printable:
        print_diagnostics(passed.result, "text", use_colour("auto", sys.stderr), err=True)
    if passed.refusal is not None:
        raise Fail(passed.refusal, passed.code)
    return passed.result, passed.compiled


def dump_json(data: Any, compact: bool = False) -> str:
    """JSON for standard output: control and invisible characters escaped as JSON escapes."""
    import json

    from kscript.formats.escape import json_text

    if compact:
        return json_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return json_text(json.dumps(data, ensure_ascii=False, indent=2))


draft_option = click.option(
    "--draft", is_flag=True, help="A cheap preview: every scene on kling-video-v2-6-pro-text-to-video, adaptations listed on stderr."
)


def drafted(result, compiled) -> list:
    """The draft of each compiled scene (kscript.compiler.draft), its adaptations said on stderr."""
    from kscript.compiler.draft import draft_script

    drafts = draft_script(result.script, compiled)
    for draft in drafts:
        for note in draft.notes:
            click.echo(f"draft: {note}", err=True)
    return drafts
