"""Lines that look like a SHOT line but are not one (KS013).

The grammar reads `SHOT` in capitals followed by white space, and `shot` in
any case when a duration follows it (`Shot 4s - WIDE`). A new user also
writes `Shot - WIDE`, `shot`, `Shot: 4s - WIDE` or `SHOT: WIDE`; read as
action, those would be sent inside the previous shot's prompt. This module
says which lines are meant as a shot's header, and what they would be as one.

A line looks like a SHOT line when it starts with the word `shot` in any case
and then has, after optional white space:

- nothing, or only a colon (`Shot`, `shot:`);
- a colon and anything (`Shot: 4s - WIDE`, `SHOT: close on her hands`);
- a number, with or without a unit (`s`, `sec`, `secs`, `second`, `seconds`),
  followed by nothing, a dash, a colon or a word in capitals
  (`Shot 4 seconds - WIDE`, `shot 4s WIDE`);
- a dash after white space (`Shot - WIDE`, `shot — WIDE`);
- a word in capitals, two letters or more (`Shot WIDE, locked off`).

Prose is left alone: `Shots ring out.`, `Shot after shot, the rain.`,
`Shot through the glass, the lamp goes dark.`, `Shot 3 times, he falls.`,
`Shot.` and `Shot!` are action. A line forced with `!` is always action.
"""

from __future__ import annotations

import re

DASHES = "-\u2013\u2014"
_WORD = re.compile(r"(?i:shot)(?![\w'\u2019])")
_LABEL = re.compile(r"[^\S\n]*:")
_NUMBER = re.compile(r"[^\S\n]+(?P<number>\d+(?:[.,]\d+)?)[^\S\n]*(?P<unit>(?i:seconds?|secs?|s))?(?![\w.,])")
_CAPITALS = re.compile(r"[^\W\d_]{2,}(?![\w'\u2019])")


def _capital_word(text: str) -> bool:
    match = _CAPITALS.match(text)
    return match is not None and not any(c.islower() for c in match.group())


def _after_number(rest: str) -> bool:
    """What follows a number makes the line a header: nothing, a dash, a colon or capitals."""
    stripped = rest.lstrip()
    return not stripped or stripped[0] in DASHES + ":" or (stripped != rest and _capital_word(stripped))


def looks_like_shot(text: str) -> bool:
    """True when `text` (a line, leading white space allowed) is meant as a SHOT line."""
    text = text.lstrip()
    word = _WORD.match(text)
    if word is None:
        return False
    rest = text[word.end() :]
    if not rest.strip() or _LABEL.match(rest):
        return True
    number = _NUMBER.match(rest)
    if number is not None:
        return _after_number(rest[number.end() :])
    if not rest[0].isspace():
        return False
    stripped = rest.lstrip()
    return stripped[0] in DASHES or _capital_word(stripped)


def as_shot_line(text: str) -> str | None:
    """The SHOT line that `text` (which looks like one) means, or None where that is
    not clear: a number without a unit (`Shot 4 - WIDE`: seconds, or the fourth shot?)."""
    text = text.strip()
    word = _WORD.match(text)
    if word is None or not looks_like_shot(text):
        return None
    rest = text[word.end() :].lstrip()
    if rest.startswith(":"):
        rest = rest[1:]
    duration = ""
    number = _NUMBER.match(" " + rest)
    if number is not None:
        if number.group("unit") is None:
            return None
        duration = f" {number.group('number')}s"
        rest = (" " + rest)[number.end() :]
    rest = rest.strip()
    if rest.startswith(":"):
        rest = rest[1:].strip()
    if rest[:1] and rest[0] in DASHES:
        rest = rest[1:].strip()
    return f"SHOT{duration} - {rest}" if rest else f"SHOT{duration}"
