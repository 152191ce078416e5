"""Words for messages: a count with its noun in the right number ("1 shot", "3 shots")."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and `noun`, in the plural unless `n` is 1 (`plural` for an irregular one)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
