"""KS204: a shot without a duration lasts 5 seconds.

A shot with no `<N>s` takes the API's default of 5 seconds. That is often what
was meant, but it costs 5 seconds of video: saying so keeps the cost visible.
On a model that takes no duration (video edit, motion control) nothing is
said: the input video decides the length.

Bad (well, implicit)::

    INT. DEPOT - NIGHT

    SHOT - WIDE
    Rain drums on the roof.

Good::

    INT. DEPOT - NIGHT

    SHOT 5s - WIDE
    Rain drums on the roof.

Fix (safe): writes `5s` after `SHOT`. A script's requests always carry the
duration, so they stay byte-identical.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span

CODE = "KS204"
SEVERITY = "info"
SUMMARY = "shot without a duration: 5 seconds"
FIX = "safe"
_PLAIN_HEADER = re.compile(r"SHOT(?:\s*\Z|\s+[-\u2013\u2014])")  # `SHOT`, `SHOT - WIDE`: nothing else to read


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    if compiled.profile.durations is None:
        return  # the model takes no duration: the input video decides
    for shot in compiled.scene.shots:
        if shot.duration is None and shot.duration_text is None:
            keyword = Span.at(shot.span.line, shot.span.column, 4)
            fix = None
            header = ctx.source.line_text(shot.span.line)[shot.span.column - 1 :]
            if _PLAIN_HEADER.match(header):
                after = Span(keyword.line, keyword.end_column, keyword.line, keyword.end_column)
                fix = ctx.replace(after, " 5s", "safe", "write `SHOT 5s`")
            yield ctx.report(
                CODE,
                "this shot has no duration, so it lasts the API's default of 5 seconds",
                keyword,
                "write the duration to be explicit: `SHOT 5s`",
                fix,
            )


def check_payload(ctx) -> Iterator[Diagnostic]:
    if ctx.profile.durations is None:
        return
    for path, value in ctx.durations():
        if value is None:
            yield ctx.report(
                CODE,
                "no `duration`, so this shot lasts the API's default of 5 seconds",
                ctx.span(path, key=path == ("prompt",)),
                'add `"duration": 5` to be explicit',
            )
