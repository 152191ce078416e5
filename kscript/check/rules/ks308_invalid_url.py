"""KS308: not a valid `https`/`http` URL.

The API fetches every image itself, so each one must be an `https://` (or
`http://`) URL with a host. Local paths and other schemes are refused.

Bad::

    front: ./mara.png
    depot: cdn.example.com/depot.jpg

Good::

    front: https://cdn.example.com/mara.png
    depot: https://cdn.example.com/depot.jpg
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.check.diagnostics import Diagnostic
from kscript.language.urls import url_problem

CODE = "KS308"
SEVERITY = "error"
SUMMARY = "not a valid `https`/`http` URL"


def script_urls(ctx: ScriptContext):
    """(url, span, what) for every image URL the script declares."""
    for member in ctx.script.cast:
        for attribute in member.attributes:
            if attribute.key == "front":
                yield attribute.value.strip(), attribute.value_span, f"{member.name}'s front image"
        for attribute in member.also:
            yield attribute.value, attribute.value_span, f"an `also` image of {member.name}"
    for image in ctx.script.images:
        yield image.url.strip(), image.url_span, f"image `{image.name}`"
    for setting in ctx.script.title_page:
        if setting.known and setting.key == "video":
            yield setting.value.strip(), setting.value_span, "the video"
    for scene in ctx.script.scenes:
        for setting in scene.settings:
            if setting.known and setting.key in ("start frame", "end frame", "video"):
                yield setting.value.strip(), setting.value_span, f"the {setting.key}"


def check(ctx: ScriptContext) -> Iterator[Diagnostic]:
    for url, span, what in script_urls(ctx):
        problem = url_problem(url)
        if problem:
            yield ctx.report(CODE, f"{what} is not a valid URL: {problem}", span, "write it as `https://host/path.png`")


def check_payload(ctx) -> Iterator[Diagnostic]:
    for path, url in ctx.urls():
        problem = url_problem(url)
        if problem:
            yield ctx.report(CODE, f"`{url}` is not a valid URL: {problem}", ctx.span(path), "write it as `https://host/path.png`")
