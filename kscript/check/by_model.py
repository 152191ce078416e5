"""What the rules by model (KS7xx, and the older rules that defer to them) share:
each scene's profile, and where in the file a setting or a reference stands."""

from __future__ import annotations

from collections.abc import Iterator

from kscript.compiler.scenes import CompiledScene
from kscript.core.spans import Span
from kscript.language.model import Reference, Setting
from kscript.models.profiles import BY_ID, Profile


def known(compiled: CompiledScene) -> Profile | None:
    """The scene's profile, or None when its model is unknown (KS106 says so; no other rule guesses)."""
    return compiled.profile if compiled.request.get("model") in BY_ID else None


def scenes(ctx) -> Iterator[tuple[CompiledScene, Profile]]:
    for compiled in ctx.compiled:
        prof = known(compiled)
        if prof is not None:
            yield compiled, prof


def _index(ctx) -> dict[int, int]:
    """Each scene's position by identity, computed once per context (a rule may ask for
    every scene of a long script: a linear search each time would be quadratic)."""
    index = ctx.__dict__.get("_by_model_index")
    if index is None:
        index = {id(s): i for i, s in enumerate(ctx.script.scenes)}
        ctx.__dict__["_by_model_index"] = index
    return index


def scene_lines(ctx, compiled: CompiledScene) -> tuple[int, int]:
    """The first and last line of a scene (its heading to the line before the next heading)."""
    scenes_ = ctx.script.scenes
    position = _index(ctx)[id(compiled.scene)]
    end = scenes_[position + 1].span.line - 1 if position + 1 < len(scenes_) else 1 << 30
    return compiled.scene.span.line, end


def _references_by_scene(ctx) -> list[list[Reference]]:
    """The references of sent text grouped by the scene whose lines hold them, in one pass."""
    grouped = ctx.__dict__.get("_by_model_refs")
    if grouped is None:
        import bisect

        starts = [s.span.line for s in ctx.script.scenes]
        grouped = [[] for _ in starts]
        for ref in ctx.references:
            at = bisect.bisect_right(starts, ref.span.line) - 1
            if at >= 0:
                grouped[at].append(ref)
        ctx.__dict__["_by_model_refs"] = grouped
    return grouped


def references_to(ctx, compiled: CompiledScene, names: set[str]) -> list[Reference]:
    """References in the scene's own text to any of `names` (lower case), in file order."""
    mine = _references_by_scene(ctx)[_index(ctx)[id(compiled.scene)]]
    return [r for r in mine if r.name.lower() in names]


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
