"""Formatting files: read, format, and write back only what changed."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from kscript.check.runner import is_payload, read_file
from kscript.core.atomic import write_file
from kscript.core.diagnostics import Diagnostic
from kscript.core.lines import LineTable
from kscript.formatter.canonical import format_script
from kscript.language.source import DecodeError


@dataclass(eq=False, repr=False)
class FileFormat:
    path: str  # as given ("-" for standard input)
    before: str = ""
    after: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)  # KS001/KS002: the file was left as it is
    error: str | None = None  # why the file could not be read or written

    @property
    def changed(self) -> bool:
        return self.error is None and not self.diagnostics and self.after != self.before

    @property
    def display(self) -> str:
        return "<stdin>" if self.path == "-" else self.path


def format_file(path: str) -> FileFormat:
    """Read and format one file; nothing is written."""
    result = FileFormat(path)
    if path != "-" and is_payload(path):
        result.error = "is a payload file: `kscript fmt` formats scripts"
        return result
    try:
        result.before = read_file(path)
    except DecodeError as exc:
        result.error = str(exc)
        return result
    except OSError as exc:
        from kscript.check.files import describe  # names a FIFO, a link loop, a broken link

        result.error = describe(exc, path)
        return result
    formatted = format_script(result.before, result.display)
    result.after = formatted.text
    result.diagnostics = formatted.diagnostics
    return result


def write_back(result: FileFormat) -> None:
    """Replace the file with its formatted text, atomically, keeping its mode
    (through a symbolic link, the file it points to). OSError when it cannot."""
    target = os.path.realpath(result.path)
    write_file(target, result.after, os.stat(target).st_mode & 0o7777)


def unified_diff(result: FileFormat) -> str:
    import difflib

    name = result.display
    lines = difflib.unified_diff(_lines(result.before), _lines(result.after), f"{name} (original)", f"{name} (formatted)")
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    """The text's lines with their endings, split where kscript splits them (CR, LF, CRLF only)."""
    table = LineTable(text)
    lines = [t + e for t, e in zip(table.texts, table.endings, strict=True)]
    lines[0] = table.bom + lines[0]
    return [line for line in lines if line]
