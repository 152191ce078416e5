"""The LALR(1) parser for grammar/kscript.lark.

Lark reads the grammar and computes the LALR(1) tables; the package ships them
as a literal beside this module (lalr_tables.py, made by `python -m
kscript.language.parser` and checked against the grammar by
tests/test_parser.py), so that an ordinary run never imports Lark at all: it
imports the tables and drives them with the small loop below. Start-up is most
of what a pre-commit run costs, and this saves Lark's import, its grammar
load and the compilation of one union regex per lexer state.

The tables carry the grammar's text they were made from. When the package's
grammar is another (a grammar being edited in a checkout), they are computed
with Lark and kept, as JSON data, in kscript's cache folder
(kscript/core/cache.py), whose copy is used only when its grammar is the
package's and every part of it has the right shape: tables are data that
decide verdicts, so they are never code and never trusted unchecked.

The lexer is contextual, as Lark's is: every terminal is a whole line, and in
each parser state only the terminals that state accepts are tried, in Lark's
priority order. A line no accepted terminal matches is named by trying every
terminal, and reported as an unexpected line of that kind.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from kscript.core.resources import grammar_path

FORMAT = 2
SHIPPED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lalr_tables.py")
CACHED = "parser-tables.json"  # in the cache folder: for a grammar the shipped tables were not made from
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
    """Compute the LALR(1) tables with Lark and flatten them to JSON-shaped data: the
    states a list (a state's number is its place), each action a [kind, argument] pair."""
    from lark import Lark, __version__

    lark = Lark(grammar, parser="lalr", lexer="contextual")
    table = lark.parser.parser.parser.parse_table
    raw: dict[int, dict[str, tuple[str, Any]]] = {
        int(state): {str(symbol): (action.name, arg) for symbol, (action, arg) in actions.items()} for state, actions in table.states.items()
    }
    # Lark numbers states and rules in an order that changes from run to run (it iterates
    # sets): number them again by a walk from the start state, symbols in order, so the
    # same grammar always gives the same tables, and the shipped file changes only with it.
    start, end = int(table.start_states["start"]), int(table.end_states["start"])
    order = [start]
    number = {start: 0}
    for state in order:
        for symbol in sorted(raw[state]):
            kind, arg = raw[state][symbol]
            if kind == "Shift" and int(arg) not in number:
                number[int(arg)] = len(order)
                order.append(int(arg))
    if len(order) != len(raw) or end not in number:
        raise ValueError("Lark's LALR tables hold a state the start state does not reach")
    rules: list[list[Any]] = []
    rule_number: dict[tuple[str, int], int] = {}
    states: list[dict[str, list[int]]] = []
    for state in order:
        row = {}
        for symbol in sorted(raw[state]):
            kind, arg = raw[state][symbol]
            if kind == "Shift":
                row[symbol] = [SHIFT, number[int(arg)]]
            else:
                key = (str(arg.origin.name), len(arg.expansion))
                if key not in rule_number:  # the loop reads a rule's name and length, nothing else
                    rule_number[key] = len(rules)
                    rules.append(list(key))
                row[symbol] = [REDUCE, rule_number[key]]
        states.append(row)
    conf = lark.lexer_conf
    # The order Lark's lexer tries terminals in: priority, then the longest match possible.
    ordered = sorted(conf.terminals, key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name))
    return {
        "format": FORMAT,
        "grammar": grammar,
        "lark": str(__version__),
        "terminals": [[str(t.name), str(t.pattern.to_regexp())] for t in ordered],
        "ignore": sorted(str(name) for name in conf.ignore),
        "states": states,
        "rules": rules,
        "start": 0,
        "end": number[end],
    }


def dumps(tables: dict[str, Any]) -> str:
    """The tables as the JSON text that is cached."""
    import json

    return json.dumps(tables, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"


def module_text(tables: dict[str, Any]) -> str:
    """The tables as the Python module the package ships (a literal, one state a line):
    read from its bytecode, it loads faster than JSON would, without importing json."""
    lines = [
        '"""The LALR(1) tables of grammar/kscript.lark, made by `python -m kscript.language.parser`:',
        'do not edit (tests/test_parser.py checks them against the grammar)."""',
        "",
        "TABLES = {",
    ]
    for key in sorted(tables):
        if key == "states":
            lines.append(f"    {key!r}: [")
            lines.extend(f"        {{{', '.join(f'{k!r}: {v!r}' for k, v in sorted(row.items()))}}}," for row in tables[key])
            lines.append("    ],")
        else:
            lines.append(f"    {key!r}: {tables[key]!r},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _read_json(data: bytes | str | None) -> Any:
    if data is None:
        return None
    import json

    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def well_formed(tables: Any, grammar: str) -> bool:
    """Whether `tables` are tables this parser can drive, made from `grammar`: every
    part of the right type and every number pointing inside the tables."""
    if not isinstance(tables, dict) or tables.get("format") != FORMAT or tables.get("grammar") != grammar:
        return False
    terminals, ignore, states, rules = tables.get("terminals"), tables.get("ignore"), tables.get("states"), tables.get("rules")
    if not (isinstance(terminals, list) and isinstance(ignore, list) and isinstance(states, list) and isinstance(rules, list) and states):
        return False
    if not all(isinstance(t, list) and len(t) == 2 and all(isinstance(x, str) for x in t) for t in terminals):
        return False
    if not all(isinstance(name, str) for name in ignore):
        return False
    if not all(isinstance(r, list) and len(r) == 2 and isinstance(r[0], str) and r[0] and type(r[1]) is int and r[1] >= 0 for r in rules):
        return False
    for row in states:
        if not isinstance(row, dict):
            return False
        for action in row.values():
            if not (isinstance(action, list) and len(action) == 2 and type(action[0]) is int and type(action[1]) is int):
                return False
            kind, arg = action
            if not ((kind == SHIFT and 0 <= arg < len(states)) or (kind == REDUCE and 0 <= arg < len(rules))):
                return False
    if not all(type(tables.get(k)) is int and 0 <= tables[k] < len(states) for k in ("start", "end")):
        return False
    try:
        for _, regex in terminals:
            re.compile(regex)
    except (re.error, RecursionError, OverflowError):
        return False
    return True


def load_tables() -> dict[str, Any]:
    """The package's tables when they were made from the package's grammar (every
    installed kscript), else a well-formed cached copy made from it, else Lark's, cached."""
    with open(grammar_path(), encoding="utf-8") as handle:
        grammar = handle.read()
    try:
        from kscript.language.lalr_tables import TABLES as shipped
    except ImportError:
        shipped = None
    if isinstance(shipped, dict) and shipped.get("format") == FORMAT and shipped.get("grammar") == grammar:
        return shipped  # part of the package, like this module: checked by the tests, not on every run
    from kscript.core.cache import fetch, store

    cached = _read_json(fetch(CACHED))
    if well_formed(cached, grammar):
        return cached
    tables = build_tables(grammar)
    store(CACHED, dumps(tables).encode("utf-8"))
    return tables


def write_shipped_tables() -> None:
    """Compute the tables from the grammar and write them where the package ships them."""
    from kscript.core.atomic import write_file

    with open(grammar_path(), encoding="utf-8") as handle:
        write_file(SHIPPED, module_text(build_tables(handle.read())))


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


if __name__ == "__main__":  # python -m kscript.language.parser: after an edit of grammar/kscript.lark
    write_shipped_tables()
    print(f"wrote {SHIPPED}")
