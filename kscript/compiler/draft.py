"""Draft compiles: a cheap preview of each scene on the v2.6 text model.

A scene compiled for any model becomes one `kling-video-v2-6-pro-text-to-video`
request ($0.07 a second): each cast member referred to becomes their name and,
on their first mention in the prompt, their description (`Mara (courier,
early 30s)`); each image its name; the shots one prompt, in order; the length
5 or 10 seconds, whichever is nearer the scene's; the settings the text model
does not take are dropped. Every adaptation is listed as a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kscript.compiler.scenes import CompiledScene, CompiledShot, Declarations, build_request, shot_parts
from kscript.language.model import Script
from kscript.language.references import as_reference, substitute
from kscript.language.settings import SPECS
from kscript.models.profiles import BY_ID, COMMON_SETTINGS, DRAFT_MODEL

_ENDINGS = (".", "!", "?", ":", ";", '"', "…")


@dataclass(eq=False, repr=False)
class Draft:
    real: CompiledScene  # the scene as the script's own model takes it
    scene: CompiledScene  # the draft, shaped as a compiled scene so plan and submit take it as it is
    notes: list[str] = field(default_factory=list)


def nearest_length(seconds: int) -> int:
    """5 or 10, whichever is nearer (5 on a tie, the cheaper)."""
    choices = BY_ID[DRAFT_MODEL].durations.choices  # type: ignore[union-attr]
    return min(choices, key=lambda c: (abs(c - seconds), c))


def draft_scene(script: Script, real: CompiledScene, decl: Declarations | None = None) -> Draft:
    from kscript.models.live import billed_seconds

    decl = decl or Declarations(script)
    prof = BY_ID[DRAFT_MODEL]
    sid = real.scene.id
    notes: list[str] = []
    said: dict[str, str] = {}  # name (lower case) -> what it became, in order of first mention

    def name_of(written: str) -> str | None:
        low = written.lower()
        member = decl.cast.get(low)
        image = decl.images.get(low) if member is None else None
        if member is None and image is None:
            return None
        name = as_reference(written)[1:]  # `@MARA` reads as `Mara` in prose
        if low in said:
            return name
        description = member.description.strip() if member is not None else ""
        said[low] = f"{name} ({description})" if description else name
        return said[low]

    parts: list[str] = []
    for shot in real.scene.shots:
        parts.extend(shot_parts(shot, decl, ""))
    style = real.values.get("style", "")
    if style:
        parts.append(" ".join(style.split()))
    for i in range(len(parts) - 1):
        if not parts[i].endswith(_ENDINGS):
            parts[i] += "."
    prompt = substitute(" ".join(parts), name_of)

    seconds, assumed = billed_seconds(real)
    length = nearest_length(seconds)
    values = {k: v for k, v in real.values.items() if k in COMMON_SETTINGS or prof.field_of(k)}
    values["model"] = DRAFT_MODEL
    shots = [CompiledShot(real.scene.shots[0], prompt, length)] if real.scene.shots else []
    request = build_request(prof, DRAFT_MODEL, shots, [], [], values, real.queue)

    if real.request.get("model") != DRAFT_MODEL:
        notes.append(f"scene {sid}: drafted on {DRAFT_MODEL} instead of {real.request.get('model')}")
    if len(real.scene.shots) > 1:
        notes.append(f"scene {sid}: its {len(real.scene.shots)} shots became one prompt, in order")
    if assumed:
        notes.append(assumed)
    if length != seconds:
        notes.append(f"scene {sid}: {seconds} s became {length} s (the draft model makes 5 or 10)")
    for low, became in said.items():
        kind = "cast member" if low in decl.cast else "image"
        original = decl.cast[low].name if low in decl.cast else decl.images[low].name
        notes.append(f"scene {sid}: {kind} {as_reference(original)} became `{became}`")
    dropped = [k for k in real.effective if k not in COMMON_SETTINGS and not prof.field_of(k)]
    if dropped:
        notes.append(f"scene {sid}: dropped " + ", ".join(f"`{SPECS[k].name}`" for k in dropped) + " (the text model does not take them)")
    if len(prompt) > prof.prompt_max:
        notes.append(f"scene {sid}: the draft prompt has {len(prompt)} characters, more than {prof.prompt_max}: the API may refuse it")
    drafted = CompiledScene(real.scene, shots, [], [], {k: v for k, v in real.effective.items() if k not in dropped}, request, prof, values, real.queue)
    return Draft(real, drafted, notes)


def draft_script(script: Script, compiled: list[CompiledScene]) -> list[Draft]:
    decl = Declarations(script)
    return [draft_scene(script, c, decl) for c in compiled]
