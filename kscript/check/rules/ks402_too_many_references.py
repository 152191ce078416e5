"""KS402: more reference slots than the model takes in one scene's request.

The API documents "maximum 4 total images across all elements and
`input_image` references". By default kscript counts as every provider of
the model does: one slot per element (whatever images it carries) plus one per
input image; start and end frames do not count. With `image-count = "strict"`
in the configuration, every image URL counts (each element's front and
`also` images, and the input images).

The limit is the scene's model's (docs/MODELS.md): 4 on the O3 Pro reference
and video edit models, 7 on omni, or 4 when omni is given a video. (A model
with no slot for a kind of reference, such as the text model or motion
control, is KS704's.)

Bad: one scene that refers to three cast members and two images (5 slots)::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    LUKA - driver
      front: https://cdn.example.com/luka.png

    JUNE - guard
      front: https://cdn.example.com/june.png

    IMAGES

    depot: https://cdn.example.com/depot.jpg
    market: https://cdn.example.com/market.jpg

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara, @Luka and @June meet between @depot and @market.

Good: split the scene, or drop a reference so at most 4 remain::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    LUKA - driver
      front: https://cdn.example.com/luka.png

    JUNE - guard
      front: https://cdn.example.com/june.png

    IMAGES

    depot: https://cdn.example.com/depot.jpg

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara, @Luka and @June meet in @depot.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.words import counted

CODE = "KS402"
SEVERITY = "error"
SUMMARY = "more reference slots (elements + input images) than the model takes (4 on O3 Pro reference) in one scene's request"


def _limit(prof, has_video: bool) -> tuple[int, str]:
    """The model's limit and how to say it."""
    limit = prof.slots.limit(has_video)
    if prof.slots.with_video is None:
        return limit, f"`{prof.id}` takes at most {limit}"
    if has_video:
        return limit, f"`{prof.id}` takes at most {limit} when it is given a video ({prof.slots.total} without)"
    return limit, f"`{prof.id}` takes at most {limit}"


def _applies(prof) -> bool:
    return prof.slots.takes_images and prof.slots.takes_elements  # the others: KS704


def count(elements: list[int], images: int, mode: str) -> tuple[int, str]:
    """The slots used and how they were counted; `elements` holds each element's image count."""
    if mode == "strict":
        total = sum(elements) + images
        return total, f"{counted(sum(elements), 'element image')} + {counted(images, 'input image')}, counting every URL (image-count = \"strict\")"
    parts = [counted(len(elements), "element")] if elements else []
    if images or not parts:
        parts.append(counted(images, "input image"))
    return len(elements) + images, " + ".join(parts)


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    prof = compiled.profile
    if not _applies(prof):
        return
    limit, says = _limit(prof, "input_video" in compiled.request)
    sizes = [(1 if m.front is not None else 0) + len(m.also) for m in compiled.elements]
    total, how = count(sizes, len(compiled.images), ctx.image_count)
    if total > limit:
        yield ctx.report(
            CODE,
            f"scene {compiled.scene.id} uses {total} reference slots ({how}); {says}",
            compiled.scene.span,
            "refer to fewer cast members and images in this scene, or split it into two scenes",
        )


def check_payload(ctx) -> Iterator[Diagnostic]:
    prof = ctx.profile
    if not _applies(prof):
        return
    limit, says = _limit(prof, "input_video" in ctx.data)
    elements = ctx.data.get("elements")
    images = ctx.data.get("input_image")
    elements = elements if isinstance(elements, list) else []
    images = images if isinstance(images, list) else []
    sizes = []
    for element in elements:
        size = 0
        if isinstance(element, dict):
            size += 1 if element.get("frontal_image_url") else 0
            refs = element.get("reference_image_urls")
            size += len(refs) if isinstance(refs, list) else 0
        sizes.append(size)
    total, how = count(sizes, len(images), ctx.image_count)
    if total > limit:
        key = "elements" if "elements" in ctx.data else "input_image"
        yield ctx.report(
            CODE,
            f"{total} reference slots ({how}); {says}",
            ctx.span((key,), key=True),
            f"send at most {limit} elements and input images in all",
        )
