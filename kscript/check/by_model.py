"""What the rules by model (KS7xx, and the older rules that defer to them) share:
each scene's profile, and where in the file a setting or a reference stands."""

from __future__ import annotations

from kscript.compiler.scenes import CompiledScene
from kscript.core.spans import Span
from kscript.language.model import Reference, Setting
from kscript.models.profiles import BY_ID, Profile


def known(compiled: CompiledScene) -> Profile | None:
    """The scene's profile, or None when its model is unknown (KS106 says so; no other rule guesses)."""
    return compiled.profile if compiled.request.get("model") in BY_ID else None


def references_to(ctx, compiled: CompiledScene, names: set[str]) -> list[Reference]:
    """References in the scene's own text to any of `names` (lower case), in file order."""
    from kscript.check.context import scene_references

    return [r for r in scene_references(compiled.scene) if r.name.lower() in names]


def reference_span(ctx, compiled: CompiledScene, name: str) -> Span:
    """Where the scene first refers to `name`; its heading when only a Style or a cue does."""
    found = references_to(ctx, compiled, {name.lower()})
    if found:
        return found[0].span
    for shot in compiled.scene.shots:
        for paragraph in shot.paragraphs:
            if paragraph.kind == "dialogue" and paragraph.cue.lower() == name.lower() and paragraph.cue_span is not None:
                return paragraph.cue_span
    return compiled.scene.span


def setting_of(compiled: CompiledScene, key: str) -> Setting | None:
    """The line that governs `key` in this scene (its own, else the title page's)."""
    return compiled.effective.get(key)


def model_name(prof: Profile) -> str:
    return f"`{prof.id}`"


def ranged(prof: Profile) -> bool:
    """Whether the model's durations are 1 to 15 a shot and 3 to 15 in all: KS201 to KS203's
    ground. On a 5-or-10 model, or one without duration, KS702 speaks instead."""
    return prof.durations is not None and not prof.durations.choices
