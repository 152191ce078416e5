"""Completion: names after `@`, setting keys where settings stand, their values, and a SHOT snippet."""

from __future__ import annotations

import re

from lsprotocol import types

from kscript.check.incremental import Analysis
from kscript.language.model import CastMember
from kscript.language.references import as_reference
from kscript.language.settings import SCENE_KEYS, SPECS, TITLE_KEYS
from kscript.lsp import lookup
from kscript.models.profiles import DEFAULT_MODEL

_AT = re.compile(r"(?:^|[^\w@])@(\w*)\Z")
_KEY_START = re.compile(r"[^\W\d][\w ]*\Z|\Z")
_VALUE = re.compile(r"\s*(aspect|audio|output|model)\s*:\s*(\S*)\Z", re.I)
_SHOT = re.compile(r"(?i:s(?:h(?:o(?:t)?)?)?)?\Z")


def _models() -> list[str]:
    from kscript.models.profiles import BY_ID  # every model kscript has a profile for

    return [DEFAULT_MODEL] + sorted(m for m in BY_ID if m != DEFAULT_MODEL)


def values_for(key: str) -> list[str]:
    key = key.lower()
    if key == "model":
        return _models()
    if key == "output":
        return ["url", "base64"]
    if key == "audio":
        return ["on", "off"]
    return list(SPECS[key].allowed)


def _region(analysis: Analysis, document_lines, line: int) -> str | None:
    """'title' on the title page, 'scene' among a scene's settings, else None (1-based line)."""
    at = lookup.scene_at(analysis, line)
    if at is None:
        for n in range(1, line):
            text = document_lines(n)
            if not text.strip():
                return None  # the title page ended at a blank line
        return "title"
    heading = at.span(at.scene.span).line
    for n in range(heading + 1, line):
        text = document_lines(n).strip()
        if not text or not (":" in text or text.startswith("=")):
            return None
    return "scene" if line > heading else None


def complete(analysis: Analysis, document_lines, line: int, column: int) -> list[types.CompletionItem]:
    before = document_lines(line)[: column - 1]
    items: list[types.CompletionItem] = []
    at_match = _AT.search(before)
    if at_match is not None:
        for d in lookup.declared(analysis):
            is_cast = isinstance(d, CastMember)
            detail = (d.description or "cast member") if is_cast else d.url
            items.append(
                types.CompletionItem(
                    label=as_reference(d.name)[1:],
                    kind=types.CompletionItemKind.Variable if is_cast else types.CompletionItemKind.File,
                    detail=detail,
                    documentation=f"{'cast member' if is_cast else 'image'} {d.name}",
                    filter_text=d.name,
                )
            )
        return items
    value = _VALUE.match(before)
    if value is not None:
        for v in values_for(value.group(1)):
            items.append(types.CompletionItem(label=v, kind=types.CompletionItemKind.EnumMember, detail=f"{SPECS[value.group(1).lower()].name} value"))
        return items
    if _KEY_START.match(before) and not before.startswith((" ", "\t")):
        region = _region(analysis, document_lines, line)
        keys = TITLE_KEYS if region == "title" else SCENE_KEYS if region == "scene" else ()
        for key in keys:
            spec = SPECS[key]
            items.append(
                types.CompletionItem(
                    label=spec.name,
                    kind=types.CompletionItemKind.Property,
                    detail=f"{'title-page' if region == 'title' else 'scene'} setting",
                    insert_text=f"{spec.name}: ",
                )
            )
        if region != "title" and lookup.scene_at(analysis, line) is not None and _SHOT.match(before):
            items.append(
                types.CompletionItem(
                    label="SHOT 5s - ",
                    kind=types.CompletionItemKind.Snippet,
                    detail="a shot: duration and camera direction",
                    insert_text="SHOT ${1:5}s - ${2:WIDE}\n$0",
                    insert_text_format=types.InsertTextFormat.Snippet,
                )
            )
    return items


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=["@", ":", " "]))
    @server.guarded("completion")
    def on_completion(params: types.CompletionParams):
        state = server.state(params.text_document.uri)
        if state is None or state.analysis is None or state.payload:
            return None
        line, column = state.kscript_position(params.position.line, params.position.character)
        analysis = state.analysis
        return types.CompletionList(is_incomplete=False, items=complete(analysis, analysis.line_text, line, column))
