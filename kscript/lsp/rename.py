"""Rename that keeps the script's structure.

Renaming a cast member or an image rewrites its declaration, its `@name`
references and its dialogue cues, each in the case it was written in
(`MARA` on the cast line and in cues, `@Mara` in action), so that the
compiled requests stay the same. A name can break that in ways no list
foresees: `INT` on a cast line starts a scene heading, `SHOT` in a cue starts
a shot, `Straße` in capitals is `STRASSE`, which no longer matches
`@Straße`, a name that an undeclared `@reference` elsewhere already uses
captures it. So a rename is planned in three steps:

1. the new name is refused outright where the reason is plain: not a name,
   a number the compiler writes (`Element2`), a word the language reads at
   the start of a line (`INT`, `SHOT`, `CAST`, a title-page key, a
   transition), or a name that is already declared;
2. each occurrence gets the name in its own case where that form matches the
   name again (names match without regard to case, as `str.lower` says);
   where it does not (`STRASSE` for `Straße`), it gets the name as typed, and
   a cue gets it forced with `@` (`@Straße`: a cue in capitals would change);
3. the edits are applied to the text and the text read again: every line
   must be read as the same kind of thing, every reference must name the
   same declaration, the lint findings must be the same codes on the same
   lines, and every scene must compile to the same request. Anything else
   is refused, saying which line changes and how.
"""

from __future__ import annotations

from kscript.core.lines import LineTable
from kscript.core.spans import Span
from kscript.language.model import Script
from kscript.language.patterns import NAME
from kscript.language.references import RESERVED, references_in
from kscript.language.settings import METADATA_KEYS, SPECS


class RenameRefused(ValueError):
    """A rename that would change the script; the message says why."""


# Words a line is read by when it starts with them: a name written in capitals on a
# cast line or in a cue must never be one of them.
STRUCTURE_WORDS = {
    "int": "starts a scene heading (`INT. DEPOT - NIGHT`)",
    "ext": "starts a scene heading (`EXT. MARKET - DAY`)",
    "est": "starts a scene heading (`EST. CITY - NIGHT`)",
    "shot": "starts a shot (`SHOT 4s - WIDE`)",
    "cast": "opens the cast (`CAST`)",
    "images": "opens the images (`IMAGES`)",
}
TRANSITION_WORDS = ("fade", "cut", "dissolve", "smash", "match", "iris", "to")
_SINGLE_WORD_KEYS = sorted({spec.name.lower() for spec in SPECS.values()} | {"negative"} | set(METADATA_KEYS))


def reserved_reason(new: str) -> str | None:
    low = new.lower()
    if low in STRUCTURE_WORDS:
        return f"`{new}` is a word kscript reads: a line that {STRUCTURE_WORDS[low]}"
    if low in TRANSITION_WORDS:
        return f"`{new}` is a word of a transition (`FADE IN:`, `CUT TO:`, `DISSOLVE TO:`)"
    if low in _SINGLE_WORD_KEYS:
        return f"`{new}` is a title-page key (`{new.capitalize()}: …` is read as a setting or metadata)"
    return None


def shown(name: str) -> str:
    """A name as a message quotes it: a very long one cut short."""
    return name if len(name) <= 40 else name[:39] + "\u2026"


def check_name(new: str, current, declared: list) -> None:
    """Refuse what is plainly not a name this declaration can take."""
    if not new:
        raise RenameRefused("the new name is empty")
    if not NAME.fullmatch(new):
        raise RenameRefused(f"`{shown(new)}` is not a valid name: a letter followed by letters, digits or underscores")
    if RESERVED.match(new):
        raise RenameRefused(f"`{new}` is reserved: `Element<N>` and `Image<N>` are the numbers the compiler writes")
    reason = reserved_reason(new)
    if reason is not None:
        raise RenameRefused(reason)
    for other in declared:
        if other is not current and other.name.lower() == new.lower():
            kind = "a cast member" if hasattr(other, "front") else "an image"
            raise RenameRefused(f"`{shown(new)}` is already {kind} (line {other.span.line}); names ignore case")


def in_case_of(written: str, name: str) -> str:
    """`name` in the case `written` was written in: all capitals, all small, or capitalised
    (`McDonald` keeps its inner capital; `NADIA` typed in capitals becomes `Nadia`)."""
    if written.isupper():
        return name.upper()
    if written.islower():
        return name.lower()
    if written[:1].isupper() and (written[1:].islower() or not any(c.isalpha() for c in written[1:])):
        return name[:1].upper() + (name[1:].lower() if name.isupper() else name[1:])
    return name


def written_form(written: str, new: str, cue_in_capitals: bool = False) -> str:
    """What to write over an occurrence written `written`: the name in the occurrence's case
    where it still matches in that case, else as typed (a cue in capitals forced with `@`)."""
    cased = in_case_of(written, new)
    if NAME.fullmatch(cased) and cased.lower() == new.lower():
        return cased
    return "@" + new if cue_in_capitals else new


def apply(text: str, edits: list[tuple[Span, str]]) -> str:
    """`text` (normalised: `\\n` line ends) with the edits applied."""
    table = LineTable(text)
    placed = sorted(((table.offset(s.line, s.column), table.offset(s.end_line, s.end_column), t) for s, t in edits), reverse=True)
    for start, end, new in placed:
        text = text[:start] + new + text[end:]
    return text


# -- what a reading of the text is, the names left out ---------------------------------------------


def line_kinds(script: Script) -> dict[int, str]:
    """What each line that holds something is read as."""
    kinds: dict[int, str] = {}

    def mark(span: Span, kind: str) -> None:
        for line in range(span.line, span.end_line + 1):
            kinds.setdefault(line, kind)

    for setting in script.title_page:
        mark(Span(setting.span.line, 1, setting.value_span.end_line, 1), f"a title-page line (`{setting.key}`)")
    for member in script.cast:
        mark(member.span, "a cast member")
        for attribute in member.attributes:
            mark(attribute.span, f"a cast member's `{attribute.key}`")
    for image in script.images:
        mark(image.span, "an image")
    for span in script.late_blocks:
        mark(span, "a CAST or IMAGES line")
    for line in script.prologue:
        kinds.setdefault(line.line, "text before the first scene")
    for scene in script.scenes:
        mark(scene.span, "a scene heading")
        for setting in scene.settings:
            mark(setting.span, f"a scene setting (`{setting.key}`)")
        for line in scene.synopsis:
            kinds.setdefault(line.line, "a synopsis")
        for line in scene.loose_text:
            kinds.setdefault(line.line, "text before the scene's first shot")
        for shot in scene.shots:
            mark(shot.span, "a SHOT line")
            for paragraph in shot.paragraphs:
                if paragraph.kind == "action":
                    for line in paragraph.lines:
                        kinds.setdefault(line.line, "action")
                    continue
                kinds.setdefault(paragraph.lines[0].line, "a dialogue cue")
                if paragraph.tone is not None:
                    kinds.setdefault(paragraph.tone.line, "a parenthetical")
                for line in paragraph.spoken:
                    kinds.setdefault(line.line, "a spoken line")
    return kinds


def resolutions(result) -> dict[tuple[int, int], tuple[str, str, int | None]]:
    """Each reference and cue by (line, its place among the line's): (what it is, the name as
    written, the line of the declaration it names, or None)."""
    from kscript.check.context import ScriptContext

    ctx = ScriptContext(result.source, result.script, result.compiled)
    found: list[tuple[int, int, str, str, int | None]] = []
    for line in ctx.sent_lines:
        for ref in references_in(line):
            target = ctx.decl.cast.get(ref.name.lower()) or ctx.decl.images.get(ref.name.lower())
            found.append((ref.span.line, ref.span.column, "@" + ref.name, "the reference", None if target is None else target.span.line))
    for scene in result.script.scenes:
        for shot in scene.shots:
            for paragraph in shot.paragraphs:
                if paragraph.kind == "dialogue" and paragraph.cue_span is not None:
                    member = ctx.decl.cast.get(paragraph.cue.lower())
                    span = paragraph.cue_span
                    found.append((span.line, span.column, paragraph.cue, "the dialogue cue", None if member is None else member.span.line))
    by_place: dict[tuple[int, int], tuple[str, str, int | None]] = {}
    count: dict[int, int] = {}
    for line, _, written, what, target in sorted(found, key=lambda f: (f[0], f[1])):
        count[line] = count.get(line, -1) + 1
        by_place[(line, count[line])] = (what, written, target)
    return by_place


def compare(before, after) -> str | None:
    """Why the reading `after` is not `before` with only a name changed (None: it is)."""
    old_kinds, new_kinds = line_kinds(before.script), line_kinds(after.script)
    for line in sorted(set(old_kinds) | set(new_kinds)):
        old, new = old_kinds.get(line), new_kinds.get(line)
        if old != new:
            if new is None:
                return f"line {line} would no longer be read as {old}"
            if old is None:
                return f"line {line} would be read as {new}"
            return f"line {line} would be read as {new} instead of {old}"
    old_refs, new_refs = resolutions(before), resolutions(after)
    for place in sorted(set(old_refs) | set(new_refs)):
        old, new = old_refs.get(place), new_refs.get(place)
        if new is None:
            return f"line {place[0]} would lose {old[0]} `{old[1]}`"
        if old is None:
            return f"line {place[0]} would gain {new[0]} `{new[1]}`"
        if old[0] != new[0]:
            return f"line {place[0]}: {old[0]} `{old[1]}` would become {new[0]} `{new[1]}`"
        if old[2] != new[2]:
            named = "nothing declared" if new[2] is None else f"the cast member or image declared on line {new[2]}"
            return f"line {place[0]}: {old[0]} `{old[1]}` would name {named}"
    old_codes = sorted((d.code, d.span.line) for d in before.diagnostics)
    new_codes = sorted((d.code, d.span.line) for d in after.diagnostics)
    if old_codes != new_codes:
        gained = sorted(set(new_codes) - set(old_codes)) or sorted(set(old_codes) - set(new_codes))
        code, line = gained[0]
        verb = "appear" if set(new_codes) - set(old_codes) else "go away"
        return f"the lint findings would change: {code} at line {line} would {verb}"
    for old, new in zip(before.compiled, after.compiled, strict=False):
        if old.request != new.request:
            return f"scene {old.scene.id} would compile to another request"
    if len(before.compiled) != len(after.compiled):
        return "the script would compile to another number of scenes"
    return None


def rename(text: str, path: str, occurrences: list, declaration, declared: list, new: str, *, image_count: str = "slots",
           defaults: dict | None = None) -> list[tuple[Span, str]]:
    """The edits renaming `declaration` to `new` in `text` (normalised: `\\n` line ends), as
    (span, text); RenameRefused, with the reason, where the rename would change the script.

    `occurrences` are the declaration's own, each with `.name` as written, `.span`
    (the name alone, no `@`) and `.kind` ("declaration", "reference" or "cue")."""
    from kscript.check.runner import check_script

    check_name(new, declaration, declared)
    table = LineTable(text)

    def cue_in_capitals(occurrence) -> bool:
        at = table.offset(occurrence.span.line, occurrence.span.column)
        return occurrence.kind == "cue" and text[at - 1 : at] != "@"

    edits = [(o.span, written_form(o.name, new, cue_in_capitals(o))) for o in occurrences]
    renamed = apply(text, edits)
    before = check_script(path, text, image_count=image_count, defaults=defaults)
    after = check_script(path, renamed, image_count=image_count, defaults=defaults)
    reason = compare(before, after)
    if reason is not None:
        raise RenameRefused(f"renaming `{declaration.name}` to `{shown(new)}` would change the script: {reason}")
    return edits
