"""KS102: a title-page key that looks like a misspelt setting.

Title-page keys that are not settings (`Title`, `Author`, …) are metadata and
never sent. A key one or two letters away from a setting is almost always that
setting misspelt, and its value would be silently ignored.

A scene-only setting (`Start frame`, `End frame`) on the title page is
ignored the same way, and said so.

Bad::

    Title: The Last Tram
    Aspekt: 9:16
    Start frame: https://cdn.example.com/first.png

Good::

    Title: The Last Tram
    Aspect: 9:16

    INT. TRAM DEPOT - NIGHT
    Start frame: https://cdn.example.com/first.png

Fix (unsafe): renames a misspelt key to the setting it probably meant, unless
the title page already gives that setting. Its value is sent from then on,
so what is sent changes: a guess to review. A scene-only setting is not moved
(which scene it belongs to is not a guess kscript can make).
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.core.diagnostics import Diagnostic
from kscript.core.words import _levenshtein
from kscript.language.settings import METADATA_KEYS, SPECS, TITLE_KEYS, canonical

CODE = "KS102"
SEVERITY = "warning"
SUMMARY = "title-page key that looks like a misspelt setting"
FIX = "unsafe"


def check_script(ctx: ScriptContext) -> Iterator[Diagnostic]:
    names = [SPECS[k].name for k in TITLE_KEYS] + ["Negative"]
    given = {s.key for s in ctx.script.title_page if s.known}
    for setting in ctx.script.title_page:
        if setting.known or setting.key in METADATA_KEYS:
            continue
        if setting.key in SPECS:  # a scene-only setting
            yield ctx.report(
                CODE,
                f"`{setting.written_key}` is a scene setting, so on the title page it is not sent",
                setting.key_span,
                "move it directly under the heading of the scene it belongs to",
            )
            continue
        key = setting.key
        best = min(names, key=lambda n: _levenshtein(key, n.lower()))
        distance = _levenshtein(key, best.lower())
        if len(key) >= 4 and distance <= (1 if len(best) <= 5 else 2):
            fix = None
            if canonical(best) not in given:
                fix = ctx.replace(setting.key_span, best, "unsafe", f"rename `{setting.written_key}` to `{best}`")
            yield ctx.report(
                CODE,
                f"title-page key `{setting.written_key}` is not a setting, so its value is not sent",
                setting.key_span,
                f"did you mean `{best}`?",
                fix,
            )
