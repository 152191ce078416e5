"""KS401: a compiled prompt longer than 512 characters.

The API takes at most 512 characters in each shot's prompt (and in a single
`prompt`). The limit applies to the compiled text: with the camera direction,
dialogue blocks, the `Style` appended and references numbered.

Bad: a shot whose action, dialogue and style add up to 600 characters.

Good: cut the action to what the camera sees, or split the shot in two; a
long `Style` counts in every shot, so keep it short.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.check.diagnostics import Diagnostic

CODE = "KS401"
SEVERITY = "error"
SUMMARY = "a compiled prompt longer than 512 characters (give the length)"
LIMIT = 512


def _characters(n: int) -> str:
    return f"{n} character" + ("" if n == 1 else "s")


def check(ctx: ScriptContext) -> Iterator[Diagnostic]:
    for compiled in ctx.compiled:
        style = compiled.effective.get("style")
        style_len = len(" ".join(style.value.split())) if style is not None else 0
        for cshot in compiled.shots:
            length = len(cshot.prompt)
            if length > LIMIT:
                note = f"; the style adds {style_len + 1}" if style_len else ""
                yield ctx.report(
                    CODE,
                    f"this shot compiles to a prompt of {length} characters; the API takes at most {LIMIT}{note}",
                    cshot.shot.span,
                    f"cut {_characters(length - LIMIT)}, or split the shot in two",
                )


def check_payload(ctx) -> Iterator[Diagnostic]:
    for path, prompt in ctx.prompts():
        if len(prompt) > LIMIT:
            yield ctx.report(
                CODE,
                f"prompt of {len(prompt)} characters; the API takes at most {LIMIT}",
                ctx.span(path),
                f"cut {_characters(len(prompt) - LIMIT)}, or split the shot in two",
            )
