"""KS308: not a valid `https`/`http` URL.

The API fetches every image itself, so a web address must be an `https://`
(or `http://`) URL with a host. Other schemes (`ftp:`, `file:`) and
addresses without a host are refused. A value without a scheme is a local
file, relative to the script's folder, which kscript uploads (KS313 checks
it).

Bad::

    CAST

    MARA - courier
      front: ftp://cdn.example.com/mara.png

    IMAGES

    depot: https:///depot.jpg

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara waits in @depot.

Good::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    IMAGES

    depot: https://cdn.example.com/depot.jpg

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara waits in @depot.

Fix (unsafe): writes `https://` before a host with a port and a path
(`cdn.example.com:8080/depot.jpg`, which reads as a scheme `cdn.example.com:`),
and in a payload file before any host and path. Whether the host serves the
image over `https` is for you to check. In a script, KS313 offers the same fix
for a local path that does not exist and starts with a host name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kscript.assets.names import kind_of
from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.spans import Span
from kscript.language.urls import url_problem

CODE = "KS308"
SEVERITY = "error"
SUMMARY = "not a valid `https`/`http` URL"
FIX = "unsafe"
# A host name with a dot and a top-level domain of letters, then a path: a URL without its scheme.
_HOST_AND_PATH = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?::\d{1,5})?/\S*\Z")


def with_scheme(url: str) -> str | None:
    """`https://` + `url` when `url` is a host and a path without a scheme, else None."""
    return "https://" + url if _HOST_AND_PATH.match(url) and url_problem("https://" + url) is None else None


def cast_urls(ctx: ScriptContext):
    """(url, span, what) for every image URL of the cast and the images."""
    for member in ctx.script.cast:
        for attribute in member.attributes:
            if attribute.key == "front":
                yield attribute.value.strip(), attribute.value_span, f"{member.name}'s front image"
        for attribute in member.also:
            yield attribute.value, attribute.value_span, f"an `also` image of {member.name}"
    for image in ctx.script.images:
        yield image.url.strip(), image.url_span, f"image `{image.name}`"


def title_urls(ctx: ScriptContext):
    """(url, span, what) for the URL the title page gives (the input video)."""
    for setting in ctx.script.title_page:
        if setting.known and setting.key == "video":
            yield setting.value.strip(), setting.value_span, "the video"


def scene_urls(scene):
    """(url, span, what) for every URL a scene's settings give."""
    for setting in scene.settings:
        if setting.known and setting.key in ("start frame", "end frame", "video"):
            yield setting.value.strip(), setting.value_span, f"the {setting.key}"


def check_script(ctx: ScriptContext) -> Iterator[Diagnostic]:
    yield from _check(ctx, title_urls(ctx))


def check_cast(ctx: ScriptContext) -> Iterator[Diagnostic]:
    yield from _check(ctx, cast_urls(ctx))


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    yield from _check(ctx, scene_urls(compiled.scene))


def _check(ctx: ScriptContext, urls) -> Iterator[Diagnostic]:
    for url, span, what in urls:
        if kind_of(url) != "url":
            continue  # a local file (KS313) or a chained frame (KS107)
        problem = url_problem(url)
        if problem:
            # `host:8080/a.png` reads as a scheme `host:`: the fix writes `https://` before it.
            yield ctx.report(CODE, f"{what} is not a valid URL: {problem}", span, "write it as `https://host/path.png`", scheme_fix(ctx.source, url, span))


def scheme_fix(source, url: str, span: Span):
    """The unsafe fix writing `https://` before a value that is a host and a path, or None."""
    from kscript.check.fixes import replace

    fixed = with_scheme(url)
    if fixed is None:
        return None
    line = source.line_text(span.line)
    at = line.find(url, span.column - 1)
    if at < 0 or span.line != span.end_line:
        return None
    return replace(source.table, Span(span.line, at + 1, span.line, at + 1), "https://", "unsafe", f"write `{fixed}`")


def check_payload(ctx) -> Iterator[Diagnostic]:
    # A payload is sent as written: a local path there is no address the API can fetch.
    for path, url in ctx.urls():
        if not url.strip():
            continue  # an empty string is one finding, KS605's "is empty", not a bad URL too
        problem = url_problem(url)
        if problem:
            fixed = with_scheme(url)
            fix = ctx.rewrite_string(path, fixed, f"write `{fixed}`") if fixed is not None else None
            yield ctx.report(CODE, f"`{url}` is not a valid URL: {problem}", ctx.span(path), "write it as `https://host/path.png`", fix)
