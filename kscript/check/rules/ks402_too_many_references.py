"""KS402: more than 4 reference slots in one scene's request.

The API documents "maximum 4 total images across all elements and
`input_image` references". By default kscript counts as every provider of
the model does: one slot per element (whatever images it carries) plus one per
input image; start and end frames do not count. With `image-count = "strict"`
in the configuration, every image URL counts (each element's front and
`also` images, and the input images).

Bad: one scene that refers to three cast members and two images (5 slots).

Good: split the scene, or drop a reference so at most 4 remain.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.check.diagnostics import Diagnostic

CODE = "KS402"
SEVERITY = "error"
SUMMARY = "more than 4 reference slots (elements + input images) in one scene's request"
LIMIT = 4


def count(elements: list[int], images: int, mode: str) -> tuple[int, str]:
    """The slots used and how they were counted; `elements` holds each element's image count."""
    if mode == "strict":
        total = sum(elements) + images
        return total, f"{sum(elements)} element image(s) + {images} input image(s), counting every URL (image-count = \"strict\")"
    return len(elements) + images, f"{len(elements)} element(s) + {images} input image(s)"


def check(ctx: ScriptContext) -> Iterator[Diagnostic]:
    for compiled in ctx.compiled:
        sizes = [(1 if m.front is not None else 0) + len(m.also) for m in compiled.elements]
        total, how = count(sizes, len(compiled.images), ctx.image_count)
        if total > LIMIT:
            yield ctx.report(
                CODE,
                f"scene {compiled.scene.id} uses {total} reference slots ({how}); the API takes at most {LIMIT}",
                compiled.scene.span,
                "refer to fewer cast members and images in this scene, or split it into two scenes",
            )


def check_payload(ctx) -> Iterator[Diagnostic]:
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
    if total > LIMIT:
        key = "elements" if "elements" in ctx.data else "input_image"
        yield ctx.report(
            CODE,
            f"{total} reference slots ({how}); the API takes at most {LIMIT}",
            ctx.span((key,), key=True),
            "send at most 4 elements and input images in all",
        )
