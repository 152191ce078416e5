"""Fountain's markup, taken out of the text a shot sends.

Emphasis (`*italic*`, `**bold**`, `***both***`, `_underline_`) sends its
words without the markers, and `\\*` or `\\_` a literal `*` or `_`; lyrics (lines
beginning `~`) are sent between music notes, `♪ like this ♪`, consecutive
lyric lines joined by ` / `; a parenthetical inside a dialogue block is a
direction, sent outside the quoted words.
"""

from __future__ import annotations

import re

_ESCAPED_STAR, _ESCAPED_UNDERSCORE = "\ue000", "\ue001"  # private-use stand-ins while markers are removed
# What emphasis is, as patterns: the definition the pairing below follows (and is tested against).
# The patterns themselves are not used on sent text: on a line of many unpaired markers their lazy
# search is quadratic (each opener scans to the end of the line), the pairing below is not.
STARS = re.compile(r"(\*{1,3})(?=[^\s*])(.+?)(?<=[^\s*])\1(?!\*)")
# `_` is also a name character (`@tram_depot`): underlining begins and ends only at a word's edge.
UNDERLINE = re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)")


def star_pairs(text: str) -> list[tuple[int, int, int]]:
    """(opener, markers, closer) of each `*`/`**`/`***` pair in `text`, as STARS.sub pairs them,
    in one pass: a closer is the first run of exactly as many stars after a non-space, and the
    search for it is a bisection in the list of such runs, not a scan of the line."""
    from bisect import bisect_left

    if "\n" in text:  # emphasis never crosses a line (`.` does not match a line break)
        found, base = [], 0
        for line in text.split("\n"):
            found.extend((o + base, k, c + base) for o, k, c in star_pairs(line))
            base += len(line) + 1
        return found
    runs: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] == "*":
            j = i
            while j < n and text[j] == "*":
                j += 1
            runs.append((i, j - i))
            i = j
        else:
            i += 1
    closers: dict[int, list[int]] = {1: [], 2: [], 3: []}
    for start, length in runs:
        if length <= 3 and start > 0 and not text[start - 1].isspace():
            closers[length].append(start)
    pairs: list[tuple[int, int, int]] = []
    done = 0  # where the search goes on after the last pair
    for start, length in runs:
        end = start + length
        if start < done or end >= n or text[end].isspace():
            continue  # inside a pair already made, or no word right after the run: no opener here
        for offset in range(length):
            k = length - offset
            if k > 3:
                continue
            candidates = closers[k]
            at = bisect_left(candidates, end + 1)  # at least one character between
            if at < len(candidates):
                close = candidates[at]
                pairs.append((start + offset, k, close))
                done = close + k
                break
    return pairs


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def underline_pairs(text: str) -> list[tuple[int, int]]:
    """(opener, closer) of each `_..._` pair in `text`, as UNDERLINE.sub pairs them, in one pass."""
    from bisect import bisect_left

    if "\n" in text:
        found, base = [], 0
        for line in text.split("\n"):
            found.extend((o + base, c + base) for o, c in underline_pairs(line))
            base += len(line) + 1
        return found
    n = len(text)
    openers: list[int] = []
    closers: list[int] = []
    for i, char in enumerate(text):
        if char != "_":
            continue
        if (i == 0 or not _is_word(text[i - 1])) and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != "_":
            openers.append(i)
        if i > 0 and not text[i - 1].isspace() and text[i - 1] != "_" and (i + 1 == n or not _is_word(text[i + 1])):
            closers.append(i)
    pairs: list[tuple[int, int]] = []
    done = 0
    for start in openers:
        if start < done:
            continue
        at = bisect_left(closers, start + 2)
        if at < len(closers):
            pairs.append((start, closers[at]))
            done = closers[at] + 1
    return pairs


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` less the characters of `spans` ((start, end) pairs, in order, not overlapping)."""
    out: list[str] = []
    last = 0
    for start, end in spans:
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return "".join(out)


def unmark(text: str) -> str:
    """`text` without Fountain's emphasis markers, escapes made literal."""
    if "*" not in text and "_" not in text:
        return text
    text = text.replace("\\*", _ESCAPED_STAR).replace("\\_", _ESCAPED_UNDERSCORE)
    if "*" in text:
        text = _without(text, [span for o, k, c in star_pairs(text) for span in ((o, o + k), (c, c + k))])
    if "_" in text:
        text = _without(text, [span for o, c in underline_pairs(text) for span in ((o, o + 1), (c, c + 1))])
    return text.replace(_ESCAPED_STAR, "*").replace(_ESCAPED_UNDERSCORE, "_")


def is_lyric(text: str) -> bool:
    return text.startswith("~")


def is_parenthetical(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) >= 2 and stripped.startswith("(") and stripped.endswith(")")


def join_lines(texts: list[str]) -> str:
    """Lines of one paragraph as sent: joined by spaces, runs of lyrics between music notes."""
    out: list[str] = []
    lyrics: list[str] = []
    for text in texts:
        if is_lyric(text):
            lyrics.append(text[1:].strip())
            continue
        if lyrics:
            out.append("♪ " + " / ".join(lyrics) + " ♪")
            lyrics = []
        out.append(text)
    if lyrics:
        out.append("♪ " + " / ".join(lyrics) + " ♪")
    return " ".join(out)


def spoken(texts: list[str]) -> str:
    """A dialogue block's words in quotes, with any parenthetical among them left outside: `"A" (pause) "B"`."""
    pieces: list[str] = []
    run: list[str] = []
    for text in texts:
        if is_parenthetical(text):
            if run:
                pieces.append(f'"{join_lines(run)}"')
                run = []
            pieces.append(text.strip())
            continue
        run.append(text)
    if run or not pieces:
        pieces.append(f'"{join_lines(run)}"')
    return " ".join(pieces)
