"""Where a text changed since it was last checked: the parts an editor's edits touched.

A change is (old start, old end, new start, new end): text[old start:old end] of
the text last checked became text[new start:new end] of the text now. A list of
them is sorted and disjoint, and everything between them is the same in both
texts, so the checker re-reads only the scenes that hold one (check/incremental.py).

Edits typed faster than they are checked land at scattered places of a long
script; one change spanning all of them would make the checker read again every
scene in between, so each keeps its own place until MOST_CHANGES of them stand.
"""

from __future__ import annotations

Change = tuple[int, int, int, int]

MOST_CHANGES = 256  # beyond this, one change over all of them: the bookkeeping would cost more than the reading


def merge(changes: list[Change] | None, start: int, end: int, length: int) -> list[Change]:
    """`changes`, and an edit replacing text[start:end] of the text now with `length` characters."""
    changes = list(changes or [])
    delta = length - (end - start)
    before: list[Change] = []
    touched: list[Change] = []
    after: list[Change] = []
    for change in changes:
        if change[3] < start:
            before.append(change)
        elif change[2] > end:
            after.append(change)
        else:  # it overlaps the edit, or meets it
            touched.append(change)
    shift = sum((c[3] - c[2]) - (c[1] - c[0]) for c in before)  # the text now, less the text checked, before `start`
    low = min([start, *(c[2] for c in touched)])
    high = max([end, *(c[3] for c in touched)])
    old_low = touched[0][0] if touched and touched[0][2] == low else low - shift
    old_high = touched[-1][1] if touched and touched[-1][3] == high else high - shift - sum((c[3] - c[2]) - (c[1] - c[0]) for c in touched)
    merged = (old_low, old_high, low, high + delta)
    out = [*before, merged, *((o1, o2, n1 + delta, n2 + delta) for o1, o2, n1, n2 in after)]
    if len(out) > MOST_CHANGES:
        out = [(out[0][0], out[-1][1], out[0][2], out[-1][3])]
    return out


def one(start: int, old_end: int, new_end: int) -> list[Change]:
    """The change of a single edit: text[start:old_end] became text[start:new_end]."""
    return [(start, old_end, start, new_end)]
