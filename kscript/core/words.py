"""Words for messages: a count with its noun in the right number ("1 shot", "3 shots"),
and the known word a misspelt one was meant to be (`did_you_mean`)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and `noun`, in the plural unless `n` is 1 (`plural` for an irregular one)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def did_you_mean(word: str, candidates: list[str] | tuple[str, ...], limit: float = 0.6) -> str | None:
    """The candidate closest to `word`, compared without regard to case, if any is close."""
    best: str | None = None
    best_score = 0.0
    low = word.lower()
    for cand in candidates:
        score = _similarity(low, cand.lower(), limit)
        if score > best_score:
            best, best_score = cand, score
    if best is not None and best_score >= limit:
        return best
    return None


def _similarity(a: str, b: str, limit: float = 0.0) -> float:
    """How alike `a` and `b` are, from 0 to 1; 0 for any pair that cannot reach `limit`.

    The distance is only computed up to what `limit` allows: a payload with
    3,000 unknown keys asks this 40,000 times, and a 40 KB key would otherwise
    cost seconds."""
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    allowed = int((1 - limit) * longest + 1e-9)
    if longest >= 4 and limit <= 0.6:
        allowed = max(allowed, 2)
    if abs(len(a) - len(b)) > allowed or _letters_apart(a, b) > allowed:
        return 0.0
    distance = _levenshtein(a, b, allowed)
    if distance > allowed:
        return 0.0
    # Two edits in a short word are still a likely typo (`Aspekt`, `Negativ`).
    if distance <= 2 and longest >= 4:
        return max(0.6, 1 - distance / longest)
    return 1 - distance / longest


def _letters_apart(a: str, b: str) -> int:
    """A lower bound on the edit distance: an edit changes the letters' counts by two at most."""
    ca, cb = _letter_counts(a), _letter_counts(b)
    apart = sum((ca - cb).values()) + sum((cb - ca).values())
    return (apart + 1) // 2


@lru_cache(maxsize=4096)
def _letter_counts(word: str) -> Counter[str]:
    return Counter(word)


def _levenshtein(a: str, b: str, bound: int | None = None) -> int:
    """Edit distance counting a swap of two neighbours as one edit (`Styel` is one from `Style`).

    Past `bound` it stops early and returns bound + 1: a row's smallest entry never
    shrinks in the rows below it."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], before[j - 2] + 1)
        if bound is not None and min(row) > bound and (i < 2 or min(previous) > bound):
            return bound + 1
        before, previous = previous, row
    return previous[-1]
