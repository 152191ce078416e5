"""What every command shares: errors with exit codes, the configuration, printing diagnostics."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_API = 0, 1, 2, 3


class Fail(click.ClickException):
    """An error the user can act on: printed as one line, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = code

    def show(self, file: Any = None) -> None:
        from kscript.formats.escape import visible

        click.echo(f"kscript: error: {visible(self.message)}", err=True)


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


def checked_scenes(file: str, cfg, *, queue: bool, scenes: tuple[str, ...] = ()):
    """Lint `file`, refuse it on any error, and return its compiled scenes (filtered)."""
    from kscript.check.runner import lint_path

    result = lint_path(file, cfg, queue=queue)
    if result.read_error:
        raise Fail(f"{result.path}: cannot read: {result.read_error}")
    if file != "-" and result.source is None:
        raise Fail(f"{file}: `compile` and `submit` take a .kscript script, not a payload file")
    errors = [d for d in result.diagnostics if d.severity == "error"]
    shown = [d for d in result.diagnostics if d.severity != "info"]
    if shown:
        result.diagnostics = shown
        print_diagnostics(result, "text", use_colour("auto", sys.stderr), err=True)
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
    """`data` as YAML that every reader reads back as the same data.

    ruamel.yaml writes YAML 1.2, where `16:9` and `on` are strings; a YAML 1.1
    reader (PyYAML, and many tools built on it) reads them as the number 969
    and true. Such strings are quoted."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.representer import RoundTripRepresenter
    from ruamel.yaml.resolver import VersionedResolver

    string = "tag:yaml.org,2002:str"
    yaml11 = VersionedResolver(version=(1, 1))

    def represent_str(representer, value: str):
        plain_in_1_1 = yaml11.resolve(ScalarNode, value, (True, False)) == string
        return representer.represent_scalar(string, value, style=None if plain_in_1_1 else "'")

    class Representer(RoundTripRepresenter):
        pass

    Representer.add_representer(str, represent_str)
    yaml = YAML()
    yaml.Representer = Representer
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


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


def draft_saving(drafts, generations: int | None, base_url: str) -> str:
    """One line: what the drafts cost against the real run (the models' prices, live when
    fetched from the API at `base_url`)."""
    from kscript.oxen.submit import estimate, prices_for

    prices = prices_for(base_url)
    real = sum(r["cost"] for r in estimate([d.real for d in drafts], generations, False, prices))
    draft = sum(r["cost"] for r in estimate([d.scene for d in drafts], generations, False, prices))
    saving = real - draft
    share = f", {saving / real:.0%}" if real > 0 else ""
    return f"draft: ${draft:.2f} instead of ${real:.2f} for the real run (saving ${saving:.2f}{share})"
