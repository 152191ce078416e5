"""What the rules by model (KS7xx, and the older rules that defer to them) share:
each scene's profile, and where in the file a setting or a reference stands."""

from __future__ import annotations

from collections.abc import Iterator

from kscript.compiler.scenes import CompiledScene
from kscript.language.model import Reference, Setting, Span
from kscript.models.profiles import BY_ID, Profile


def known(compiled: CompiledScene) -> Profile | None:
    """The scene's profile, or None when its model is unknown (KS106 says so; no other rule guesses)."""
    return compiled.profile if compiled.request.get("model") in BY_ID else None


def scenes(ctx) -> Iterator[tuple[CompiledScene, Profile]]:
    for compiled in ctx.compiled:
        prof = known(compiled)
        if prof is not None:
            yield compiled, prof


def scene_lines(ctx, compiled: CompiledScene) -> tuple[int, int]:
    """The first and last line of a scene (its heading to the line before the next heading)."""
    scenes_ = ctx.script.scenes
    index = next(i for i, s in enumerate(scenes_) if s is compiled.scene)
    end = scenes_[index + 1].span.line - 1 if index + 1 < len(scenes_) else 1 << 30
    return compiled.scene.span.line, end


def references_to(ctx, compiled: CompiledScene, names: set[str]) -> list[Reference]:
    """References in the scene's own text to any of `names` (lower case), in file order."""
    first, last = scene_lines(ctx, compiled)
    return [r for r in ctx.references if first <= r.span.line <= last and r.name.lower() in names]


def reference_span(ctx, compiled: CompiledScene, name: str) -> Span:
    """Where the scene first refers to `name`; its heading when only a Style or a cue does."""
    found = references_to(ctx, compiled, {name.lower()})
    if found:
        return found[0].span
    first, last = scene_lines(ctx, compiled)
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
