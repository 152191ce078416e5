"""KS507: an unmatched `*` or `_` at a word's edge, sent as a character.

Fountain's emphasis (`*italic*`, `**bold**`, `_underline_`) is read and never
sent: the words go without the markers. A marker left without its partner,
at the edge of a word (`*slowly`, `turns_`), is not emphasis, so the `*` or
`_` is sent to the model as it stands, where it means nothing and may show
up as a glyph. A lone `*` between spaces (`2 * 3`) and a `_` inside a name
(`@tram_depot`) are not markers and are left alone; `\\*` and `\\_` send the
character on purpose. The fix removes the marker (unsafe: perhaps its partner
was the one forgotten).

Bad::

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    Rain drums on the roof, *slowly.

Good::

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    Rain drums on the roof, *slowly*.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kscript.check.context import ScriptContext, scene_lines
from kscript.compiler.markup import star_pairs, underline_pairs
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.language.model import Span

CODE = "KS507"
SEVERITY = "warning"
SUMMARY = "an unmatched `*` or `_` at a word's edge is sent as a character"
FIX = "unsafe"
_MASK = "\x00"
# A run of markers after a word (or its closing punctuation) and not before one, or before a
# word and not after one; a masked pair (\x00) counts as the word it marks.
_EDGE = re.compile(r"(?:(?<=[\w\x00])|(?<=[.,!?;:'\"”’)\]]))[*_]+(?![\w\x00])|(?<![\w\x00])[*_]+(?=[\w\x00\"“‘(\[])")


def _unmatched(text: str) -> Iterator[re.Match[str]]:
    """The markers of `text` that Fountain's emphasis leaves as characters, at a word's edge.

    The matched pairs and the escapes are masked with characters of the same length,
    so what is left stands where it was written."""
    masked = list(re.sub(r"\\[*_]", _MASK * 2, text))
    for opener, markers, closer in star_pairs("".join(masked)):
        masked[opener : opener + markers] = masked[closer : closer + markers] = _MASK * markers
    for opener, closer in underline_pairs("".join(masked)):
        masked[opener] = masked[closer] = _MASK
    yield from _EDGE.finditer("".join(masked))


def check_script(ctx: ScriptContext) -> Iterator[Diagnostic]:
    yield from _check(ctx, ctx.preamble_lines)


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    yield from _check(ctx, scene_lines(compiled.scene))


def _check(ctx: ScriptContext, lines) -> Iterator[Diagnostic]:
    for line in lines:
        if "*" not in line.text and "_" not in line.text:
            continue
        for match in _unmatched(line.text):
            marker = match.group()
            if "_" in marker and "*" not in marker and _inside_reference(line.text, match.start()):
                continue
            span = Span.at(line.line, line.column + match.start(), len(marker))
            yield ctx.report(
                CODE,
                f"`{marker}` has no partner, so it is sent as a character rather than read as emphasis",
                span,
                f"close the emphasis (`{marker}word{marker}`), remove the `{marker}`, or write `\\{marker[0]}` to send it on purpose",
                ctx.replace(span, "", "unsafe", f"remove the `{marker}`"),
            )


def _inside_reference(text: str, at: int) -> bool:
    """Whether the `_` at `at` ends or continues a reference's name (`@depot_`)."""
    start = at
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return start > 0 and text[start - 1] == "@"
