"""Limits on what a payload file may make kscript do (issue 9, items 1, 3 and 4).

A request payload is a few levels deep and a few hundred values large. A
hostile one can be made to cost far more than its size: nested brackets that
overflow the reader's recursion (after seconds of scanning), YAML aliases that
expand to billions of values, numbers no 64-bit float can hold. Each is found
cheaply and reported as a diagnostic at the place it stands.
"""

from __future__ import annotations

import math
import re
from typing import Any

# A real payload is about five levels deep (elements[0].reference_image_urls[0]).
MAX_DEPTH = 100
# Values that YAML aliases may add to a payload, all aliases together.
MAX_ALIAS_VALUES = 10_000

_SIGNIFICANT = re.compile(r"[\[\]{}\"'#\n]")
_LINE_START = re.compile(r"([ ]*)((?:[-?](?:[ \t]+|(?=\n)))*)")
_BLOCK_SCALAR = re.compile(r"(?:^|[:\-?]\s)[ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?\Z")


class TooDeep(ValueError):
    """The text nests further than MAX_DEPTH, at (line, column), 1-based."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__(f"nested more than {MAX_DEPTH} levels deep")
        self.line = line
        self.column = column


def check_depth(text: str, yaml: bool) -> None:
    """Raise TooDeep where `text` (JSON or YAML) first nests past MAX_DEPTH.

    One pass over the characters that matter, before any parser sees the text:
    flow brackets outside strings and comments, plus, for YAML, the block levels
    opened by indentation and by `- ` and `? ` indicators. The count is an upper
    bound on the real depth; ordinary payloads are far below the limit, and the
    whole scan is skipped when the text holds too few openers to reach it.
    """
    openers = text.count("[") + text.count("{")
    if yaml:
        openers += 2 * text.count("\n") + text.count("-") + text.count("?") + 2
    if openers <= MAX_DEPTH:
        return
    flow = 0
    block: list[int] = []  # indentations of the open block levels (YAML)
    block_levels = 0
    block_scalar_indent = -1  # inside a `|` or `>` scalar: lines indented deeper than this
    line_no, line_start = 1, 0
    pos = 0
    size = len(text)
    at_line_start = True
    while pos < size:
        if at_line_start:
            at_line_start = False
            if yaml and flow == 0:
                match = _LINE_START.match(text, pos)
                assert match is not None
                indent = len(match.group(1))
                rest = text[match.end() : match.end() + 1]
                blank = rest in ("", "\n", "#")
                if block_scalar_indent >= 0 and (blank or indent > block_scalar_indent):
                    end = text.find("\n", pos)
                    if end < 0:
                        return
                    pos, line_no, line_start, at_line_start = end + 1, line_no + 1, end + 1, True
                    continue
                block_scalar_indent = -1
                if not blank:
                    while block and block[-1] >= indent:
                        block.pop()
                    block.append(indent)
                    dashes = match.group(2).count("-") + match.group(2).count("?")
                    # A key's value may be a sequence at the key's own indentation: two levels a line.
                    block_levels = 2 * len(block) + dashes
                    if block_levels + flow > MAX_DEPTH:
                        # at the indicator that went past the limit (`- - - …` on one line)
                        past = max(MAX_DEPTH - 2 * len(block), 0)
                        raise TooDeep(line_no, indent + 1 + (2 * past if dashes > past else 0))
                    end = text.find("\n", pos)
                    line = text[pos : size if end < 0 else end]
                    if _BLOCK_SCALAR.search(line.rstrip()):
                        block_scalar_indent = indent
        match = _SIGNIFICANT.search(text, pos)
        if match is None:
            return
        pos = match.start()
        char = match.group()
        if char == "\n":
            pos += 1
            line_no, line_start, at_line_start = line_no + 1, pos, True
            continue
        if char in "[{":
            if yaml and flow == 0 and not _value_starts(text, pos, line_start):
                pos = _plain_end(text, pos)  # `a [b` in block context is a plain string
                continue
            flow += 1
            if flow + (block_levels if yaml else 0) > MAX_DEPTH:
                raise TooDeep(line_no, pos - line_start + 1)
            pos += 1
            continue
        if char in "]}":
            flow = max(flow - 1, 0)
            pos += 1
            continue
        if char == "#":
            if yaml and (pos == line_start or text[pos - 1] in " \t"):
                end = text.find("\n", pos)
                pos = size if end < 0 else end
            else:
                pos += 1
            continue
        if yaml and not _value_starts(text, pos, line_start):
            # a quote inside a plain word (`don't`) opens nothing
            pos = _plain_end(text, pos) if flow == 0 else pos + 1
            continue
        end = _string_end(text, pos, char)
        line_no += text.count("\n", pos, end)
        newline = text.rfind("\n", pos, end)
        if newline >= 0:
            line_start = newline + 1
        pos = end
    return


_PLAIN_END = re.compile(r":(?=[ \t\n])| #|\n")


def _plain_end(text: str, pos: int) -> int:
    """Where a plain scalar in block context that holds `pos` ends: at `: `, ` #` or the line's end."""
    found = _PLAIN_END.search(text, pos)
    return len(text) if found is None else found.start()


def _value_starts(text: str, pos: int, line_start: int) -> bool:
    """Whether a YAML value may start at `pos`: after white space that follows an
    indicator (`[{,:-?`) or begins the line. Only the white space is scanned back."""
    i = pos - 1
    while i >= line_start and text[i] in " \t":
        i -= 1
    return i < line_start or text[i] in "[{,:-?"


def _string_end(text: str, pos: int, quote: str) -> int:
    """The offset just after the string opening at `pos` (the end of the text if it never closes)."""
    i = pos + 1
    while True:
        end = text.find(quote, i)
        if end < 0:
            return len(text)
        if quote == "'":
            if text.startswith("''", end):
                i = end + 2
                continue
            return end + 1
        backslashes = 0
        j = end - 1
        while j > pos and text[j] == "\\":
            backslashes += 1
            j -= 1
        if backslashes % 2 == 0:
            return end + 1
        i = end + 1


def is_finite_number(value: Any) -> bool:
    """False for NaN, the infinities and integers beyond a 64-bit float's range."""
    if isinstance(value, bool):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, int):
        return value.bit_length() <= 1024
    return True


def non_finite(data: Any) -> list[tuple[tuple[str | int, ...], Any]]:
    """(path, value) of every number in `data` that JSON and the API cannot carry."""
    found: list[tuple[tuple[str | int, ...], Any]] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*path, key), item) for key, item in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, (int, float)) and not is_finite_number(value):
            found.append((path, value))
    return found


def parse_json_int(literal: str) -> int | float:
    """json.loads' `parse_int`: Python refuses to convert more than 4,300 digits,
    and no float holds more than 309, so a longer integer is read as a float
    (infinity), which the finiteness check then reports."""
    return int(literal) if len(literal) <= 400 else float(literal)


class AliasBomb(ValueError):
    """YAML aliases expand past MAX_ALIAS_VALUES; `anchor` is the outermost alias's name and
    `occurrence` which of its aliases (0-based, in file order, outside other expansions) it is."""

    def __init__(self, anchor: str, occurrence: int) -> None:
        super().__init__(f"the alias `*{anchor}` expands past {MAX_ALIAS_VALUES:,} values")
        self.anchor = anchor
        self.occurrence = occurrence


class AliasBudget:
    """Counts the values that aliases add while a ruamel tree is copied to plain data.

    ruamel shares an aliased node instead of copying it, so loading a bomb is
    cheap; it is the copy that would expand it. A node is an alias when an
    anchored node is met a second time.
    """

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.expanding: str | None = None  # the anchor of the outermost alias being copied
        self.occurrences: dict[str, int] = {}
        self.current = 0
        self.spent = 0

    def enter(self, node: Any) -> str | None:
        """Called for each node; returns the anchor name when this node starts an outermost expansion."""
        if self.expanding is not None:
            self.spent += 1
            if self.spent > MAX_ALIAS_VALUES:
                raise AliasBomb(self.expanding, self.current)
            return None
        anchor_of = getattr(node, "yaml_anchor", None)
        anchor = anchor_of() if anchor_of is not None else None
        if anchor is None:
            return None
        if id(node) not in self.seen:
            self.seen.add(id(node))
            return None
        name = str(anchor.value)
        self.current = self.occurrences.get(name, 0)
        self.occurrences[name] = self.current + 1
        self.expanding = name
        return name

    def leave(self, started: str | None) -> None:
        if started is not None:
            self.expanding = None


def alias_position(text: str, bomb: AliasBomb) -> tuple[int, int]:
    """Where the alias that went past the budget stands (1-based), read from the YAML events."""
    from ruamel.yaml import YAML
    from ruamel.yaml.events import AliasEvent

    count = 0
    try:
        for event in YAML(typ="rt").parse(text):
            if isinstance(event, AliasEvent) and event.anchor == bomb.anchor:
                if count == bomb.occurrence:
                    return event.start_mark.line + 1, event.start_mark.column + 1
                count += 1
    except Exception:  # noqa: BLE001 - the position is a courtesy: the first line will do
        pass
    return 1, 1
