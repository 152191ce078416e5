"""KS309: an `http` URL.

An `http://` image is fetched in clear, and many hosts refuse or redirect it.
`https://` is the safe choice.

Bad::

    CAST

    MARA - courier
      front: http://cdn.example.com/mara.png

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara waits.

Good::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara waits.

Fix (unsafe): writes `https` for `http`. The URL sent changes, and not every
host serves the same image over `https`: check that it does.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.check.fixes import Fix
from kscript.check.rules.ks308_invalid_url import cast_urls, scene_urls, title_urls
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span
from kscript.language.urls import is_http, url_problem

CODE = "KS309"
SEVERITY = "warning"
SUMMARY = "`http` URL (sent in clear; many hosts refuse it)"
HELP = "use `https://` if the host serves it"
FIX = "unsafe"


def _https(ctx, text: str, span: Span) -> Fix | None:
    """A fix writing `https` for the `http` that starts the URL at `span` (after a quote in payloads)."""
    start = span.column - 1
    while start < len(text) and text[start] in " \t\"'":
        start += 1
    if text[start : start + 5].lower() != "http:":
        return None
    scheme = Span(span.line, start + 1, span.line, start + 5)
    return ctx.replace(scheme, "https", "unsafe", "write `https://`")


def check_script(ctx: ScriptContext) -> Iterator[Diagnostic]:
    yield from _check(ctx, title_urls(ctx))


def check_cast(ctx: ScriptContext) -> Iterator[Diagnostic]:
    yield from _check(ctx, cast_urls(ctx))


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    yield from _check(ctx, scene_urls(compiled.scene))


def _check(ctx: ScriptContext, urls) -> Iterator[Diagnostic]:
    for url, span, what in urls:
        if is_http(url) and url_problem(url) is None:
            fix = _https(ctx, ctx.source.line_text(span.line), span)
            yield ctx.report(CODE, f"{what} is an `http` URL, fetched in clear", span, HELP, fix)


def check_payload(ctx) -> Iterator[Diagnostic]:
    for path, url in ctx.urls():
        if is_http(url) and url_problem(url) is None:
            span = ctx.span(path)
            fix = _https(ctx, ctx.lines[span.line - 1] if span.line <= len(ctx.lines) else "", span)
            yield ctx.report(CODE, f"`{url}` is an `http` URL, fetched in clear", span, HELP, fix)
