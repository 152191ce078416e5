"""Linting request payloads written by hand (`.json`, `.yaml`, `.yml`).

The payload reader (kscript/payload/read.py) reads the file so that every
diagnostic can point at the key or value at fault; the API rules (the same rule
modules as for scripts) and the shipped JSON Schema are then applied to a
PayloadContext: the payload as read, with the helpers rules look and fix with.
"""

from __future__ import annotations

import json
import re
from typing import Any

from kscript.check.fixes import Applicability, Fix, replace
from kscript.core.diagnostics import Diagnostic
from kscript.core.lines import LineTable
from kscript.core.spans import Span
from kscript.payload.read import Path, Payload
from kscript.payload.read import read as read_payload

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


class PayloadContext(Payload):
    """A payload as the rules see it: what was read (kscript/payload/read.py), and the
    helpers rules use to look at it and to write fixes into it."""

    image_count = "slots"  # how images count against a model's limits (the configuration's `image-count`)
    table: LineTable | None = None  # the file's lines as read (BOM, CRLF): fixes' offsets point into it

    def replace(self, span: Span, text: str, applicability: Applicability, message: str) -> Fix:
        """A fix replacing what `span` covers with `text`, in offsets of the file as read."""
        if self.table is None:
            self.table = LineTable(self.text)
        return replace(self.table, span, text, applicability, message)

    @property
    def profile(self):
        """The profile of the payload's `model` (the default model's when it is missing or unknown: KS106)."""
        from kscript.models.other_names import guessed_model
        from kscript.models.profiles import default, profile

        model = self.data.get("model")
        if "model" not in self.data:
            model = guessed_model(self.data)
        return (profile(model) if isinstance(model, str) else None) or default()

    def report(self, code: str, message: str, span: Span, help: str | None = None, fix: Fix | None = None) -> Diagnostic:
        # The severity is the registry's, given by the runner (kscript/check/runner.py: finish).
        return Diagnostic(code, "", message, span, help, self.path, fix)

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


def read(path: str, text: str, image_count: str = "slots") -> tuple[PayloadContext | None, list[Diagnostic]]:
    """Read a payload file for the rules; KS001 when it is not JSON/YAML or not an object."""
    ctx, problems = read_payload(path, text, PayloadContext)
    if ctx is not None:
        ctx.image_count = image_count
    return ctx, problems
