"""Reading a script: decoding, line ends, and blanking the text that is never sent.

Hidden text becomes spaces so that every line and column stays true to the
file. A line that held only hidden text is marked with a leading NUL, which
the grammar ignores, so a note never splits a paragraph.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field

from kscript.check.diagnostics import Diagnostic
from kscript.language.lines import LineTable
from kscript.language.model import Span

_OPENERS = re.compile(r"\[\[|/\*")
_DIRECTIVE = re.compile(r"\s*kscript:\s*(ignore-file|ignore)\b(.*)", re.S | re.I)
_CODE = re.compile(r"[A-Za-z0-9]+")
# C0 and C1 control characters other than tab and line ends: never sent, never silently replaced (KS012).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class DecodeError(ValueError):
    """The file is not UTF-8 text."""


@dataclass(eq=False, repr=False)
class Directive:
    kind: str  # "ignore" or "ignore-file"
    codes: list[tuple[str, Span]]
    span: Span  # the whole note


@dataclass(eq=False, repr=False)
class Source:
    path: str
    original: str  # after BOM, line-end and NUL normalisation: what the user sees
    text: str  # hidden text blanked, always ending in a newline
    directives: list[Directive] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _lines: list[str] | None = None
    # The file as written (line endings, mark, hidden text): `original` and
    # `text` are views of it with the same lines and columns.
    table: LineTable = field(default_factory=lambda: LineTable(""))
    hidden: list[tuple[int, int]] = field(default_factory=list)  # [start, end) of each note and boneyard in `original`

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.original.split("\n")
        return self._lines

    def line_text(self, line: int) -> str:
        lines = self.lines
        return lines[line - 1] if 0 < line <= len(lines) else ""


def decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be decoded"
        ) from None
    return text


def normalise(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    return text


def stem_of(path: str) -> str:
    """A script's name without folder and suffix, as output files are named (`-` is stdin)."""
    return "stdin" if path == "-" else os.path.basename(path).rsplit(".", 1)[0]


def _position(offset: int, line_starts: list[int]) -> tuple[int, int]:
    index = bisect.bisect_right(line_starts, offset) - 1
    return index + 1, offset - line_starts[index] + 1


def load(path: str, text: str) -> Source:
    """Normalise `text` and blank its hidden parts; KS002 for an unterminated one."""
    table = LineTable(text)
    original = table.normalised()
    control = _CONTROL.search(original)
    if control is not None:
        found = _control_characters(path, original, control.start())
    if "\x00" in original:
        # NUL marks hidden lines for the parser; the KS012 error above keeps the file from being sent.
        original = original.replace("\x00", "\ufffd")
    if "[[" not in original and "/*" not in original:
        body = original if original.endswith("\n") else original + "\n"
        source = Source(path, original, body, table=table)
        if control is not None:
            source.diagnostics.extend(found)
        if "*/" in original:
            _stray_closers(source, [0] + [m.end() for m in re.finditer("\n", original)])
        return source

    line_starts = [0] + [m.end() for m in re.finditer("\n", original)]
    chars = list(original)
    touched_lines: set[int] = set()
    source = Source(path, original, "", table=table)
    if control is not None:
        source.diagnostics.extend(found)
    # Where a search for each closer last failed: no closer stands after it, so
    # a later opener of that kind is unterminated too, found without rescanning
    # (100,000 unclosed `[[` on one line would otherwise rescan the rest 100,000 times).
    unclosed_from = {"]]": len(original), "*/": len(original)}
    pos = 0
    while True:
        match = _OPENERS.search(original, pos)
        if match is None:
            break
        start = match.start()
        closer = "]]" if match.group() == "[[" else "*/"
        end = -1 if start >= unclosed_from[closer] else original.find(closer, start + 2)
        line, column = _position(start, line_starts)
        if end < 0:
            unclosed_from[closer] = min(unclosed_from[closer], start)
            what = "note `[[`" if closer == "]]" else "boneyard `/*`"
            source.diagnostics.append(
                Diagnostic(
                    "KS002",
                    "error",
                    f"unterminated {what}: everything after it would be hidden",
                    Span.at(line, column, 2),
                    help=f"close it with `{closer}` where the hidden text should end",
                    path=path,
                )
            )
            pos = start + 2
            continue
        end += 2
        source.hidden.append((start, end))
        if closer == "]]":
            _read_directive(source, original[start + 2 : end - 2], start, end, line_starts)
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
        end_line, _ = _position(end - 1, line_starts)
        touched_lines.update(range(line, end_line + 1))
        pos = end
    for line in touched_lines:
        a = line_starts[line - 1]
        b = line_starts[line] - 1 if line < len(line_starts) else len(chars)
        if a < b and "".join(chars[a:b]).isspace() and original[a:b].strip():
            chars[a] = "\x00"
    body = "".join(chars)
    if not body.endswith("\n"):
        body += "\n"
    source.text = body
    if "*/" in body:
        _stray_closers(source, line_starts)
    return source


def _control_characters(path: str, text: str, first: int) -> list[Diagnostic]:
    """KS012 for each line holding a control character (the first on the line, with a count)."""
    found: list[Diagnostic] = []
    line_start = text.rfind("\n", 0, first) + 1
    line = text.count("\n", 0, first) + 1
    pos = first
    while pos >= 0:
        line_end = text.find("\n", pos)
        if line_end < 0:
            line_end = len(text)
        on_line = _CONTROL.findall(text, pos, line_end)
        more = f" (and {len(on_line) - 1} more on this line)" if len(on_line) > 1 else ""
        found.append(
            Diagnostic(
                "KS012",
                "error",
                f"a control character U+{ord(text[pos]):04X} in the script{more}: it cannot be sent",
                Span.at(line, pos - line_start + 1, 1),
                help="delete it (it is invisible in most editors; a file saved from another program may hold it)",
                path=path,
            )
        )
        following = _CONTROL.search(text, line_end)
        if following is None:
            break
        line += text.count("\n", line_end, following.start())
        line_start = text.rfind("\n", 0, following.start()) + 1
        pos = following.start()
    return found


def _stray_closers(source: Source, line_starts: list[int]) -> None:
    """KS010 for each `*/` left in the text once boneyards are hidden: it closes nothing and would be sent."""
    for match in re.finditer(r"\*/", source.text):
        line, column = _position(match.start(), line_starts)
        source.diagnostics.append(
            Diagnostic(
                "KS010",
                "warning",
                "`*/` closes no boneyard here (boneyards do not nest): it would be sent as text",
                Span.at(line, column, 2),
                help="delete it, or put `/*` where the cut text begins",
                path=source.path,
            )
        )


def _read_directive(source: Source, inner: str, start: int, end: int, line_starts: list[int]) -> None:
    match = _DIRECTIVE.match(inner)
    if match is None:
        return
    line, column = _position(start, line_starts)
    end_line, end_column = _position(end - 1, line_starts)
    codes: list[tuple[str, Span]] = []
    rest_offset = start + 2 + match.start(2)
    for code in _CODE.finditer(match.group(2)):
        cl, cc = _position(rest_offset + code.start(), line_starts)
        codes.append((code.group().upper(), Span.at(cl, cc, len(code.group()))))
    source.directives.append(
        Directive(match.group(1).lower(), codes, Span(line, column, end_line, end_column + 1))
    )
