"""KS704: references the model has no slot for.

The text and image-to-video models take no reference images at all, motion
control takes one element (the cast member to animate) and no input images.
A `@name` there would be sent as a literal `@Element1` the model cannot
resolve. Reported at the first reference that does not fit. (Too many
references on a model that takes both elements and images, such as 5 on the
O3 Pro reference model, is KS402's.) In a payload file: more `elements` than
the model takes.

Bad::

    Model: kling-video-v2-6-pro-text-to-video

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    INT. DEPOT - NIGHT

    SHOT 5s - WIDE
    @Mara crosses the square.

Good::

    Model: kling-video-v2-6-pro-text-to-video

    INT. DEPOT - NIGHT

    SHOT 5s - WIDE
    A courier with cropped silver hair crosses the square.
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.by_model import known, reference_span
from kscript.check.context import ScriptContext
from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.core.words import counted
from kscript.language.references import as_reference
from kscript.models.profiles import profile

CODE = "KS704"
SEVERITY = "error"
SUMMARY = "references the model has no slot for (a cast member on the text model; a second element on motion control)"


def check_scene(ctx: ScriptContext, compiled: CompiledScene) -> Iterator[Diagnostic]:
    prof = known(compiled)
    if prof is None:
        return  # an unknown model: KS106 says so
    slots = prof.slots
    if compiled.elements and not slots.takes_elements:
        member = compiled.elements[0]
        yield ctx.report(
            CODE,
            f"`{prof.id}` takes no cast members (elements), so `{as_reference(member.name)}` cannot be sent",
            reference_span(ctx, compiled, member.name),
            "describe the character in words, or choose a model with reference slots (`kscript models`)",
        )
    elif slots.elements is not None and len(compiled.elements) > slots.elements:
        member = compiled.elements[slots.elements]
        yield ctx.report(
            CODE,
            f"scene {compiled.scene.id} refers to {len(compiled.elements)} cast members; `{prof.id}` takes {slots.elements}",
            reference_span(ctx, compiled, member.name),
            f"keep {counted(slots.elements, 'cast member')} in this scene and describe the others in words",
        )
    if compiled.images and not slots.takes_images:
        image = compiled.images[0]
        yield ctx.report(
            CODE,
            f"`{prof.id}` takes no reference images, so `{as_reference(image.name)}` cannot be sent",
            reference_span(ctx, compiled, image.name),
            "describe the place or look in words, or choose a model with reference slots (`kscript models`)",
        )


def check_payload(ctx) -> Iterator[Diagnostic]:
    model = ctx.data.get("model")
    prof = profile(model) if isinstance(model, str) else None
    elements = ctx.data.get("elements")
    if prof is None or not isinstance(elements, list) or prof.slots.elements is None or not prof.slots.takes_elements:
        return
    if len(elements) > prof.slots.elements:
        yield ctx.report(
            CODE,
            f"{len(elements)} elements; `{prof.id}` takes {prof.slots.elements}",
            ctx.span(("elements", prof.slots.elements)),
            f"send at most {counted(prof.slots.elements, 'element')}",
        )
