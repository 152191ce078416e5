"""Reading request payloads (JSON, JSON lines, YAML) with positions and limits.

One reader for every command that reads a payload: `lint` checks what it reads
(kscript/check/payload.py), `import` turns it into a script
(kscript/importer/read.py), `models` finds its model. ruamel.yaml reads YAML
(and, on first use, a JSON file's positions) so that each value can be pointed
at; JSON is read by the standard library. A file that breaks a limit (nesting,
aliases, numbers no float holds: kscript/payload/limits.py) is refused where it
breaks it, as KS001, never with a traceback or a runaway.
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from kscript.core.diagnostics import Diagnostic
from kscript.core.lines import normalise
from kscript.core.spans import Span
from kscript.payload.limits import (
    MAX_ALIAS_VALUES,
    MAX_DEPTH,
    AliasBomb,
    AliasBudget,
    TooDeep,
    alias_position,
    check_depth,
    non_finite,
    parse_json_int,
)

Path = tuple[str | int, ...]
# YAML readers refuse integers of more than 4,300 digits; for positions only, such a
# number is read as a string of the same width (the JSON reader reports it).
_LONG_NUMBER = re.compile(r"-?\d{400,}(?:\.\d*)?(?:[eE][-+]?\d+)?")


def _as_string(match: re.Match[str]) -> str:
    return '"' + "x" * (len(match.group()) - 2) + '"'



class Payload:
    """One request body as read: its data, and where each value stands in the text.

    `data` is an object for a payload read with `read`; `read_documents` gives any
    JSON value (an import reads a list of requests too)."""

    def __init__(self, path: str, text: str, data: Any, positions: dict[Path, tuple] | None, first_line: int = 1) -> None:
        self.path = path
        self.text = text
        self.lines = text.split("\n")
        self.data = data
        # path -> ((key line, key col) or None, (value line, value col)), 0-based. A clean
        # JSON file never needs them, so they are read (with ruamel.yaml) on first use.
        self._positions = positions
        self.first_line = first_line  # the line of the file `text` starts at (a JSON lines file's line)
        self.bad_number_spans: set[Span] = set()  # non-finite numbers, reported once as KS001
        # A body wrapped in another provider's `input` object is checked as the body it
        # wraps (see unwrap); the keys lifted from it stand under "input" in the file.
        self.wrapper: str | None = None
        self._lifted: frozenset[str] = frozenset()

    def unwrap(self) -> None:
        """Read `{"input": {...}}` (Replicate's and fal's shape) as the request it wraps.

        The rules then see the inner fields as top-level ones (beside any other
        top-level keys, which stay unknown keys), and every position, fix and
        message points into the wrapper; KS609 says once that the body is wrapped.
        A payload with a top-level `prompt` or `multi_prompt` is not wrapped: its
        `input` is an unknown key like any other.
        """
        inner = self.data.get("input")
        if not isinstance(inner, dict) or "prompt" in self.data or "multi_prompt" in self.data:
            return
        outer = {k: v for k, v in self.data.items() if k != "input" and k not in inner}
        self.data = {**outer, **inner}
        self.wrapper = "input"
        self._lifted = frozenset(inner)

    @property
    def lifted(self) -> frozenset[str]:
        """The top-level keys the rules see that stand inside the wrapper in the file."""
        return self._lifted

    def _at(self, path: Path) -> Path:
        """Where a path of the data the rules see stands in the file."""
        if path and path[0] in self._lifted:
            return ("input", *path)
        return path

    @property
    def positions(self) -> dict[Path, tuple]:
        if self._positions is None:
            from ruamel.yaml import YAML

            self._positions = {}
            reader = YAML(typ="rt")
            reader.allow_duplicate_keys = True  # reported already, as KS605
            try:
                # A tab is white space in JSON but not in YAML; one column either way.
                text = _LONG_NUMBER.sub(_as_string, self.text.replace("\t", " "))
                _plain(reader.load(text), (), self._positions)
            except Exception:  # noqa: BLE001 - JSON that YAML cannot read: spans fall back to 1:1
                self._positions = {}
        return self._positions

    def span(self, path: Path, *, key: bool = False) -> Span:
        path = self._at(path)
        while path and path not in self.positions:
            path = path[:-1]
        if not path:
            return Span.at(1, 1)
        key_pos, value_pos = self.positions[path]
        line, col = key_pos if key and key_pos is not None else value_pos
        return Span.at(line + 1, col + 1, self._token_length(line, col, key=key and key_pos is not None))

    def _token_length(self, line: int, col: int, *, key: bool = False) -> int:
        text = self.lines[line] if line < len(self.lines) else ""
        rest = text[col:]
        if not rest:
            return 1
        if rest[0] in "\"'":
            quote, i = rest[0], 1
            while i < len(rest):
                if rest[i] == "\\" and quote == '"':
                    i += 2
                    continue
                if rest[i] == quote:
                    return i + 1
                i += 1
            return len(rest)
        if rest[0] in "{[":
            return 1
        end = len(rest)
        # A plain YAML key ends at its `: ` (`version: "abc"` underlines `version`).
        for stop in (",", "}", "]", " #") + ((": ", ":\t") if key else ()):
            found = rest.find(stop)
            if found > 0:
                end = min(end, found)
        return max(len(rest[:end].rstrip().rstrip(":")), 1)

    @staticmethod
    def path_text(path: Path) -> str:
        out = ""
        for part in path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out


P = TypeVar("P", bound=Payload)


def _plain(node: Any, path: Path, positions: dict[Path, tuple], budget: AliasBudget | None = None) -> Any:
    """A plain Python copy of a ruamel tree, recording where each node stands.

    With a `budget`, the values that YAML aliases add are counted, and AliasBomb
    raised past the limit: a 1 KB file of nested aliases would otherwise expand
    to billions of values here."""
    if budget is None:
        return _copy(node, path, positions, None)
    started = budget.enter(node)
    try:
        return _copy(node, path, positions, budget)
    finally:
        budget.leave(started)


def _copy(node: Any, path: Path, positions: dict[Path, tuple], budget: AliasBudget | None) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        out = {}
        for key in node:
            try:
                key_pos = tuple(node.lc.key(key))
                value_pos = tuple(node.lc.value(key))
            except (KeyError, TypeError, AttributeError):
                key_pos = value_pos = positions.get(path, (None, (0, 0)))[1]
            child = (*path, str(key))
            positions[child] = (key_pos, value_pos)
            out[str(key)] = _plain(node[key], child, positions, budget)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for i, item in enumerate(node):
            try:
                pos = tuple(node.lc.item(i))
            except (KeyError, TypeError, AttributeError):
                pos = positions.get(path, (None, (0, 0)))[1]
            positions[(*path, i)] = (None, pos)
            out_list.append(_plain(item, (*path, i), positions, budget))
        return out_list
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return str(node)


_YAML_HELP = "fix the YAML at this point (a payload may be written as JSON too: YAML reads it)"


def _syntax_error(path: str, message: str, line: int, column: int, help: str | None = None) -> Diagnostic:
    return Diagnostic("KS001", "error", message, Span.at(max(line, 1), max(column, 1)), help, path)


def read(path: str, text: str, kind: type[P] = Payload) -> tuple[P | None, list[Diagnostic]]:  # type: ignore[assignment]
    """Read one request body (a `kind`, a Payload or a subclass of it); KS001 when the
    text is not JSON or YAML, or not an object, or breaks a limit (kscript/payload/limits.py)."""
    text = normalise(text)
    is_json = path.lower().endswith((".json", ".jsonl"))  # a JSON lines file is read a line at a time
    try:
        check_depth(text, yaml=not is_json)
    except TooDeep as exc:
        return None, [_too_deep(path, exc.line, exc.column)]
    if is_json:
        found, problems = _read_json(path, text)
    else:
        found, problems = _read_yaml(path, text)
    if found is None:
        return None, problems
    data, positions = found[0]
    if not isinstance(data, dict):
        return None, problems + [_not_an_object(path, data)]
    payload = kind(path, text, data, positions)
    payload.unwrap()
    return payload, problems + _non_finite_numbers(payload)


def read_documents(path: str, text: str) -> tuple[list[Payload], list[Diagnostic]]:
    """Every document a payload file holds, for `kscript import`: a JSON value, a JSON
    value a line (`.jsonl`, or a `.json` file of several), or YAML documents (`---`).
    A document may be a list of requests; what it holds is the reader's to judge.
    Nothing is returned when any part cannot be read: the diagnostics say where."""
    text = normalise(text)
    low = path.lower()
    if low.endswith(".jsonl"):
        return _json_lines(path, text)
    try:
        check_depth(text, yaml=not low.endswith(".json"))
    except TooDeep as exc:
        return [], [_too_deep(path, exc.line, exc.column)]
    if low.endswith(".json"):
        found, problems = _read_json(path, text)
        if found is None and problems and problems[0].message == "not valid JSON: Extra data":
            return _json_lines(path, text)  # several requests one a line, in a file named .json
    else:
        found, problems = _read_yaml(path, text, many=True)
    if found is None:
        return [], problems
    payloads = [Payload(path, text, data, positions) for data, positions in found]
    problems = problems + [p for payload in payloads for p in _non_finite_numbers(payload)]
    return ([] if problems else payloads), problems


def _json_lines(path: str, text: str) -> tuple[list[Payload], list[Diagnostic]]:
    payloads: list[Payload] = []
    problems: list[Diagnostic] = []
    for i, line in enumerate(text.split("\n")):
        if not line.strip():
            continue
        try:
            check_depth(line, yaml=False)
        except TooDeep as exc:
            problems.append(_too_deep(path, exc.line + i, exc.column))
            continue
        found, trouble = _read_json(path, line)
        if found is not None:
            payload = Payload(path, line, found[0][0], None, first_line=i + 1)
            trouble = trouble + _non_finite_numbers(payload)
            payloads.append(payload)
        for d in trouble:
            d.span = Span(d.span.line + i, d.span.column, d.span.end_line + i, d.span.end_column)
        problems += trouble
    return ([] if problems else payloads), problems


def _too_deep(path: str, line: int, column: int) -> Diagnostic:
    return _syntax_error(
        path,
        f"the payload is nested more than {MAX_DEPTH} levels deep",
        line,
        column,
        "a request payload is a few levels deep (elements[0].reference_image_urls[0] is as deep as it goes)",
    )


Found = list[tuple[Any, "dict[Path, tuple] | None"]]  # each document's data and positions


def _read_yaml(path: str, text: str, many: bool = False) -> tuple[Found | None, list[Diagnostic]]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    loader = YAML(typ="rt")
    try:
        documents = [d for d in loader.load_all(text) if d is not None] if many else [loader.load(text)]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = (exc.problem or exc.context or "cannot be read").strip()
        return None, [_syntax_error(path, f"not valid YAML: {problem}", line, col, _YAML_HELP)]
    except (AssertionError, AttributeError, IndexError, KeyError, TypeError):
        # ruamel's round-trip reader has internal asserts that some layouts of comments and
        # block scalars trip (`#`, `|`, `- #`): still bad YAML, never a traceback.
        problem = "the reader could not place a comment or block scalar here"
        return None, [_syntax_error(path, f"not valid YAML: {problem}", 1, 1, _YAML_HELP)]
    except (YAMLError, RecursionError, ValueError) as exc:
        problem = str(exc).splitlines()[0] if str(exc) else "cannot be read"
        line = column = 1
        position = getattr(exc, "position", None)  # a ReaderError: a character YAML refuses
        if isinstance(position, int) and 0 <= position <= len(text):
            line = text.count("\n", 0, position) + 1
            column = position - (text.rfind("\n", 0, position) + 1) + 1
            character = getattr(exc, "character", None)
            if isinstance(character, int):
                problem = f"the control character \\x{character:02x} is not allowed in YAML" if character < 0x100 else f"the character U+{character:04X} is not allowed in YAML"
        if "integer string conversion" in problem:
            problem = "a number has more than 4,300 digits; no request field takes one"
            found = _LONG_NUMBER.search(text)
            if found is not None:
                line = text.count("\n", 0, found.start()) + 1
                column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        help = "remove the character, or write it as an escape inside a double-quoted string" if "character" in problem else _YAML_HELP
        return None, [_syntax_error(path, f"not valid YAML: {problem}", line, column, help)]
    found: Found = []
    budget = AliasBudget()  # one budget for the whole file
    try:
        for data in documents:
            positions: dict[Path, tuple] = {}
            found.append((_plain(data, (), positions, budget), positions))
    except RecursionError:
        return None, [_syntax_error(path, f"the payload is nested more than {MAX_DEPTH} levels deep", 1, 1)]
    except AliasBomb as bomb:
        line, column = alias_position(text, bomb)
        return None, [
            _syntax_error(
                path,
                f"the alias `*{bomb.anchor}` expands to more than {MAX_ALIAS_VALUES:,} values "
                "(aliases nested in aliases multiply)",
                line,
                column,
                "write the values out, or use fewer aliases: a request payload is small",
            )
        ]
    return found, []


def _read_json(path: str, text: str) -> tuple[Found | None, list[Diagnostic]]:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    try:
        # NaN, Infinity and numbers past a float's range are read as non-finite
        # floats, and reported where they stand (_non_finite_numbers).
        data = json.loads(text, object_pairs_hook=pairs, parse_int=parse_json_int)
    except json.JSONDecodeError as exc:
        return None, [_syntax_error(path, f"not valid JSON: {exc.msg}", exc.lineno, exc.colno, "fix the JSON syntax at this point")]
    except ValueError as exc:
        return None, [_syntax_error(path, f"not valid JSON: {exc}", 1, 1, "fix the JSON syntax")]
    except RecursionError:
        return None, [_syntax_error(path, f"the payload is nested more than {MAX_DEPTH} levels deep", 1, 1)]
    problems = [
        Diagnostic("KS605", "error", f"the key `{key}` is given twice; the API would keep only one", _last_key(text, key), "delete one of them", path)
        for key in dict.fromkeys(duplicates)
    ]
    return [(data, None)], problems


def _non_finite_numbers(ctx: Payload) -> list[Diagnostic]:
    """KS001 at each number that JSON cannot carry: NaN, infinities, and numbers past
    a 64-bit float (`1e400`, 400 digits). Rules then leave those places alone."""
    found = non_finite(ctx.data)
    problems = []
    for path, value in found:
        span = ctx.span(path)
        written = _written_at(ctx, span) or repr(value)
        if value != value or written.lstrip("+-.").lower().startswith(("nan", "inf")):
            message = f"`{written}` is not a number JSON can carry (it has no NaN or infinity)"
        else:
            message = f"`{written}` is too large for a number: past a 64-bit float, the API would read infinity"
        problems.append(_syntax_error(ctx.path, message, span.line, span.column, "write a finite number, such as 5"))
        ctx.bad_number_spans.add(span)
    return problems


def _written_at(ctx: Payload, span: Span) -> str:
    line = ctx.lines[span.line - 1] if 0 < span.line <= len(ctx.lines) else ""
    written = line[span.column - 1 : span.end_column - 1]
    return written if len(written) <= 40 else written[:20] + "…" + written[-10:]


def _last_key(text: str, key: str) -> Span:
    """Where `key` last stands as a key (YAML readers refuse duplicates, so no positions)."""
    matches = list(re.finditer(re.escape(json.dumps(key)) + r"\s*:", text))
    if not matches:
        return Span.at(1, 1)
    found = matches[-1]
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return Span.at(line, column, len(json.dumps(key)))


def json_type(value: Any) -> str:
    """A value's type in JSON's words, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return {dict: "object", list: "array", str: "string", int: "integer", float: "number"}.get(type(value), type(value).__name__)


def _not_an_object(path: str, value: Any) -> Diagnostic:
    kind = json_type(value)
    found = "nothing" if value is None else ("an " if kind[0] in "aeiou" else "a ") + kind
    where = "this line" if path.lower().endswith(".jsonl") else "this file"
    return _syntax_error(
        path,
        f"a request payload is an object of request fields, but {where} holds {found}",
        1,
        1,
        'start from `{"model": "kling-video-o3-pro-reference-to-video", "prompt": "…", "duration": 5}`',
    )
