"""KS504: `Avoid` phrased as "no X".

`Avoid` becomes the negative prompt: a list of what should not appear. A
phrase like "no blur" puts "blur" in the list with a "no" the model does not
read as a negation. List the artefacts themselves.

Bad::

    Avoid: no blur, no extra fingers

Good::

    Avoid: blur, extra fingers

Fix (unsafe): deletes the "no" (or "not", "without", "never", "don't").
The negative prompt sent changes, which is the point, but read the result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span

CODE = "KS504"
SEVERITY = "warning"
SUMMARY = "`Avoid` phrased as \"no X\" (list the artefacts themselves)"
FIX = "unsafe"
_NEGATION = re.compile(r"(?i)(?:^|(?<=,))\s*((no|not|without|don't|dont|never)\s+)(\S[^,]*)")


def check_script(ctx: ScriptContext) -> Iterator[Diagnostic]:
    yield from _check(ctx, ctx.script.title_page)


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    yield from _check(ctx, compiled.scene.settings)


def _check(ctx: ScriptContext, settings) -> Iterator[Diagnostic]:
    for setting in settings:
        if not setting.known or setting.key != "avoid":
            continue
        span = setting.value_span
        if span.line != span.end_line:
            continue  # a continued title-page value: columns would not be true
        for match in _NEGATION.finditer(setting.value):
            word, rest = match.group(1).strip(), match.group(3).strip()
            words = Span(span.line, span.column + match.start(1), span.line, span.column + match.end(1))
            yield ctx.report(
                CODE,
                f"`{word} {rest}` in `Avoid`: the list already means \"avoid\"",
                Span.at(span.line, span.column + match.start(1), len(word)),
                f"write just `{rest}`",
                ctx.replace(words, "", "unsafe", f"write just `{rest}`"),
            )
