"""Unified diffs that `git apply` and `patch` read, fast on large files with many small changes.

difflib's matcher looks for the longest matching blocks, which costs minutes
on a 100,000-line script in which every fifth line changed. Rewrites that
keep every line where it was (the usual case for fixes and formatting) need no
matching at all: line i of the old text pairs with line i of the new one, so
the changed lines are found in one pass and grouped into hunks. Anything that
adds or removes lines goes to difflib.

Lines end at "\\n" only, as `git apply` and `patch` split them: a CRLF file's
lines keep their "\\r", and the diff carries it byte for byte.
"""

from __future__ import annotations

CONTEXT = 3
NO_NEWLINE = "\\ No newline at end of file\n"


def lines_of(text: str) -> list[str]:
    """The lines of `text`, each with its "\\n" (the last one may have none)."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def unified_diff(before: str, after: str, from_name: str, to_name: str, context: int = CONTEXT) -> str:
    """The unified diff from `before` to `after` ("" when they are equal)."""
    if before == after:
        return ""
    old, new = lines_of(before), lines_of(after)
    if len(old) == len(new):
        body = _paired(old, new, context)
    else:
        import difflib

        body = list(difflib.unified_diff(old, new, n=context))[2:]  # our own header below
    out = [f"--- {from_name}\n", f"+++ {to_name}\n"]
    for line in body:
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n" + NO_NEWLINE)
    return "".join(out)


def _paired(old: list[str], new: list[str], context: int) -> list[str]:
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    hunks: list[list[int]] = []
    for i in changed:
        if hunks and i - hunks[-1][-1] <= 2 * context:
            hunks[-1].append(i)
        else:
            hunks.append([i])
    out: list[str] = []
    for hunk in hunks:
        first, last = max(hunk[0] - context, 0), min(hunk[-1] + context, len(old) - 1)
        span = _range(first, last - first + 1)
        out.append(f"@@ -{span} +{span} @@\n")
        i = first
        while i <= last:
            if old[i] == new[i]:
                out.append(" " + old[i])
                i += 1
                continue
            run = i
            while run <= last and old[run] != new[run]:
                run += 1
            out.extend("-" + line for line in old[i:run])
            out.extend("+" + line for line in new[i:run])
            i = run
    return out


def _range(start: int, length: int) -> str:
    """A hunk's range as difflib writes it: 1-based start, length left out when 1."""
    return f"{start + 1}" if length == 1 else f"{start + 1},{length}"
