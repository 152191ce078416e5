"""The build pass: parse a Source with the grammar and turn the tree into the model.

The grammar decides which kind of line stands where; this pass reads inside
each line (a shot's duration, a setting's key and value, a cast attribute) and
settles Fountain's cue-versus-action question, reporting KS001 at the exact
column where a line stops making sense.
"""

from __future__ import annotations

import re
from typing import Any

from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span
from kscript.core.words import did_you_mean
from kscript.language import syntax_errors
from kscript.language.model import Attribute, CastMember, Image, Paragraph, Scene, Script, Setting, Shot, TextLine
from kscript.language.parser import Token, Tree, UnexpectedLine, get_parser
from kscript.language.patterns import CAST_ATTRIBUTES, DASHES, DECLARATION, EXTENSION, KEYVAL, MEMBER, NAME, SCENE_NUMBER, SHOT
from kscript.language.reading import Element, group, hidden_elements, paragraph_elements, token_element
from kscript.language.settings import SCENE_KEYS, TITLE_KEYS, canonical
from kscript.language.source import Source


class _Builder:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.script = Script(path=source.path)
        self.diagnostics: list[Diagnostic] = []
        self.in_scenes = False
        self.hidden_columns = _hidden_columns(source)

    def with_sent(self, tl: TextLine) -> TextLine:
        """`tl` with the text it sends, where hidden text stood inside it."""
        spans = self.hidden_columns.get(tl.line)
        if not spans:
            return tl
        keep = [True] * len(tl.text)
        for start, end in spans:
            for col in range(max(start, tl.column), min(end, tl.column + len(tl.text))):
                keep[col - tl.column] = False
        tl.sent = "".join(ch for ch, k in zip(tl.text, keep, strict=True) if k)
        return tl

    # -- helpers -------------------------------------------------------------

    def error(self, span: Span, message: str, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic("KS001", "error", message, span, help, self.source.path))

    @staticmethod
    def line_of(tok) -> TextLine:
        raw = tok.value[:-1] if tok.value.endswith("\n") else tok.value
        stripped = raw.lstrip()
        column = tok.column + len(raw) - len(stripped)
        return TextLine(stripped.rstrip(), tok.line, column)

    def key_value(self, tok) -> Setting | None:
        tl = self.line_of(tok)
        match = KEYVAL.match(tl.text)
        if match is None:
            return None
        key, value = match.group(1), match.group(2)
        key_span = Span.at(tl.line, tl.column, len(key))
        vcol = tl.column + match.start(2)
        value_span = Span.at(tl.line, vcol, len(value)) if value else Span.at(tl.line, tl.column + len(tl.text), 1)
        return Setting(canonical(key), key, value, Span.at(tl.line, tl.column, len(tl.text)), key_span, value_span)

    # -- passes over the tree --------------------------------------------------

    def build(self) -> Script:
        parser = get_parser()
        last_refused = [-1]  # the line of the last line the parser stepped over

        def on_error(error: UnexpectedLine) -> bool:
            diagnostic = syntax_errors.from_parser(error, self.source)
            # Attribute lines under a refused name line are the same mistake, not new ones.
            if error.token.type != "INDENTED" or last_refused[0] != diagnostic.span.line - 1:
                self.diagnostics.append(diagnostic)
            last_refused[0] = diagnostic.span.line
            return True

        tree = parser.parse(self.source.text, on_error=on_error)
        if tree is None:
            return self.script
        _prose_title_page(tree)
        block = ""  # the block a prologue line would be a broken line of ("title", "cast", "images")
        reported = False  # the last prologue line was refused: its indented lines are the same mistake
        for child in tree.children:
            kind = getattr(child, "data", None)
            if kind == "prologue_text":
                reported = self.prologue_line(child.children[0], block, reported)
                continue
            reported = False
            if kind is None:
                if getattr(child, "type", None) != "BLANK" or block == "title":
                    block = ""
            else:
                block = {"title_page": "title", "cast_block": "cast", "images_block": "images"}.get(kind, "")
            if kind == "title_page":
                self.title_page(child)
            elif kind == "cast_block":
                self.cast_block(child)
            elif kind == "images_block":
                self.images_block(child)
            elif kind == "scene":
                self.scene(child)
        self.script.elements = self.read(tree)
        return self.script

    def read(self, tree: Tree) -> list[Element]:
        """The script as Fountain's elements, in order (kscript/language/reading.py)."""
        flat: list[tuple[Any, str]] = []
        _flatten(tree, "", flat)
        elements: list[Element] = []
        run: list[Any] = []

        def flush() -> None:
            for item in group(run):
                if isinstance(item, list):
                    paragraph = make_paragraph(item, self.script)
                    cue = paragraph.cue if paragraph.kind == "dialogue" else None
                    elements.extend(paragraph_elements(item, cue, False))
                else:
                    found = token_element(item)
                    if found is not None:
                        elements.append(found)
            run.clear()

        for item, context in flat:
            if context == "" and getattr(item, "type", None) in ("TEXT", "BLANK", "TRANSITION"):
                run.append(item)
                continue
            flush()
            if context == "title":
                first, *more = item.children
                setting = self.key_value(first)
                if setting is not None:
                    value = "\n".join([setting.value] * bool(setting.value) + [self.line_of(t).text for t in more])
                    elements.append(Element("title", value, first.line, setting.written_key))
            elif context == "setting" and item.type == "KEYVAL":
                elements.append(Element("setting", self.line_of(item).text, item.line))
            elif context == "declaration":
                elements.append(Element("declaration", self.line_of(item).text, item.line))
            else:
                found = token_element(item)
                if found is not None:
                    elements.append(found)
        flush()
        hidden = hidden_elements(self.source.original, self.source.hidden)
        if hidden:
            elements = sorted(elements + hidden, key=lambda e: e.line)
        return elements

    def prologue_line(self, tok, block: str, after_refused: bool) -> bool:
        """A line of text before the first scene: part of the prologue (KS011,
        never sent), or KS001 where it is a broken line of the block just above
        it or a declaration out of place. True when it was refused."""
        tl = self.line_of(tok)
        raw = tok.value.rstrip("\n")
        indented = raw[:1].isspace()
        if get_parser().patterns["SHOT"](tok.value):
            message, help = syntax_errors.explain("SHOT", raw, block)
        elif block and indented and after_refused:
            return True  # an attribute under a refused name line: the same mistake
        elif block == "title" or (block == "images" and ":" in raw) or (block == "cast" and MEMBER.match(raw)):
            message, help = syntax_errors.explain("INDENTED" if indented and block == "cast" else "TEXT", raw, block)
        elif DECLARATION.match(raw):
            message, help = syntax_errors.explain("INDENTED" if indented else "KEYVAL", raw, "")
        else:
            self.script.prologue.append(tl)
            return False
        self.error(Span.at(tl.line, tl.column, len(tl.text)), message, help)
        return True

    def title_page(self, tree) -> None:
        for entry in tree.children:
            first, *more = entry.children
            setting = self.key_value(first)
            if setting is None:  # the grammar only lets `Key: value` lines through
                continue
            for cont in more:
                tl = self.line_of(cont)
                setting.value = f"{setting.value} {tl.text}".strip()
                vs = setting.value_span
                setting.value_span = Span(vs.line, vs.column, tl.line, tl.column + len(tl.text))
            setting.known = setting.key in TITLE_KEYS
            self.script.title_page.append(setting)

    def block_keyword(self, keyword) -> None:
        if self.in_scenes:  # read all the same, so that names resolve; KS003 reports it
            self.script.late_blocks.append(Span.at(keyword.line, keyword.column, len(keyword.value.strip())))

    def cast_block(self, tree) -> None:
        keyword, *items = tree.children
        self.block_keyword(keyword)
        for item in items:
            if getattr(item, "data", None) == "cast_member":
                self.cast_member(item)

    def cast_member(self, tree) -> None:
        name_tok, *attrs = tree.children
        tl = self.line_of(name_tok)
        match = NAME.match(tl.text)
        assert match is not None  # the grammar's NAME_LINE starts with a name
        name = match.group()
        description = tl.text[len(name) :].strip().lstrip(DASHES).strip()
        member = CastMember(name, description, Span.at(tl.line, tl.column, len(name)))
        for tok in attrs:
            self.cast_attribute(member, tok)
        self.script.cast.append(member)

    def cast_attribute(self, member: CastMember, tok) -> None:
        tl = self.line_of(tok)
        match = KEYVAL.match(tl.text)
        if match is None or not NAME.fullmatch(match.group(1).replace(" ", "_") or "-"):
            self.error(
                Span.at(tl.line, tl.column, len(tl.text)),
                f"an indented line under {member.name} must be an attribute `key: value`",
                "write `front: URL`, `also: URL, URL` or `voice: text`",
            )
            return
        key = match.group(1).lower()
        value = match.group(2)
        vcol = tl.column + match.start(2)
        line_span = Span.at(tl.line, tl.column, len(tl.text))
        if key not in CAST_ATTRIBUTES:
            guess = did_you_mean(key, CAST_ATTRIBUTES)
            self.error(
                Span.at(tl.line, tl.column, len(match.group(1))),
                f"unknown cast attribute `{match.group(1)}`",
                f"did you mean `{guess}`?" if guess else "a cast member takes `front`, `also` and `voice`",
            )
            return
        attribute = Attribute(key, value, line_span, Span.at(tl.line, vcol, len(value)))
        member.attributes.append(attribute)
        if key == "front":
            if member.front is None:
                member.front = attribute
        elif key == "voice":
            if member.voice is None:
                member.voice = " ".join(value.split())
        else:
            offset = 0
            for part in value.split(","):
                url = part.strip()
                col = vcol + offset + (len(part) - len(part.lstrip()))
                offset += len(part) + 1
                member.also.append(Attribute("also", url, line_span, Span.at(tl.line, col, len(url))))

    def images_block(self, tree) -> None:
        keyword, *items = tree.children
        self.block_keyword(keyword)
        for tok in items:
            if tok.type != "KEYVAL":
                continue
            setting = self.key_value(tok)
            if setting is None:
                continue
            name = setting.written_key
            if not NAME.fullmatch(name):
                self.error(
                    setting.key_span,
                    f"`{name}` is not a valid image name",
                    "a name is a letter followed by letters, digits or underscores, "
                    f"such as `{suggest_name(name)}`",
                )
                continue
            self.script.images.append(Image(name, setting.value, setting.key_span, setting.value_span))

    def scene(self, tree) -> None:
        self.in_scenes = True
        heading_tok, *items = tree.children
        tl = self.line_of(heading_tok)
        heading = tl.text
        number_span = None
        number = None
        match = SCENE_NUMBER.search(heading)
        if match:
            number = match.group(1)
            number_span = Span.at(tl.line, tl.column + match.start(1) - 1, len(number) + 2)
            heading = heading[: match.start()].rstrip()
        if heading.startswith("."):
            heading = heading[1:]
        scene_id = number if number is not None else str(len(self.script.scenes) + 1)
        scene = Scene(scene_id, heading, Span.at(tl.line, tl.column, len(tl.text)), number_span)
        for item in items:
            kind = getattr(item, "data", None)
            if kind == "scene_setting":
                tok = item.children[0]
                if tok.type == "KEYVAL":
                    setting = self.key_value(tok)
                    if setting is not None:
                        setting.known = setting.key in SCENE_KEYS
                        scene.settings.append(setting)
                elif tok.type == "SYNOPSIS":
                    line = self.line_of(tok)
                    scene.synopsis.append(TextLine(line.text[1:].strip(), line.line, line.column))
            elif kind == "loose_text":
                scene.loose_text.append(self.line_of(item.children[0]))
            elif kind == "shot":
                scene.shots.append(self.shot(item))
            elif kind == "cast_block":
                self.cast_block(item)
            elif kind == "images_block":
                self.images_block(item)
        self.script.scenes.append(scene)

    def shot(self, tree) -> Shot:
        shot_tok, *body = tree.children
        tl = self.line_of(shot_tok)
        text = tl.text
        span = Span.at(tl.line, tl.column, len(text))
        shot = Shot(span, None, None, None, None)
        match = SHOT.match(text)
        if match is not None:
            self.shot_header(shot, tl, match)
        for item in group(body):
            if isinstance(item, list):
                shot.paragraphs.append(make_paragraph([self.with_sent(tl) for tl in item], self.script))
                continue
            kind = getattr(item, "data", None)
            if kind == "cast_block":
                self.cast_block(item)
            elif kind == "images_block":
                self.images_block(item)
        return shot

    def shot_header(self, shot: Shot, tl: TextLine, match: re.Match[str]) -> None:
        line, col = tl.line, tl.column
        if match.group("dur") is not None:
            number, unit = match.group("dur"), match.group("unit")
            start = col + match.start("dur")
            if unit.lower() != "s":
                self.error(
                    Span.at(line, start, len(number) + len(unit)),
                    f"`{number}{unit}` is not a duration",
                    f"write the seconds followed by `s`, like `SHOT {number.rstrip('.,') or 4}s`",
                )
            else:
                shot.duration_text = number + unit
                shot.duration_span = Span.at(line, start, len(number) + 1)
                try:
                    shot.duration = float(number.replace(",", "."))
                    if shot.duration == float("inf"):  # 400 digits: no number of seconds
                        shot.duration = None
                        raise ValueError(number)
                except ValueError:
                    self.error(shot.duration_span, f"`{number}{unit}` is not a duration", "write whole seconds, like `4s`")
                    shot.duration_text = None
        rest = match.group("rest")
        stripped = rest.strip()
        if not stripped:
            return
        rest_col = col + match.start("rest") + (len(rest) - len(rest.lstrip()))
        if not stripped.startswith(tuple(DASHES)):  # editors turn ` - ` into an en or em dash
            self.error(
                Span.at(line, rest_col, len(stripped)),
                "expected ` - ` and a camera direction after the duration",
                f"write `SHOT {shot.duration_text or '4s'} - {stripped}`",
            )
            return
        direction = stripped[1:]
        dcol = rest_col + 1 + (len(direction) - len(direction.lstrip()))
        if direction.strip():
            shot.direction = self.with_sent(TextLine(direction.strip(), line, dcol))


def suggest_name(text: str) -> str:
    words = re.findall(r"[^\W_]+", text)
    name = "_".join(words) or "depot"
    return name if NAME.fullmatch(name) else "x" + name


def is_cue_text(text: str) -> bool:
    return any(c.isalpha() for c in text) and not any(c.islower() for c in text)


def make_paragraph(lines: list[TextLine], script: Script) -> Paragraph:
    first = lines[0]
    span = Span(first.line, first.column, lines[-1].line, lines[-1].column + len(lines[-1].text))
    text = first.text
    if text.startswith("!"):
        lines = [TextLine(text[1:].lstrip(), first.line, first.column + 1 + len(text[1:]) - len(text[1:].lstrip()))] + lines[1:]
        return Paragraph("action", lines, span)
    if len(lines) >= 2:
        name_part = EXTENSION.sub("", text)
        forced = name_part.startswith("@") and NAME.fullmatch(name_part[1:]) is not None
        if forced or (is_cue_text(name_part) and not name_part.startswith(("@", ">"))):
            cue = name_part[1:] if forced else name_part
            cue_col = first.column + (1 if forced else 0)
            rest = lines[1:]
            tone = None
            second = rest[0].text
            if second.startswith("(") and second.endswith(")"):
                inner = second[1:-1]
                tone = TextLine(inner.strip(), rest[0].line, rest[0].column + 1 + len(inner) - len(inner.lstrip()))
                rest = rest[1:]
            return Paragraph(
                "dialogue",
                lines,
                span,
                cue=cue,
                cue_span=Span.at(first.line, cue_col, len(cue)),
                tone=tone,
                spoken=rest,
            )
    return Paragraph("action", lines, span)


def _hidden_columns(source: Source) -> dict[int, list[tuple[int, int]]]:
    """Per line, the [start, end) columns that notes and boneyards covered."""
    if not source.hidden:
        return {}
    starts = [0] + [m.end() for m in re.finditer("\n", source.original)]
    found: dict[int, list[tuple[int, int]]] = {}
    line = 0
    for start, end in source.hidden:
        while line + 1 < len(starts) and starts[line + 1] <= start:
            line += 1
        # A note across lines covers the rest of its first line, whole middle lines and the start of its last.
        first, offset = line, start
        while True:
            line_end = starts[first + 1] - 1 if first + 1 < len(starts) else len(source.original)
            found.setdefault(first + 1, []).append((offset - starts[first] + 1, min(end, line_end) - starts[first] + 1))
            if end <= line_end or first + 1 >= len(starts):
                break
            first += 1
            offset = starts[first]
    return found


def _prose_title_page(tree: Tree) -> None:
    """A "title page" none of whose keys has a value (`It is written:` as the
    first line of a screenplay) is prose ending in a colon: read it as text."""
    for index, child in enumerate(tree.children):
        if getattr(child, "data", None) != "title_page":
            continue
        entries = child.children
        if any(len(entry.children) > 1 or entry.children[0].value.split(":", 1)[1].strip() for entry in entries):
            return
        lines = [tok for entry in entries for tok in entry.children]
        tree.children[index : index + 1] = [Tree("prologue_text", [Token("TEXT", t.value, t.line, t.column)]) for t in lines]
        return


def _flatten(node: Tree, context: str, out: list[tuple[Any, str]]) -> None:
    """The tree's lines in order, each with what holds it: a title-page entry
    ("title"), a scene setting ("setting"), a CAST or IMAGES line ("declaration"), or body ("")."""
    for child in node.children:
        data = getattr(child, "data", None)
        if data is None:
            out.append((child, context))
        elif data == "title_page":
            out.extend((entry, "title") for entry in child.children)
        elif data == "scene_setting":
            out.append((child.children[0], "setting"))
        elif data in ("cast_block", "images_block", "cast_member"):
            _flatten(child, "declaration", out)
        else:
            _flatten(child, context, out)


def build(source: Source) -> tuple[Script, list[Diagnostic]]:
    """Parse `source` into a Script; KS001 for what cannot be read."""
    builder = _Builder(source)
    script = builder.build()
    return script, builder.diagnostics

