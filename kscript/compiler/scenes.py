"""The compile pass: each scene to the request LANGUAGE.md section 6 defines.

Pure functions over the model. It never fails on a broken script: what is
missing is left out, so the checks can look at the compiled result too, and
`compile` refuses to print anything while an error is left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kscript.compiler.markup import join_lines, spoken, unmark
from kscript.language.model import CastMember, Image, Scene, Script, Setting, Shot, TextLine
from kscript.language.references import substitute
from kscript.language.settings import parse_value
from kscript.models.profiles import DEFAULT_MODEL, FIELD_ORDER, Profile, default, profile

_ENDINGS = (".", "!", "?", ":", ";", '"', "…")


@dataclass(eq=False, repr=False)
class CompiledShot:
    shot: Shot
    prompt: str
    duration: int


@dataclass(eq=False, repr=False)
class CompiledScene:
    scene: Scene
    shots: list[CompiledShot]
    elements: list[CastMember]
    images: list[Image]
    effective: dict[str, Setting]
    request: dict[str, Any]
    profile: Profile  # the model's (the default model's when the name is unknown: KS106)
    values: dict[str, Any] = field(default_factory=dict)  # the settings' request values (valid ones, defaults included)
    queue: bool = False

    @property
    def total_duration(self) -> int:
        return sum(s.duration for s in self.shots)


class Declarations:
    """Names in scope, looked up without regard to case."""

    def __init__(self, script: Script) -> None:
        self.cast: dict[str, CastMember] = {}
        self.images: dict[str, Image] = {}
        for member in script.cast:
            self.cast.setdefault(member.name.lower(), member)
        for image in script.images:
            if image.name.lower() not in self.cast:
                self.images.setdefault(image.name.lower(), image)

    def names(self) -> list[str]:
        return [m.name for m in self.cast.values()] + [i.name for i in self.images.values()]


def effective_settings(script: Script, scene: Scene) -> dict[str, Setting]:
    """Each setting's governing line: the scene's own, else the title page's."""
    result: dict[str, Setting] = {}
    for setting in script.title_page:
        if setting.known:
            result.setdefault(setting.key, setting)
    own: dict[str, Setting] = {}
    for setting in scene.settings:
        if setting.known:
            own.setdefault(setting.key, setting)
    result.update(own)
    return result


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _sent(line: TextLine) -> str:
    """A line's text as sent: hidden text taken out, Fountain's emphasis markers removed."""
    return unmark(line.sent if line.sent is not None else line.text)


def shot_parts(shot: Shot, decl: Declarations, style: str) -> list[str]:
    """The prompt's parts in order, before references are numbered."""
    parts: list[str] = []
    if shot.direction is not None:
        parts.append(_sent(shot.direction))
    for paragraph in shot.paragraphs:
        if paragraph.kind == "action":
            parts.append(join_lines([_sent(line) for line in paragraph.lines]))
            continue
        member = decl.cast.get(paragraph.cue.lower())
        tone = _sent(paragraph.tone) if paragraph.tone is not None else ""
        if member is not None:
            speaker = "@" + member.name
            tone = tone or (member.voice or "")
        else:
            speaker = paragraph.cue.replace("@", "@@")
        head = f"{speaker}, {tone}" if _collapse(tone) else speaker
        parts.append(f"[{head}]: {spoken([_sent(line) for line in paragraph.spoken])}")
    if style:
        parts.append(style)
    parts = [p for p in (_collapse(p) for p in parts) if p]
    for i in range(len(parts) - 1):
        if not parts[i].endswith(_ENDINGS):
            parts[i] += "."
    return parts


def compile_scene(
    script: Script,
    scene: Scene,
    decl: Declarations,
    *,
    queue: bool = False,
    defaults: dict[str, Any] | None = None,
) -> CompiledScene:
    effective = effective_settings(script, scene)
    values: dict[str, Any] = {}
    for key, setting in effective.items():
        value, problem = parse_value(key, setting.value)
        if problem is None:
            values[key] = value
    for key, value in (defaults or {}).items():
        values.setdefault(key, value)
    style = values.get("style", "")

    elements: list[CastMember] = []
    images: list[Image] = []
    numbers: dict[str, str] = {}

    def number(name: str) -> str | None:
        low = name.lower()
        if low in numbers:
            return numbers[low]
        member = decl.cast.get(low)
        if member is not None:
            elements.append(member)
            numbers[low] = f"@Element{len(elements)}"
            return numbers[low]
        image = decl.images.get(low)
        if image is not None:
            images.append(image)
            numbers[low] = f"@Image{len(images)}"
            return numbers[low]
        return None

    shots = []
    for shot in scene.shots:
        raw = " ".join(shot_parts(shot, decl, style))
        shots.append(CompiledShot(shot, substitute(raw, number), shot.seconds))

    model = values.get("model", DEFAULT_MODEL)
    prof = profile(model) or default()
    request = build_request(prof, model, shots, elements, images, values, queue)
    return CompiledScene(scene, shots, elements, images, effective, request, prof, values, queue)


def build_request(
    prof: Profile,
    model: str,
    shots: list[CompiledShot],
    elements: list[CastMember],
    images: list[Image],
    values: dict[str, Any],
    queue: bool,
) -> dict[str, Any]:
    """The request, with only the fields `prof` takes, in FIELD_ORDER."""
    request: dict[str, Any] = {"model": model}
    timed = prof.durations is not None
    if len(shots) > 1 and prof.multi_shot:
        request["multi_prompt"] = [{"prompt": s.prompt, "duration": s.duration} if timed else {"prompt": s.prompt} for s in shots]
    elif shots:
        # A single-shot model given several shots (KS703) still compiles, so the checks can look at it.
        request["prompt"] = " ".join(s.prompt for s in shots)
        if timed:
            request["duration"] = sum(s.duration for s in shots)
    if images and prof.slots.takes_images:
        request["input_image"] = [image.url for image in images]
    if elements and prof.slots.takes_elements:
        request["elements"] = [_element(member) for member in elements]
    for key, value in values.items():
        field = prof.field_of(key)
        if field and field not in ("model", "num_generations"):
            request[field] = value
    if queue and "generations" in values:
        request["num_generations"] = values["generations"]
    return {key: request[key] for key in FIELD_ORDER if key in request}


def _element(member: CastMember) -> dict[str, Any]:
    element: dict[str, Any] = {}
    if member.front is not None:
        element["frontal_image_url"] = member.front.value.strip()
    if member.also:
        element["reference_image_urls"] = [a.value for a in member.also]
    return element


def compile_script(
    script: Script, *, queue: bool = False, defaults: dict[str, Any] | None = None
) -> list[CompiledScene]:
    decl = Declarations(script)
    return [compile_scene(script, scene, decl, queue=queue, defaults=defaults) for scene in script.scenes]


def referenced_names(compiled: CompiledScene) -> set[str]:
    return {m.name.lower() for m in compiled.elements} | {i.name.lower() for i in compiled.images}

