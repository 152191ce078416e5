"""The LALR(1) parser for grammar/kscript.lark.

Lark reads the grammar and computes the LALR(1) tables; they are cached on
disk (keyed by the grammar's text, the Lark version and the Python version),
so that an ordinary run never imports Lark at all: it loads the tables with
`marshal` and drives them with the small loop below. Start-up is most of
what a pre-commit run costs, and this saves Lark's import, its grammar load
and the compilation of one union regex per lexer state.

The lexer is contextual, as Lark's is: every terminal is a whole line, and in
each parser state only the terminals that state accepts are tried, in Lark's
priority order. A line no accepted terminal matches is named by trying every
terminal, and reported as an unexpected line of that kind.
"""

from __future__ import annotations

import marshal
import re
import sys
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from kscript.core.cache import fetch, store
from kscript.core.resources import grammar_path

FORMAT = 1
SHIFT, REDUCE = 0, 1


class Token:
    """One line of the script, as the grammar names it."""

    __slots__ = ("type", "value", "line", "column")

    def __init__(self, type: str, value: str, line: int, column: int = 1) -> None:
        self.type = type
        self.value = value
        self.line = line
        self.column = column

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r}, line={self.line})"


class Tree:
    """A rule's match: its name and its children (tokens and trees)."""

    __slots__ = ("data", "children")

    def __init__(self, data: str, children: list[Any]) -> None:
        self.data = data
        self.children = children

    def __repr__(self) -> str:
        return f"Tree({self.data!r}, {self.children!r})"


class UnexpectedLine:
    """What the parser met and what it expected, handed to `on_error`."""

    def __init__(self, token: Token, expected: set[str], value_stack: list[Any]) -> None:
        self.token = token
        self.expected = expected
        self.value_stack = value_stack
        self.line = token.line
        self.column = token.column


def build_tables(grammar: str) -> dict[str, Any]:
    """Compute the LALR(1) tables with Lark and flatten them to plain data."""
    from lark import Lark, __version__

    lark = Lark(grammar, parser="lalr", lexer="contextual")
    table = lark.parser.parser.parser.parse_table
    rules: list[Any] = []
    rule_index: dict[Any, int] = {}
    states: dict[int, dict[str, tuple[int, int]]] = {}
    for state, actions in table.states.items():
        row = {}
        for symbol, (action, arg) in actions.items():
            if action.name == "Shift":
                row[str(symbol)] = (SHIFT, int(arg))
            else:
                if arg not in rule_index:
                    rule_index[arg] = len(rules)
                    rules.append((str(arg.origin.name), len(arg.expansion)))
                row[str(symbol)] = (REDUCE, rule_index[arg])
        states[int(state)] = row
    conf = lark.lexer_conf
    # The order Lark's lexer tries terminals in: priority, then the longest match possible.
    ordered = sorted(conf.terminals, key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name))
    return {
        "format": FORMAT,
        "grammar": grammar,
        "lark": str(__version__),
        "terminals": [(str(t.name), str(t.pattern.to_regexp())) for t in ordered],
        "ignore": [str(name) for name in conf.ignore],
        "states": states,
        "rules": rules,
        "start": int(table.start_states["start"]),
        "end": int(table.end_states["start"]),
    }


def load_tables() -> dict[str, Any]:
    with open(grammar_path(), encoding="utf-8") as handle:
        grammar = handle.read()
    name = f"tables-py{''.join(map(str, sys.version_info[:2]))}.marshal"
    stored = fetch(name)
    if stored is not None:
        try:
            data = marshal.loads(stored)
            if isinstance(data, dict) and data.get("format") == FORMAT and data.get("grammar") == grammar:
                return data
        except (ValueError, EOFError, TypeError):
            pass
    data = build_tables(grammar)
    store(name, marshal.dumps(data))
    return data


class Parser:
    def __init__(self, tables: dict[str, Any]) -> None:
        self.states: dict[int, dict[str, tuple[int, int]]] = tables["states"]
        self.rules: list[tuple[str, int]] = tables["rules"]
        self.start: int = tables["start"]
        self.end: int = tables["end"]
        self.patterns = {name: re.compile(regex).match for name, regex in tables["terminals"]}
        self.order = [name for name, _ in tables["terminals"]]
        ignored = [name for name, _ in tables["terminals"] if name in tables["ignore"]]
        if len(ignored) == 1:
            self.ignore: Callable | None = self.patterns[ignored[0]]  # the grammar's one (HIDDEN_LINE): not compiled twice
        else:
            regexes = [regex for name, regex in tables["terminals"] if name in tables["ignore"]]
            self.ignore = re.compile("|".join(f"(?:{r})" for r in regexes)).match if regexes else None
        self._accepts: dict[int, list[tuple[str, Callable]]] = {}

    def _accepted(self, state: int) -> list[tuple[str, Callable]]:
        found = self._accepts.get(state)
        if found is None:
            row = self.states[state]
            found = [(name, self.patterns[name]) for name in self.order if name in row]
            self._accepts[state] = found
        return found

    def _any(self, text: str, pos: int) -> tuple[str, str]:
        for name in self.order:
            match = self.patterns[name](text, pos)
            if match:
                return name, match.group()
        end = text.find("\n", pos)
        return "TEXT", text[pos : len(text) if end < 0 else end + 1]

    def parse(self, text: str, on_error: Callable[[UnexpectedLine], bool] | None = None) -> Tree | None:
        """Parse `text` (ending in a newline); `on_error` sees each unexpected line,
        which is then stepped over."""
        states, rules = self.states, self.rules
        state_stack = [self.start]
        value_stack: list[Any] = []
        pos, line, size = 0, 1, len(text)
        while True:
            # The next line: skipped when ignorable, else the first accepted terminal.
            if pos < size:
                if self.ignore is not None and self.ignore(text, pos):
                    pos = text.find("\n", pos) + 1 or size
                    line += 1
                    continue
                kind: str | None = None
                lexeme = ""
                for name, match in self._accepted(state_stack[-1]):
                    found = match(text, pos)
                    if found:
                        kind, lexeme = name, found.group()
                        break
                if kind is None:
                    kind, lexeme = self._any(text, pos)
                token = Token(kind, lexeme, line)
            else:
                token = Token("$END", "", line)
            while True:
                action = states[state_stack[-1]].get(token.type)
                if action is None:
                    error = UnexpectedLine(token, {t for t in states[state_stack[-1]] if t.isupper() or t == "$END"}, value_stack)
                    if token.type == "$END" or on_error is None or not on_error(error):
                        return None
                    break  # step over the line
                kind_, arg = action
                if kind_ == SHIFT:
                    if token.type == "$END":
                        return value_stack[-1] if value_stack else None
                    state_stack.append(arg)
                    value_stack.append(token)
                    break
                origin, length = rules[arg]
                if length:
                    children = value_stack[-length:]
                    del value_stack[-length:]
                    del state_stack[-length:]
                else:
                    children = []
                # Inlined rules arrive as lists: splice them. Lark's helper for `x*` is
                # left-recursive (`h: h x | x`), so its list comes first and is grown in
                # place: copying it on every reduce made a scene's shots, and a script's
                # scenes, quadratic. Nothing else holds that list once it is off the stack.
                if children and type(children[0]) is list:
                    flat: list[Any] = children[0]
                    rest = children[1:]
                else:
                    flat = []
                    rest = children
                for child in rest:
                    if type(child) is list:
                        flat.extend(child)
                    else:
                        flat.append(child)
                # Rules named with `_` (and Lark's helpers for `*` and `?`) are inlined.
                value: Any = flat if origin[0] == "_" else Tree(origin, flat)
                goto = states[state_stack[-1]][origin]
                state_stack.append(goto[1])
                value_stack.append(value)
                if token.type == "$END" and state_stack[-1] == self.end:
                    return value
            if token.type == "$END":  # (the loop above returns first: Lark's tables accept on a reduce)
                return value_stack[-1] if value_stack else None
            pos += len(token.value)
            line += 1  # every terminal is one whole line


@lru_cache(maxsize=1)
def get_parser() -> Parser:
    return Parser(load_tables())
