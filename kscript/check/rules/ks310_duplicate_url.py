"""KS310: the same image URL sent twice in one scene.

Each image a request carries is fetched and counted. Sending one URL twice
(as two cast members' fronts, or as an image and an `also`) spends a
reference slot on nothing new. A start frame that is also the end frame is
not counted: that is how a loop is made. In a payload file a URL repeated
several times is said once, at its second place, with the count.

Bad::

    CAST

    LANTERN - storm lantern
      front: https://cdn.example.com/lantern.png

    IMAGES

    lamp: https://cdn.example.com/lantern.png

    INT. DEPOT - NIGHT

    SHOT 4s - CLOSE
    @Lantern swings beside @lamp.

Good: declare it once and refer to it by one name::

    CAST

    LANTERN - storm lantern
      front: https://cdn.example.com/lantern.png

    INT. DEPOT - NIGHT

    SHOT 4s - CLOSE
    @Lantern swings in the dark.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic

CODE = "KS310"
SEVERITY = "warning"
SUMMARY = "the same image URL sent twice in one scene"


def scene_urls(compiled):
    for member in compiled.elements:
        if member.front is not None:
            yield member.front.value.strip(), member.front.value_span
        for attribute in member.also:
            yield attribute.value, attribute.value_span
    for image in compiled.images:
        yield image.url.strip(), image.url_span
    start = compiled.effective.get("start frame")
    if start is not None:
        yield start.value.strip(), start.value_span


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    reported: set[tuple[int, int]] = set()
    first: dict[str, int] = {}
    for url, span in scene_urls(compiled):
        if not url:
            continue
        if url in first and (span.line, span.column) not in reported:
            reported.add((span.line, span.column))
            yield ctx.report(
                CODE,
                f"this image URL is also sent from line {first[url]} in scene {compiled.scene.id}",
                span,
                "declare the image once and refer to it by one name",
            )
        first.setdefault(url, span.line)


def check_payload(ctx) -> Iterator[Diagnostic]:
    # One diagnostic a URL, at its second place, however often it is repeated.
    places: dict[str, list[tuple]] = {}
    for path, url in ctx.urls():
        if path != ("tail_image_url",):
            places.setdefault(url, []).append(path)
    for url, paths in places.items():
        if len(paths) < 2:
            continue
        times = "twice" if len(paths) == 2 else f"{len(paths)} times"
        yield ctx.report(
            CODE,
            f"`{url}` is sent {times} (first at `{ctx.path_text(paths[0])}`)",
            ctx.span(paths[1]),
            "send each image once",
        )
