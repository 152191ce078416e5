"""The check pass: run the selected rules over a script or a payload, then
apply directives.

One rule loop (`run_rules`) serves scripts and payloads. The selection (the
command line's `--select`/`--ignore`, the configuration, per-file ignores)
is applied before the rules run: a rule it leaves out is not called. Rules
and passes name a code; `finish` gives every diagnostic its severity from the
rule registry and its character offsets from the file's line table.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kscript.check.context import ScriptContext
from kscript.check.diagnostics import Diagnostic
from kscript.compiler.scenes import CompiledScene, compile_script
from kscript.language.build import build
from kscript.language.lines import LineTable
from kscript.language.model import Script
from kscript.language.source import DecodeError, Source, decode, load

PAYLOAD_SUFFIXES = (".json", ".yaml", ".yml")

Enabled = Callable[[str], bool]  # whether a code is selected


@dataclass(eq=False, repr=False)
class Selection:
    select: list[str] = field(default_factory=list)  # empty: every code
    ignore: list[str] = field(default_factory=list)

    def enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(s) for s in self.select):
            return False
        return not any(code.startswith(i) for i in self.ignore)


@dataclass(eq=False, repr=False)
class FileResult:
    path: str
    diagnostics: list[Diagnostic]
    lines: list[str]
    source: Source | None = None
    compiled: list[CompiledScene] = field(default_factory=list)
    read_error: str | None = None
    script: Script | None = None


def is_payload(path: str) -> bool:
    return path.lower().endswith(PAYLOAD_SUFFIXES)


def check_script(
    path: str,
    text: str,
    *,
    image_count: str = "slots",
    defaults: dict | None = None,
    queue: bool = False,
    enabled: Enabled | None = None,
) -> FileResult:
    """Read, build, compile and check a script; `enabled` (default: every code) selects the rules."""
    source = load(path, text)
    script, diagnostics = build(source)
    diagnostics = source.diagnostics + diagnostics
    compiled = compile_script(script, queue=queue, defaults=defaults)
    from kscript.check.rules import registry

    ctx = ScriptContext(source, script, compiled, image_count, known_codes=tuple(registry()))
    diagnostics.extend(run_rules(ctx, "check", enabled))
    diagnostics = apply_directives(source, diagnostics)
    return FileResult(path, finish(diagnostics, source.table, enabled), source.lines, source, compiled, script=script)


def check_payload(path: str, text: str, *, image_count: str = "slots", enabled: Enabled | None = None) -> FileResult:
    """Read and check a request payload (JSON or YAML); `enabled` (default: every code) selects the rules."""
    from kscript.check import payload

    ctx, diagnostics = payload.read(path, text, image_count)
    table = LineTable(text)
    if ctx is not None:
        ctx.table = table
        found = run_rules(ctx, "check_payload", enabled)
        diagnostics = diagnostics + [d for d in found if d.span not in ctx.bad_number_spans]  # those are said once, as KS001
    return FileResult(path, finish(diagnostics, table, enabled), table.normalised().replace("\x00", "\ufffd").split("\n"))


def run_rules(ctx, entry: str, enabled: Enabled | None = None) -> list[Diagnostic]:
    """The rule loop: each selected rule's `entry` (`check` for scripts, `check_payload`
    for payloads) over `ctx`. A rule the selection leaves out is not called."""
    from kscript.check.rules import registry

    found: list[Diagnostic] = []
    for rule in registry().values():
        if enabled is not None and not enabled(rule.code):
            continue
        checker = getattr(rule.module, entry, None)
        if checker is not None:
            found.extend(checker(ctx))
    return found


def finish(diagnostics: Iterable[Diagnostic], table: LineTable, enabled: Enabled | None = None) -> list[Diagnostic]:
    """The selected diagnostics, each with its severity from the rule registry (the one
    place severities live) and its character offsets from the file's lines."""
    from kscript.check.rules import registry

    rules = registry()
    out: list[Diagnostic] = []
    for d in diagnostics:
        if enabled is not None and not enabled(d.code):
            continue
        rule = rules.get(d.code)
        if rule is not None:
            d.severity = rule.severity
        d.locate(table)
        out.append(d)
    return out


def locate(diagnostics: list[Diagnostic], table: LineTable) -> None:
    """Give every diagnostic its character offsets, from the file's lines."""
    for d in diagnostics:
        d.locate(table)


def apply_directives(source: Source, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    if not source.directives:
        return diagnostics
    file_wide: list[str] = []
    by_line: dict[int, list[str]] = {}
    blanked = source.text.split("\n")
    for directive in source.directives:
        # Only well-formed codes or prefixes silence anything (`K` would hide every code); KS009 names the rest.
        codes = [code for code, _ in directive.codes if re.fullmatch(r"KS\d{1,3}", code)]
        if directive.kind == "ignore-file":
            file_wide.extend(codes)
            continue
        lines = list(range(directive.span.line, directive.span.end_line + 1))
        following = directive.span.end_line + 1
        while following <= len(blanked) and not blanked[following - 1].strip(" \t\x00"):
            following += 1
        lines.append(following)
        for line in lines:
            by_line.setdefault(line, []).extend(codes)

    def silenced(d: Diagnostic) -> bool:
        if d.code == "KS009":
            return False  # a directive cannot hide its own mistake
        codes = file_wide + by_line.get(d.span.line, [])
        return any(d.code.startswith(c) for c in codes)

    return [d for d in diagnostics if not silenced(d)]


def read_file(path: str) -> str:
    """The text of `path` ("-" is standard input); OSError or DecodeError when unreadable."""
    if path == "-":
        import sys

        data = sys.stdin.buffer.read()
    else:
        from kscript.check.files import read_bytes

        data = read_bytes(path)
    return decode(data)


def lint_file(
    path: str,
    *,
    selection: Selection,
    image_count: str = "slots",
    extra_ignores: list[str] | None = None,
    defaults: dict | None = None,
    queue: bool = False,
    text: str | None = None,
) -> FileResult:
    display = "<stdin>" if path == "-" else path
    try:
        if text is None:
            text = read_file(path)
    except DecodeError as exc:
        return FileResult(display, [], [], read_error=str(exc))
    except OSError as exc:
        from kscript.check.files import describe

        return FileResult(display, [], [], read_error=describe(exc, path))
    ignores = tuple(extra_ignores or ())

    def enabled(code: str) -> bool:
        return selection.enabled(code) and not code.startswith(ignores)

    if is_payload(path):
        result = check_payload(display, text, image_count=image_count, enabled=enabled)
    else:
        result = check_script(display, text, image_count=image_count, defaults=defaults, queue=queue, enabled=enabled)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


SCRIPT_SUFFIXES = (".kscript", ".fountain")  # a Fountain screenplay is a script too


def collect(paths: list[str]) -> tuple[list[str], list[str]]:
    """Files to lint from PATHs (folders give their `*.kscript` and `*.fountain`), and paths that do not exist."""
    files, missing, _ = collect_paths(paths)
    return files, missing


def collect_paths(paths: list[str]) -> tuple[list[str], list[str], list[str]]:
    """As `collect`, and the folders with no script below them (a warning, never "All checks passed")."""
    files: list[str] = []
    missing: list[str] = []
    empty: list[str] = []
    for path in paths:
        if path == "-":
            files.append(path)
            continue
        if os.path.isdir(path):
            from kscript.check.files import found_under

            found = found_under(path, SCRIPT_SUFFIXES)
            if not found:
                empty.append(path)
            files.extend(found)
        elif os.path.lexists(path):
            files.append(path)  # a broken or looping link is read, and its error says which
        else:
            missing.append(path)
    return files, missing, empty


def lint_path(path: str, cfg, selection: Selection | None = None, *, queue: bool = False, text: str | None = None) -> FileResult:
    """Lint one file with the configuration's selection, as lint, compile and submit do."""
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


@dataclass(eq=False, repr=False)
class FixedFile:
    """`lint --fix` on one file: its text before and after the fixes, and the lint of what remains."""

    result: FileResult  # the diagnostics of `after` (or why the file cannot be read)
    before: str = ""
    after: str = ""
    fixed: int = 0
    more_with_unsafe: int = 0


def fix_path(path: str, cfg, selection: Selection | None = None, *, unsafe: bool = False) -> FixedFile:
    """Fix one file in memory, as `lint --fix` does: nothing is written here."""
    from kscript.check.fixes import fix_text

    try:
        text = read_file(path)
    except (OSError, DecodeError):
        return FixedFile(lint_path(path, cfg, selection))  # says why it cannot be read
    last: list[FileResult] = []

    def lint(current: str) -> list[Diagnostic]:
        result = lint_path(path, cfg, selection, text=current)
        last[:] = [result]
        return result.diagnostics

    outcome = fix_text(text, lint, unsafe)
    return FixedFile(last[0], text, outcome.text, outcome.fixed, outcome.more_with_unsafe)
