"""ruff/rustc-style diagnostics: location, code, the source line with a caret, help."""

from __future__ import annotations

from kscript.check.diagnostics import Diagnostic

_COLOURS = {"error": "1;31", "warning": "1;33", "info": "1;36", "help": "1;36", "dim": "34", "bold": "1"}


class Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, what: str, text: str) -> str:
        if not self.enabled:
            return text
        return f"\x1b[{_COLOURS[what]}m{text}\x1b[0m"


def headline(d: Diagnostic, paint: Painter) -> str:
    where = paint("bold", f"{d.path}:{d.span.line}:{d.span.column}:")
    return f"{where} {paint(d.severity, f'{d.severity}[{d.code}]')} {d.message}"


def render(d: Diagnostic, lines: list[str], paint: Painter) -> str:
    out = [headline(d, paint)]
    line_no = d.span.line
    if 0 < line_no <= len(lines):
        text = lines[line_no - 1].replace("\t", " ")
        gutter = " " * len(str(line_no))
        start = max(d.span.column - 1, 0)
        if d.span.end_line == line_no:
            width = max(d.span.end_column - d.span.column, 1)
        else:
            width = max(len(text) - start, 1)
        width = max(min(width, max(len(text) - start, 1)), 1)
        out.append(paint("dim", f"{gutter} |"))
        out.append(paint("dim", f"{line_no} |") + f" {text}")
        out.append(paint("dim", f"{gutter} |") + " " * (start + 1) + paint(d.severity, "^" * width))
        if d.help:
            out.append(paint("dim", f"{gutter} =") + f" {paint('help', 'help:')} {d.help}")
        if d.fix is not None:
            out.append(paint("dim", f"{gutter} =") + f" {paint('help', 'fix:')} {fix_text(d)}")
    else:
        if d.help:
            out.append(f"  {paint('help', 'help:')} {d.help}")
        if d.fix is not None:
            out.append(f"  {paint('help', 'fix:')} {fix_text(d)}")
    return "\n".join(out)


def fix_text(d: Diagnostic) -> str:
    """What the fix does and which option applies it."""
    assert d.fix is not None
    option = "--fix" if d.fix.applicability == "safe" else "--fix --unsafe-fixes"
    return f"{d.fix.message} ({d.fix.applicability}: `kscript lint {option}`)"
