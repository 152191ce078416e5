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
STARS = re.compile(r"(\*{1,3})(?=[^\s*])(.+?)(?<=[^\s*])\1(?!\*)")
# `_` is also a name character (`@tram_depot`): underlining begins and ends only at a word's edge.
UNDERLINE = re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)")


def unmark(text: str) -> str:
    """`text` without Fountain's emphasis markers, escapes made literal."""
    if "*" not in text and "_" not in text:
        return text
    text = text.replace("\\*", _ESCAPED_STAR).replace("\\_", _ESCAPED_UNDERSCORE)
    if "*" in text:
        text = STARS.sub(lambda m: m.group(2), text)
    if "_" in text:
        text = UNDERLINE.sub(lambda m: m.group(1), text)
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
