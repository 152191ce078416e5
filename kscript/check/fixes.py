"""Fixes as data, and the one applier that writes them.

A diagnostic may carry a `Fix`: what to change in the file to resolve it.

    Edit(start, end, text, span=None)
        Replace `original[start:end]` with `text`. `start` and `end` are
        character offsets (str indices) into the ORIGINAL text of the file as
        read, byte-order mark and CRLF line ends included, so an edit can be
        applied to that text without any other knowledge. `span` repeats the
        range as 1-based line and column (end exclusive), counted the way
        diagnostics count them (line ends of any kind end a line; a leading
        byte-order mark takes no column), for tools that speak in lines, such
        as an editor or SARIF. An insertion has start == end.

    Fix(edits, applicability, message)
        `edits` are applied together or not at all. `applicability` is
        "safe" (keeps the meaning: the compiled requests stay byte-identical,
        so `kscript lint --fix` applies it) or "unsafe" (a guess at what was
        meant, which changes what is sent: only with `--unsafe-fixes`).
        `message` says what the fix does, in the imperative ("write `5s`").

    edit(table, span, text) -> Edit;  replace(table, span, text, applicability, message) -> Fix
        Build edits from a diagnostic-style Span, with the file's LineTable
        (kscript.core.lines, the lossless layer: `Source.table`), which
        maps the passes' (line, column) to offsets in the original text.
        Rules call `ctx.replace(span, text, applicability, message)`.

    apply_fixes(text, fixes) -> (new_text, number of fixes applied)
        Applies every fix whose edits overlap no fix accepted before it (fixes
        are taken in file order); the others wait for the next round.

    fix_text(text, lint, unsafe=False, rounds=10) -> FixResult
        Lints, applies the wanted fixes, lints again, and repeats until no fix
        is left or the text stops changing, at most `rounds` times.

Everything here is pure: text in, text out. Reading and writing files is the
command line's business (`kscript lint --fix`).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from kscript.core.lines import LineTable
from kscript.core.spans import Span

if TYPE_CHECKING:
    from kscript.core.diagnostics import Diagnostic

__all__ = ["Applicability", "Edit", "Fix", "FixResult", "LineTable", "apply_fixes", "edit", "fix_text", "replace", "wanted"]

Applicability = Literal["safe", "unsafe"]
APPLICABILITIES: tuple[str, ...] = ("safe", "unsafe")
MAX_ROUNDS = 10


# Named tuples, not frozen data classes: a frozen data class compiles six
# generated methods when it is defined, and every lint start-up pays for it.
class Edit(NamedTuple):
    start: int
    end: int
    text: str
    span: Span | None = None


class _FixFields(NamedTuple):
    edits: tuple[Edit, ...]
    applicability: Applicability
    message: str


class Fix(_FixFields):
    __slots__ = ()

    def __new__(cls, edits: tuple[Edit, ...], applicability: Applicability, message: str) -> Fix:
        if applicability not in APPLICABILITIES:
            raise ValueError(f"applicability must be one of {APPLICABILITIES}, not {applicability!r}")
        return super().__new__(cls, edits, applicability, message)


def edit(table: LineTable, span: Span, text: str) -> Edit:
    """An edit replacing what `span` covers (its end is exclusive) with `text`.

    `table` holds the file's lines as read (kscript.core.lines): the span's
    lines and columns become offsets into the original text, clamped into it.
    """
    start = table.offset(span.line, span.column)
    end = max(table.offset(span.end_line, span.end_column), start)
    line, column = table.position(start)
    end_line, end_column = table.position(end)
    return Edit(start, end, text, Span(line, column, end_line, end_column))


def replace(table: LineTable, span: Span, text: str, applicability: Applicability, message: str) -> Fix:
    """A fix of one edit: the common case."""
    return Fix((edit(table, span, text),), applicability, message)


def _conflict(a: Edit, b: Edit) -> bool:
    if a.start < b.end and b.start < a.end:
        return True
    # Two insertions at one point, or an insertion at the edge of a replacement:
    # which text comes first would be a guess.
    if a.start == a.end and b.start <= a.start <= b.end:
        return True
    return b.start == b.end and a.start <= b.start <= a.end


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Apply the fixes that do not overlap one another; return the new text and how many were applied.

    Fixes are taken in the order of their first edit; a fix whose edits
    overlap an accepted fix's (or each other, or fall outside the text) is
    skipped. The edits are then applied from the end of the text backwards,
    so every offset stays true to the original. Accepted edits are kept
    sorted, so each check looks only at its neighbours: n log n for n fixes.
    """
    ordered = sorted(
        (fix for fix in fixes if fix.edits),
        key=lambda fix: (min(e.start for e in fix.edits), max(e.end for e in fix.edits)),
    )
    accepted: list[tuple[int, int, Edit]] = []  # (start, end, edit), sorted; pairwise free of conflicts
    count = 0
    for fix in ordered:
        edits = fix.edits
        if any(not 0 <= e.start <= e.end <= len(text) for e in edits):
            continue
        if any(_conflict(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :]):
            continue
        if any(_conflicts_with_accepted(e, accepted) for e in edits):
            continue
        for e in edits:
            insort(accepted, (e.start, e.end, e), key=lambda item: (item[0], item[1]))
        count += 1
    if not accepted:
        return text, 0
    pieces: list[str] = []
    position = len(text)
    for start, end, edit in reversed(accepted):
        pieces.append(text[end:position])
        pieces.append(edit.text)
        position = start
    pieces.append(text[:position])
    return "".join(reversed(pieces)), count


def _conflicts_with_accepted(edit: Edit, accepted: list[tuple[int, int, Edit]]) -> bool:
    # Accepted edits do not overlap, so those that could conflict with `edit` stand
    # together in the sorted list: from the one before its start to the last starting by its end.
    i = max(bisect_left(accepted, edit.start, key=lambda item: item[0]) - 1, 0)
    while i < len(accepted) and accepted[i][0] <= edit.end:
        if _conflict(edit, accepted[i][2]):
            return True
        i += 1
    return False


def wanted(fix: Fix | None, unsafe: bool) -> bool:
    """Whether a fix is applied: safe ones always, unsafe ones when asked."""
    return fix is not None and (unsafe or fix.applicability == "safe")


class FixResult:
    # Written out rather than @dataclass: this module is on every lint's path.
    def __init__(self, text: str, fixed: int, remaining: list[Diagnostic] | None = None, unsafe: bool = False) -> None:
        self.text = text  # the fixed text (the input itself when nothing was fixed)
        self.fixed = fixed  # fixes applied, over every round
        self.remaining = [] if remaining is None else remaining  # the diagnostics of the fixed text
        self.unsafe = unsafe  # whether unsafe fixes were applied

    @property
    def more_with_unsafe(self) -> int:
        """Remaining diagnostics that `--unsafe-fixes` would fix."""
        if self.unsafe:
            return 0
        return sum(1 for d in self.remaining if d.fix is not None and d.fix.applicability == "unsafe")


def fix_text(
    text: str,
    lint: Callable[[str], Sequence[Diagnostic]],
    unsafe: bool = False,
    rounds: int = MAX_ROUNDS,
) -> FixResult:
    """Fix `text` with the fixes `lint` offers, re-linting after each round.

    Stops when no wanted fix is left, when a round changes nothing (every fix
    left overlaps another or is a no-op), or after `rounds` rounds, so fixes
    that undo each other cannot loop forever.
    """
    diagnostics = list(lint(text))
    fixed = 0
    for _ in range(rounds):
        fixes = [d.fix for d in diagnostics if d.fix is not None and wanted(d.fix, unsafe)]
        if not fixes:
            break
        new_text, count = apply_fixes(text, fixes)
        if new_text == text:
            break
        text, fixed = new_text, fixed + count
        diagnostics = list(lint(text))
    return FixResult(text, fixed, diagnostics, unsafe)
