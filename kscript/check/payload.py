"""Linting request payloads written by hand (`.json`, `.yaml`, `.yml`).

ruamel.yaml reads the file so that every diagnostic can point at the key or
value at fault; the API rules (the same rule modules as for scripts) and the
shipped JSON Schema are then applied.
"""

from __future__ import annotations

import json
import re
from typing import Any

from kscript.check.diagnostics import Diagnostic
from kscript.check.fixes import Applicability, Fix, replace
from kscript.check.payload_limits import (
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
from kscript.language.lines import LineTable
from kscript.language.model import Span

Path = tuple[str | int, ...]
# YAML readers refuse integers of more than 4,300 digits; for positions only, such a
# number is read as a string of the same width (the JSON reader reports it).
_LONG_NUMBER = re.compile(r"-?\d{400,}(?:\.\d*)?(?:[eE][-+]?\d+)?")


def _as_string(match: re.Match[str]) -> str:
    return '"' + "x" * (len(match.group()) - 2) + '"'


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # written without quotes in YAML
_PLAIN_VALUE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")  # a model id, say: a plain YAML string, never a number or a boolean


# What may follow a key that a deletion removes: the colon and a null or an empty list
# (nothing at all is a null in block YAML).
_EMPTY_VALUE = re.compile(r"[ \t]*:[ \t]*(null|Null|NULL|~|\[[ \t]*\])?(?![^\s,}#])")
_SPACE = re.compile(r"[ \t\n]*")


def _flow_document(text: str) -> bool:
    """Whether a YAML payload is written as one flow mapping (`{...}`), as JSON is."""
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped != "---":
            return stripped.startswith("{")
    return False


class PayloadContext:
    def __init__(
        self, path: str, text: str, data: dict[str, Any], positions: dict[Path, tuple] | None, image_count: str
    ) -> None:
        self.path = path
        self.text = text
        self.lines = text.split("\n")
        self.data = data
        # path -> ((key line, key col) or None, (value line, value col)), 0-based. A clean
        # JSON file never needs them, so they are read (with ruamel.yaml) on first use.
        self._positions = positions
        self.image_count = image_count
        self.table: LineTable | None = None  # the file's lines as read (BOM, CRLF): fixes' offsets point into it
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

    def replace(self, span: Span, text: str, applicability: Applicability, message: str) -> Fix:
        """A fix replacing what `span` covers with `text`, in offsets of the file as read."""
        if self.table is None:
            self.table = LineTable(self.text)
        return replace(self.table, span, text, applicability, message)

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

    @property
    def profile(self):
        """The profile of the payload's `model` (the default model's when it is missing or unknown: KS106)."""
        from kscript.models.profiles import default, profile

        model = self.data.get("model")
        return (profile(model) if isinstance(model, str) else None) or default()

    def report(self, code: str, message: str, span: Span, help: str | None = None, fix: Fix | None = None) -> Diagnostic:
        # The severity is the registry's, given by the runner (kscript/check/runner.py: finish).
        return Diagnostic(code, "", message, span, help, self.path, fix)

    # -- positions -------------------------------------------------------------

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

    def rename_key(self, path: Path, new: str) -> Fix | None:
        """An unsafe fix renaming the key at `path` to `new`, quoted as the file quotes it there.

        None when the key cannot be found as written at its recorded position
        (an escaped or complex key): a fix must never guess where it edits.
        """
        found = self.positions.get(self._at(path)) if path else None
        if found is None or found[0] is None:
            return None
        old = str(path[-1])
        return self._rewrite(found[0], old, new, key=True, message=f"rename `{old}` to `{new}`")

    def rewrite_string(self, path: Path, new: str, message: str) -> Fix | None:
        """An unsafe fix writing the string value at `path` as `new`, quoted as the file quotes it.

        None when the value at its recorded position is not that string as
        written (a block scalar, an escape the reader resolved, a multi-line value).
        """
        found = self.positions.get(self._at(path)) if path else None
        value = self.data
        try:
            for part in path:
                value = value[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
        if found is None or not isinstance(value, str):
            return None
        return self._rewrite(found[1], value, new, key=False, message=message)

    def _rewrite(self, position: tuple[int, int], old: str, new: str, *, key: bool, message: str) -> Fix | None:
        line, col = position
        text = self.lines[line] if line < len(self.lines) else ""
        rest = text[col:]
        if rest[:1] == '"':
            length = self._token_length(line, col)
            try:
                same = json.loads(rest[:length]) == old
            except ValueError:
                same = False
            written = json.dumps(new, ensure_ascii=False)
        elif rest[:1] == "'":
            length = len(old.replace("'", "''")) + 2
            same = rest[:length] == "'" + old.replace("'", "''") + "'"
            written = "'" + new.replace("'", "''") + "'"
        else:
            length = len(old)
            after = rest[length:].lstrip(" \t")[:1]
            # A plain scalar ends at `: ` for a key, and at a comment, a flow separator or the line's end for a value.
            same = rest.startswith(old) and (after == ":" if key else after in ("", "#", ",", "}", "]"))
            written = new if _PLAIN_KEY.fullmatch(new) or (not key and _PLAIN_VALUE.fullmatch(new)) else json.dumps(new, ensure_ascii=False)
        if not same or not old:
            return None
        span = Span(line + 1, col + 1, line + 1, col + 1 + length)
        return self.replace(span, written, "unsafe", message)

    def delete_key(self, path: Path, message: str) -> Fix | None:
        """A safe fix deleting the top-level key at `path` whose value is written `null`,
        `~`, `[]` or nothing (YAML), with the comma or the line that goes with it.

        None for any other value, or a layout the deletion would have to guess at
        (a key sharing its line in block YAML, a comment inside the edit): a
        fix must leave the file valid.
        """
        found = self.positions.get(self._at(path)) if len(path) == 1 else None
        if found is None or found[0] is None:
            return None
        (key_line, key_col), (value_line, value_col) = found
        if self.data.get(path[0], 0) not in (None, []):
            return None
        starts = [0]
        for line in self.lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        text = self.text
        key_start = starts[key_line] + key_col
        key = str(path[0])
        if text[key_start : key_start + 1] in "\"'":
            after_key = key_start + self._token_length(key_line, key_col)
        elif text.startswith(key, key_start):
            after_key = key_start + len(key)
        else:
            return None
        value = _EMPTY_VALUE.match(text, after_key)
        if value is None:
            return None
        value_end = value.end()
        flow = _flow_document(text)
        if value.group(1) is None and (flow or self.path.lower().endswith((".json", ".jsonl")) or (value_line > key_line and value_col > key_col)):
            # Nothing after the colon: a null in block YAML, unless the value is on the lines below.
            return None
        if flow or self.path.lower().endswith((".json", ".jsonl")):
            rest = _SPACE.match(text, value_end).end()
            if text[rest : rest + 1] == ",":
                following = _SPACE.match(text, rest + 1).end()
                start, end = key_start, following
            else:
                before = key_start
                while before > 0 and text[before - 1] in " \t\n":
                    before -= 1
                if text[before - 1 : before] == ",":
                    start, end = before - 1, value_end
                elif text[before - 1 : before] == "{":
                    start, end = key_start, value_end
                else:
                    return None
            if "#" in text[start:key_start] or "#" in text[value_end:end]:
                return None
        else:
            line_start = starts[key_line]
            if text[line_start:key_start].strip(" "):
                return None  # another key or an item's `- ` before it on its line
            line_end = text.find("\n", value_end)
            line_end = len(text) if line_end < 0 else line_end
            tail = text[value_end:line_end].strip(" \t")
            if tail and not tail.startswith("#"):
                return None
            start, end = line_start, min(line_end + 1, len(text))
        return self.replace(self._span_of(start, end, starts), "", "safe", message)

    def _span_of(self, start: int, end: int, starts: list[int]) -> Span:
        """A Span from two offsets into the text as read (normalised)."""
        from bisect import bisect_right

        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, end) - 1
        return Span(first + 1, start - starts[first] + 1, last + 1, end - starts[last] + 1)

    def prompt_span(self) -> Span:
        for key in ("multi_prompt", "prompt"):
            if key in self.data:
                return self.span((key,), key=True)
        return Span.at(1, 1)

    @staticmethod
    def path_text(path: Path) -> str:
        out = ""
        for part in path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out

    # -- what the rules look at ---------------------------------------------------

    def shots(self) -> list[tuple[Path, dict[str, Any]]]:
        items = self.data.get("multi_prompt")
        if isinstance(items, list) and items:
            return [(("multi_prompt", i), item) for i, item in enumerate(items) if isinstance(item, dict)]
        if "prompt" in self.data:
            return [((), self.data)]
        return []

    def durations(self) -> list[tuple[Path, Any]]:
        """(path, value) per shot; value None (path at the shot) when it has none."""
        out = []
        for path, shot in self.shots():
            if "duration" in shot:
                out.append(((*path, "duration"), shot["duration"]))
            else:
                out.append((path or ("prompt",), None))
        return out

    def total_duration(self) -> int | None:
        from kscript.check.rules.ks201_shot_duration import valid

        values = self.durations()
        if not values or any(v is not None and not valid(v) for _, v in values):
            return None
        return sum(5 if v is None else int(v) for _, v in values)

    def prompts(self) -> list[tuple[Path, str]]:
        return [((*path, "prompt"), shot["prompt"]) for path, shot in self.shots() if isinstance(shot.get("prompt"), str)]

    def urls(self) -> list[tuple[Path, str]]:
        out: list[tuple[Path, str]] = []
        data = self.data
        for i, url in enumerate(data.get("input_image") or [] if isinstance(data.get("input_image"), list) else []):
            if isinstance(url, str):
                out.append((("input_image", i), url))
        elements = data.get("elements")
        for i, element in enumerate(elements if isinstance(elements, list) else []):
            if not isinstance(element, dict):
                continue
            if isinstance(element.get("frontal_image_url"), str):
                out.append((("elements", i, "frontal_image_url"), element["frontal_image_url"]))
            refs = element.get("reference_image_urls")
            for j, url in enumerate(refs if isinstance(refs, list) else []):
                if isinstance(url, str):
                    out.append((("elements", i, "reference_image_urls", j), url))
        for key in ("input_image", "input_video", "start_image_url", "tail_image_url"):  # input_image: one URL on some models
            if isinstance(data.get(key), str):
                out.append(((key,), data[key]))
        return out


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


def read(path: str, text: str, image_count: str = "slots") -> tuple[PayloadContext | None, list[Diagnostic]]:
    """Parse a payload file; KS001 when it is not JSON/YAML or not an object."""
    from kscript.language.source import normalise

    text = normalise(text)
    is_json = path.lower().endswith((".json", ".jsonl"))  # a JSON lines file is read a line at a time
    try:
        check_depth(text, yaml=not is_json)
    except TooDeep as exc:
        return None, [
            _syntax_error(
                path,
                f"the payload is nested more than {MAX_DEPTH} levels deep",
                exc.line,
                exc.column,
                "a request payload is a few levels deep (elements[0].reference_image_urls[0] is as deep as it goes)",
            )
        ]
    if is_json:
        ctx, problems = _read_json(path, text, image_count)
    else:
        ctx, problems = _read_yaml(path, text, image_count)
    if ctx is not None:
        ctx.unwrap()
        problems = problems + _non_finite_numbers(ctx)
    return ctx, problems


def _read_yaml(path: str, text: str, image_count: str) -> tuple[PayloadContext | None, list[Diagnostic]]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    loader = YAML(typ="rt")
    try:
        data = loader.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = (exc.problem or exc.context or "cannot be read").strip()
        return None, [_syntax_error(path, f"not valid YAML: {problem}", line, col, _YAML_HELP)]
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
    positions: dict[Path, tuple] = {}
    try:
        plain = _plain(data, (), positions, AliasBudget())
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
    if not isinstance(plain, dict):
        return None, [_not_an_object(path, plain)]
    return PayloadContext(path, text, plain, positions, image_count), []


def _read_json(path: str, text: str, image_count: str) -> tuple[PayloadContext | None, list[Diagnostic]]:
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
    if not isinstance(data, dict):
        return None, [_not_an_object(path, data)]
    ctx = PayloadContext(path, text, data, None, image_count)
    problems = [
        Diagnostic("KS605", "error", f"the key `{key}` is given twice; the API would keep only one", _last_key(text, key), "delete one of them", path)
        for key in dict.fromkeys(duplicates)
    ]
    return ctx, problems


def _non_finite_numbers(ctx: PayloadContext) -> list[Diagnostic]:
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


def _written_at(ctx: PayloadContext, span: Span) -> str:
    line = ctx.lines[span.line - 1] if 0 < span.line <= len(ctx.lines) else ""
    written = line[span.column - 1 : span.end_column - 1]
    return written if len(written) <= 40 else written[:20] + "…" + written[-10:]


def _last_key(text: str, key: str) -> Span:
    """Where `key` last stands as a key (YAML readers refuse duplicates, so no positions)."""
    import re

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
