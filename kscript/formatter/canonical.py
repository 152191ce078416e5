"""The canonical layout (docs/LANGUAGE.md, "The canonical layout"): a pure
function of a script's text.

The formatter changes only what cannot change a payload or a diagnostic's
code: white space at the ends of lines and between paragraphs, the spelling
of keys the language reads without regard to case, the case of scene
headings and of `SHOT`, and the spacing of SHOT lines and key-value lines. It
reads the script with the same passes as `lint` and rewrites only the lines
the model says are headings, SHOT lines, settings, cast attributes and
images, so text that merely looks like one (`mara` in lower case, which
Fountain reads as action) stays as written. Line endings, the byte-order
mark, and every character of notes and boneyard are kept: a line that holds
hidden text is only trimmed after its last hidden character.
"""

from __future__ import annotations

from dataclasses import dataclass

from kscript.core.diagnostics import Diagnostic

# The build pass's own patterns: the formatter reads a line exactly as the compiler does.
from kscript.language.build import build, is_cue_text
from kscript.language.model import Script
from kscript.language.parser import get_parser
from kscript.language.patterns import KEYVAL, SCENE_NUMBER, SHOT
from kscript.language.settings import ALIASES, METADATA_KEYS, SPECS, canonical
from kscript.language.source import Source, load

SYNTAX_CODES = ("KS001", "KS002", "KS012")  # KS012: a control character (str.strip would eat some, U+0085)


@dataclass(eq=False, repr=False)
class Formatted:
    text: str  # the canonical text, or the input unchanged when it has a syntax error
    diagnostics: list[Diagnostic]  # the syntax errors (KS001, KS002, KS012) that stopped it

    @property
    def ok(self) -> bool:
        return not self.diagnostics


def format_text(text: str) -> str:
    """`text` in the canonical layout; a script with a syntax error (KS001, KS002) comes back unchanged."""
    return format_script(text).text


def format_script(text: str, path: str = "<string>") -> Formatted:
    source = load(path, text)
    script, problems = build(source)
    errors = [d for d in source.diagnostics + problems if d.code in SYNTAX_CODES]
    if errors:
        errors.sort(key=Diagnostic.sort_key)
        for d in errors:
            d.locate(source.table)
        return Formatted(text, errors)
    return Formatted(layout(source, script), [])


# -- rewriting single lines ---------------------------------------------------------------


def _key_value(line: str, key: str) -> str | None:
    """`key: value` from a `Key: value` line, spaced canonically."""
    match = KEYVAL.match(line.strip())
    if match is None:
        return None
    value = match.group(2)
    return f"{key}: {value}" if value else f"{key}:"


def _spelled(written: str, known: bool, title: bool) -> str:
    """The documented spelling of a key, or the key as written when the language does not know it."""
    low = " ".join(written.lower().split())
    if known:
        if low in ALIASES:  # `Negative` stays `Negative`: both are documented
            return low.capitalize()
        return SPECS[canonical(written)].name
    if title and low in METADATA_KEYS:
        return low.capitalize()
    return written


def _heading(line: str) -> str | None:
    text = line.strip()
    if text.startswith("."):
        return None  # a forced heading (`.somewhere in space`) is written as its writer wants it read
    number = SCENE_NUMBER.search(text)
    head, tail = (text[: number.start()], text[number.start() :]) if number else (text, "")
    upper = head.upper()
    # Capitals must not make a scene number out of the heading's text (`#ſ#` is `#S#`).
    found = SCENE_NUMBER.search(upper + tail)
    if (found is None) != (number is None) or found and number and found.group(1) != number.group(1):
        return None
    return upper + tail


def _shot(line: str) -> str | None:
    match = SHOT.match(line.strip())
    if match is None:
        return None
    out = "SHOT"
    if match.group("dur") is not None:
        if match.group("unit").lower() != "s":
            return None
        out += f" {match.group('dur')}s"
    rest = match.group("rest").strip()
    if rest:
        direction = rest[1:].strip()  # after the dash (or en or em dash), as the build pass reads it
        if direction:
            out += f" - {direction}"
    return out


# -- the whole text -----------------------------------------------------------------------


def _kinds(line: str) -> set[str]:
    """Every kind of line (the grammar's terminals) that `line` could be read as."""
    patterns = get_parser().patterns
    text = line + "\n"
    return {name for name, match in patterns.items() if match(text)}


def _rewrites(script: Script, texts: list[str]) -> dict[int, str]:
    """New text for the lines the model names (0-based line index -> text)."""
    out: dict[int, str] = {}

    def put(line: int, new: str | None) -> None:
        old = texts[line - 1]
        # A rewrite must leave the line readable as exactly the kinds it was
        # (`CUT TO :` would become the transition `CUT TO:`), else it is kept.
        if new is not None and new != old and _kinds(new) == _kinds(old):
            out[line - 1] = new

    for setting in script.title_page:
        i = setting.span.line
        put(i, _key_value(texts[i - 1], _spelled(setting.written_key, setting.known, True)))
    for member in script.cast:
        for attribute in member.attributes:
            i = attribute.span.line
            new = _key_value(texts[i - 1], attribute.key)
            put(i, None if new is None else "  " + new)
    for image in script.images:
        i = image.span.line
        put(i, _key_value(texts[i - 1], image.name))
    for scene in script.scenes:
        put(scene.span.line, _heading(texts[scene.span.line - 1]))
        for setting in scene.settings:
            i = setting.span.line
            put(i, _key_value(texts[i - 1], _spelled(setting.written_key, setting.known, False)))
        for shot in scene.shots:
            put(shot.span.line, _shot(texts[shot.span.line - 1]))
    return out


def _hidden_lines(source: Source) -> dict[int, int]:
    """Lines that hold hidden text (0-based index) -> how much of the line must
    be kept as written: the column after its last hidden character, or -1 when
    a note or boneyard runs on past the line's end (the whole line is kept)."""
    if not source.hidden:
        return {}
    import bisect

    texts = source.table.texts
    starts = [0]
    for t in texts[:-1]:
        starts.append(starts[-1] + len(t) + 1)  # offsets in `original`, whose lines end in one "\n"
    kept: dict[int, int] = {}
    for start, end in source.hidden:
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_right(starts, end - 1) - 1
        for i in range(first, last):
            kept[i] = -1
        if kept.get(last) != -1:
            kept[last] = max(kept.get(last, 0), end - starts[last])
    return kept


def _trimmed(text: str, texts: list[str], i: int) -> str:
    """`text` without trailing white space, unless Fountain reads that white space:
    a line of two or more spaces inside a paragraph (a blank line that keeps a
    speech going), the two spaces that make `CUT TO:  ` action, and those after
    a line in capitals above text (screenplain's way to say it is no cue) are kept."""
    stripped = text.rstrip()
    if stripped == text:
        return text
    if not stripped:
        inside = 0 < i < len(texts) - 1 and texts[i - 1].strip() and texts[i + 1].strip()
        return text if len(text) >= 2 and inside else ""
    if text.endswith("  ") and is_cue_text(stripped) and i + 1 < len(texts) and texts[i + 1].strip():
        return text  # screenplain reads a line in capitals ending in two spaces as action, not a cue
    return text if _kinds(stripped) != _kinds(text) else stripped


def layout(source: Source, script: Script) -> str:
    table = source.table
    texts = table.texts
    endings = table.endings
    rewrites = _rewrites(script, texts)
    hidden = _hidden_lines(source)
    out: list[str] = [table.bom]
    blank_ending: str | None = None  # a blank line waiting to be written: only between two kept lines
    started = False
    last_ending = ""
    for i, text in enumerate(texts):
        keep = hidden.get(i)
        if keep is None:
            text = _trimmed(rewrites.get(i, text), texts, i)
            if not text:
                if started and blank_ending is None:
                    blank_ending = endings[i] or table.newline
                continue
        elif keep >= 0:
            text = text[:keep] + text[keep:].rstrip()
        if started:
            out.append(last_ending)
        if blank_ending is not None:
            out.append(blank_ending)
            blank_ending = None
        out.append(text)
        last_ending = endings[i] or table.newline
        started = True
    if started:
        out.append(last_ending)
    return "".join(out)
