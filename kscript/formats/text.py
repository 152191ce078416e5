"""ruff/rustc-style diagnostics: location, code, the source line with a caret, help."""

from __future__ import annotations

from kscript.core.diagnostics import Diagnostic
from kscript.formats.escape import visible

_COLOURS = {"error": "1;31", "warning": "1;33", "info": "1;36", "help": "1;36", "dim": "34", "bold": "1"}


class Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, what: str, text: str) -> str:
        if not self.enabled:
            return text
        return f"\x1b[{_COLOURS[what]}m{text}\x1b[0m"


# A long line is shown as a window around the column, as rustc and ruff do: a
# one-line 49 KB payload with thousands of diagnostics would otherwise repeat the
# whole line in every snippet (366 MB of output).
WINDOW = 120  # characters of a long line shown in a snippet
LEFT_CONTEXT = 40  # of which, before the column
MESSAGE_LIMIT = 400  # characters of a message or help line (a 40 KB key in a message is cut)


def shorten(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` escaped for a terminal, its middle cut when longer than `limit`."""
    if len(text) > limit:
        text = text[: limit - 60] + "…" + text[-59:]
    return visible(text)


def headline(d: Diagnostic, paint: Painter) -> str:
    where = paint("bold", f"{visible(d.path)}:{d.span.line}:{d.span.column}:")
    return f"{where} {paint(d.severity, f'{d.severity}[{d.code}]')} {shorten(d.message)}"


def snippet(text: str, column: int, width: int) -> tuple[str, int, int]:
    """The part of a source line to show, and the caret's offset and width in it.

    Control characters are shown as escapes (the caret moves with them), tabs as
    spaces, and a line longer than WINDOW as a window with `…` at the cut ends."""
    text = text.replace("\t", " ")
    start = min(max(column - 1, 0), len(text))
    width = max(min(width, len(text) - start), 1)
    lead = tail = ""
    if len(text) > WINDOW:
        a = max(0, min(start - LEFT_CONTEXT, len(text) - WINDOW))
        b = min(len(text), a + WINDOW)
        width = max(min(width, b - start), 1)
        lead = "…" if a > 0 else ""
        tail = "…" if b < len(text) else ""
        text, start = text[a:b], start - a
    before = lead + visible(text[:start])
    marked = visible(text[start : start + width]) or " "
    return before + marked + visible(text[start + width :]) + tail, len(before), len(marked)


def render(d: Diagnostic, lines: list[str], paint: Painter) -> str:
    out = [headline(d, paint)]
    line_no = d.span.line
    if 0 < line_no <= len(lines):
        text = lines[line_no - 1]
        gutter = " " * len(str(line_no))
        if d.span.end_line == line_no:
            width = max(d.span.end_column - d.span.column, 1)
        else:
            width = len(text)
        shown, offset, marked = snippet(text, d.span.column, width)
        out.append(paint("dim", f"{gutter} |"))
        out.append(paint("dim", f"{line_no} |") + f" {shown}")
        out.append(paint("dim", f"{gutter} |") + " " * (offset + 1) + paint(d.severity, "^" * marked))
        if d.help:
            out.append(paint("dim", f"{gutter} =") + f" {paint('help', 'help:')} {shorten(d.help)}")
        if d.fix is not None:
            out.append(paint("dim", f"{gutter} =") + f" {paint('help', 'fix:')} {fix_text(d)}")
    else:
        if d.help:
            out.append(f"  {paint('help', 'help:')} {shorten(d.help)}")
        if d.fix is not None:
            out.append(f"  {paint('help', 'fix:')} {fix_text(d)}")
    return "\n".join(out)


def fix_text(d: Diagnostic) -> str:
    """What the fix does and which option applies it."""
    assert d.fix is not None
    option = "--fix" if d.fix.applicability == "safe" else "--fix --unsafe-fixes"
    return f"{shorten(d.fix.message)} ({d.fix.applicability}: `kscript lint {option}`)"
