"""Hover: a name (what it is and what it becomes in this scene), a SHOT line, a setting key."""

from __future__ import annotations

from lsprotocol import types

from kscript.check.incremental import Analysis
from kscript.language.model import CastMember
from kscript.lsp import lookup

PROMPT_LIMIT = 512


def number_in(at: lookup.SceneAt, name: str) -> str | None:
    """What `name` becomes in a scene's request: `@Element2`, `@Image1`, or None if it is not sent."""
    low = name.lower()
    for i, member in enumerate(at.compiled.elements, 1):
        if member.name.lower() == low:
            return f"@Element{i}"
    for i, image in enumerate(at.compiled.images, 1):
        if image.name.lower() == low:
            return f"@Image{i}"
    return None


def describe_name(analysis: Analysis, declaration, line: int) -> str:
    parts: list[str] = []
    if isinstance(declaration, CastMember):
        parts.append(f"**{declaration.name}** (cast member)")
        if declaration.description:
            parts.append(declaration.description)
        if declaration.front is not None:
            parts.append(f"front: [{declaration.front.value}]({declaration.front.value})")
        for also in declaration.also:
            parts.append(f"also: [{also.value}]({also.value})")
        if declaration.voice:
            parts.append(f"voice: {declaration.voice}")
    else:
        parts.append(f"**{declaration.name}** (image)")
        parts.append(f"[{declaration.url}]({declaration.url})")
    at = lookup.scene_at(analysis, line)
    if at is not None:
        number = number_in(at, declaration.name)
        if number is not None:
            parts.append(f"`{number}` in scene {at.id}")
        else:
            parts.append(f"not sent in scene {at.id}")
    else:
        sent = [(s.id, n) for s in lookup.scenes(analysis) if (n := number_in(s, declaration.name))]
        if sent:
            shown = ", ".join(f"`{n}` in scene {i}" for i, n in sent[:8])
            parts.append(shown + (f", and {len(sent) - 8} more scenes" if len(sent) > 8 else ""))
        else:
            parts.append("never referenced, so never sent")
    return "\n\n".join(parts)


def describe_shot(at: lookup.SceneAt, index: int, shot, cshot) -> str:
    prompt = cshot.prompt
    size = len(prompt)
    verdict = "over the limit" if size > PROMPT_LIMIT else "within the limit"
    seconds = f"{shot.seconds} s" + (" (the API's default: no duration written)" if shot.duration is None else "")
    total = at.compiled.total_duration
    return (
        f"**Shot {index + 1}** of scene {at.id}: {seconds}; the scene lasts {total} s\n\n"
        f"Prompt, {size} of {PROMPT_LIMIT} characters ({verdict}):\n\n```text\n{prompt}\n```"
    )


def describe_setting(setting, where: str) -> str:
    from kscript.language.settings import SPECS, allowed_text

    spec = SPECS.get(setting.key)
    if spec is None or not setting.known:
        return f"`{setting.written_key}` is not a {'scene setting' if where == 'scene' else 'setting'}: it is not sent"
    what = SETTING_HELP.get(setting.key, spec.name)
    if spec.field:
        field = f"sent as `{spec.field}`"
    elif setting.key == "style":
        field = "appended to every shot's prompt"
    else:
        field = "not sent"
    scope = "for the whole script (a scene may override it)" if where == "title" else "for this scene alone"
    return f"**{spec.name}**: {what}\n\n{field}, {scope}.\n\nValue: {allowed_text(setting.key)}."


SETTING_HELP = {
    "model": "the video model every scene is sent to",
    "aspect": "the frame's aspect ratio",
    "audio": "whether the model generates sound (dialogue needs it on)",
    "avoid": "what the picture must not show (a negative prompt: list the artefacts themselves)",
    "style": "text added to the end of every shot's prompt",
    "output": "how the finished video comes back: a URL or inline base64",
    "namespace": "the Oxen.ai user or organisation the videos are saved under",
    "generations": "how many videos a queued request makes",
    "start frame": "an image the video starts from",
    "end frame": "an image the video ends on (needs a start frame)",
    "video": "the input video (an MP4 or MOV URL) for the models that take one",
    "video mode": "whether the input video is edited or used as a reference",
    "keep audio": "whether the input video's own sound is kept",
    "orientation": "whether the character follows the image's orientation or the video's",
    "resolution": "the output resolution",
    "guidance": "how closely the model follows the prompt (cfg_scale)",
    "video length": "the input video's length in seconds, for the cost estimate (not sent)",
}


def hover(analysis: Analysis, line: int, column: int) -> tuple[str, object] | None:
    occ = lookup.occurrence_at(analysis, line, column)
    if occ is not None:
        if occ.declaration is None:
            return f"`@{occ.name}` is not declared: declare it under CAST or IMAGES", occ.span
        return describe_name(analysis, occ.declaration, line), occ.span
    found = lookup.setting_at(analysis, line, column)
    if found is not None:
        setting, where = found
        return describe_setting(setting, where), None
    at = lookup.scene_at(analysis, line)
    if at is not None:
        shot = lookup.shot_at(at, line)
        if shot is not None:
            return describe_shot(at, *shot), None
    return None


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @server.guarded("hover")
    def on_hover(params: types.HoverParams) -> types.Hover | None:
        state = server.state(params.text_document.uri)
        if state is None or state.analysis is None or state.payload:
            return None
        line, column = state.kscript_position(params.position.line, params.position.character)
        found = hover(state.analysis, line, column)
        if found is None:
            return None
        text, span = found
        rng = None
        if span is not None:
            (sl, sc), (el, ec) = state.lsp_range(span)
            rng = types.Range(types.Position(sl, sc), types.Position(el, ec))
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=rng)
