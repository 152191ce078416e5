"""The storyboard page: one self-contained HTML file, styles inline, nothing fetched but images.

A pure function of what the check pass produced (the script, its compiled
scenes, its diagnostics) and of the videos found on disk, so that a script
with errors still gets a page that shows them where they stand.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from kscript.compiler.scenes import CompiledScene, Declarations
from kscript.core.diagnostics import Diagnostic
from kscript.film import shots as shot_facts
from kscript.film.timeline import segments
from kscript.film.videos import Video
from kscript.formats.escape import untrusted
from kscript.language.model import CastMember, Image, Script, Setting
from kscript.language.settings import parse_value

_TOKEN = re.compile(r"@(Element|Image)(\d+)(?![\w])")
_SHOWN_SETTINGS = ("model", "aspect", "audio", "style", "avoid", "output", "namespace", "generations")
# One colour a cast member, in the order they are declared: told apart on a light and a dark page
# and in print (a ninth member takes the first colour again).
PALETTE = ("#d9480f", "#1971c2", "#2b8a3e", "#ae3ec9", "#e8590c", "#0c8599", "#c2255c", "#5c940d")


@dataclass(frozen=True, slots=True)
class Estimate:
    seconds: int
    generations: int
    cost: float
    confirmed: bool  # False where the model's price is not published


def estimate(scene: CompiledScene, price: Callable[[dict], tuple[float, bool]]) -> Estimate:
    """As `plan` estimates: the seconds billed (a model without duration: the input video's
    length, assumed 5 s and unconfirmed when not given) x generations x the request's price."""
    from kscript.models.live import billed_seconds

    per_second, confirmed = price(scene.request)
    seconds, assumed = billed_seconds(scene)
    generations = scene.request.get("num_generations")
    n = generations if isinstance(generations, int) and 1 <= generations <= 4 else 1
    return Estimate(seconds, n, seconds * n * per_second, confirmed and assumed is None)


def money(amount: float) -> str:
    return f"${amount:,.2f}"


def _anchor(kind: str, name: str) -> str:
    return f"{kind}-{name.lower()}"


def _css_url(url: str) -> str | None:
    """`url` for a CSS `url()`: only http(s), every character that could end the value escaped."""
    if not url.lower().startswith(("https://", "http://")):
        return None
    from urllib.parse import quote

    # Quotes, parentheses, backslashes and white space would end the CSS value: percent-encode them.
    return quote(url, safe="/:?#[]@!$&*+,;=%~-._")


_MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


def local_pictures(resolution) -> dict[str, str]:
    """The script's local images and chained frames (kscript.check.assets.Resolution), each as
    a data URI keyed by the value the script gives: the page embeds them, and stays one file."""
    import base64

    if resolution is None:
        return {}
    found: dict[str, str] = {}
    pictures = dict(resolution.assets)
    for use in resolution.uses:
        from kscript.assets.names import chain_of

        upstream = chain_of(use.value)
        frame = resolution.frames.get(upstream) if upstream is not None else None
        if frame is not None:
            pictures[use.value] = frame
    for value, asset in pictures.items():
        facts = asset.facts
        if facts.problem is None and facts.format in _MIME and not facts.unreadable and facts.size <= 10 << 20:
            try:
                with open(asset.path, "rb") as handle:
                    data = handle.read()
            except OSError:
                continue
            found[value] = f"data:{_MIME[facts.format]};base64,{base64.b64encode(data).decode('ascii')}"
    return found


def _frame(url: str, label: str, ratio: str, local: dict[str, str] | None = None) -> str:
    """An image in a frame of the right shape, its name on a tag; offline, the frame shows the name alone.

    A CSS background rather than <img>: an image that cannot load leaves no
    broken-image icon, only the frame and its name. A local file is embedded
    (`local`: the value as written -> its data URI).
    """
    css = local.get(url) if local and url in local else _css_url(url)
    picture = f" background-image: url('{css}');" if css else ""
    return (
        f'<figure class="frame" style="aspect-ratio: {escape(ratio)};{escape(picture)}" title="{escape(url, quote=True)}">'
        f'<span class="frame-label">{escape(label)}</span></figure>'
    )


def colours(script: Script) -> dict[str, str]:
    """Each cast member's colour, by its name in lower case."""
    found: dict[str, str] = {}
    for member in script.cast:
        found.setdefault(member.name.lower(), PALETTE[len(found) % len(PALETTE)])
    return found


def _who(member: CastMember, palette: dict[str, str]) -> str:
    """The attributes that give an element its member's colour (and name it, for tools and tests)."""
    colour = palette.get(member.name.lower(), "var(--muted)")
    return f'data-cast="{escape(member.name, quote=True)}" style="--who: {escape(colour, quote=True)}"'


def _shown_name(name: str) -> str:
    """A name as a reader expects it: `Mara` for a member declared `MARA`."""
    return name.capitalize() if name.isupper() else name


def _prompt_html(prompt: str, scene: CompiledScene, palette: dict[str, str] | None = None) -> str:
    """The prompt as sent, with each @Element/@Image token shown as the name it stands for (a cast
    member in its colour) linked to its card, the token as sent beside it in small type."""
    palette = {} if palette is None else palette
    out: list[str] = []
    last = 0
    for match in _TOKEN.finditer(prompt):
        out.append(escape(prompt[last : match.start()]))
        number = int(match.group(2))
        target: CastMember | Image | None = None
        if match.group(1) == "Element" and 0 < number <= len(scene.elements):
            target = scene.elements[number - 1]
        elif match.group(1) == "Image" and 0 < number <= len(scene.images):
            target = scene.images[number - 1]
        if target is None:
            out.append(f'<span class="ref">{escape(match.group())}</span>')
        else:
            kind = "cast" if isinstance(target, CastMember) else "image"
            who = f" {_who(target, palette)}" if isinstance(target, CastMember) else ""
            out.append(
                f'<a class="ref ref-{kind}" href="#{escape(_anchor(kind, target.name), quote=True)}"{who} '
                f'title="sent as {escape(match.group(), quote=True)}"><span class="ref-name">{escape(_shown_name(target.name))}</span>'
                f'<small class="ref-sent">{escape(match.group())}</small></a>'
            )
        last = match.end()
    out.append(escape(prompt[last:]))
    return "".join(out)


def _diagnostics_html(found: list[Diagnostic]) -> str:
    if not found:
        return ""
    items = "".join(
        f'<li class="diag diag-{escape(d.severity)}"><span class="diag-code">{escape(d.code)}</span> '
        f'<span class="diag-where">line {d.span.line}:{d.span.column}</span> {escape(d.message)}'
        + (f'<div class="diag-help">help: {escape(d.help)}</div>' if d.help else "")
        + "</li>"
        for d in found
    )
    return f'<ul class="diagnostics">{items}</ul>'


def _metadata(script: Script) -> list[Setting]:
    return [s for s in script.title_page if not s.known]


def _title(script: Script, path: str) -> str:
    for setting in _metadata(script):
        if setting.key.lower() == "title" and setting.value.strip():
            return setting.value.strip()
    return os.path.basename(path) or "Untitled"


def _settings_html(settings: dict[str, Setting], own: set[int] | None = None) -> str:
    """Settings as chips; where `own` is given, those inherited from the title page are dimmed."""
    chips = []
    for key in _SHOWN_SETTINGS:
        setting = settings.get(key)
        if setting is None:
            continue
        inherited = own is not None and id(setting) not in own
        kind = "chip inherited" if inherited else "chip"
        tip = ' title="from the title page"' if inherited else ""
        chips.append(f'<span class="{kind}"{tip}><b>{escape(setting.written_key.strip() or key)}</b> {escape(setting.value.strip())}</span>')
    return f'<div class="chips">{"".join(chips)}</div>' if chips else ""


def _cast_html(script: Script, palette: dict[str, str] | None = None, local: dict[str, str] | None = None) -> str:
    palette = {} if palette is None else palette
    if not script.cast and not script.images:
        return ""
    cards = []
    for member in script.cast:
        thumbs = []
        if member.front is not None:
            thumbs.append(_frame(member.front.value.strip(), f"{member.name} · front", "1", local))
        for n, also in enumerate(member.also, 1):
            thumbs.append(_frame(also.value.strip(), f"{member.name} · also {n}", "1", local))
        voice = f'<p class="voice">voice: {escape(member.voice)}</p>' if member.voice else ""
        cards.append(
            f'<article class="person" id="{escape(_anchor("cast", member.name), quote=True)}" {_who(member, palette)}>'
            f'<div class="thumbs">{"".join(thumbs)}</div>'
            f'<h3 class="who-name">{escape(member.name)}</h3>'
            f'<p class="description">{escape(member.description)}</p>{voice}</article>'
        )
    for image in script.images:
        cards.append(
            f'<article class="person image" id="{escape(_anchor("image", image.name), quote=True)}">'
            f'<div class="thumbs">{_frame(image.url.strip(), image.name, "16 / 9", local)}</div>'
            f"<h3>{escape(image.name)}</h3><p class=\"description\">image</p></article>"
        )
    return f'<section class="cast"><h2>Cast and images</h2><div class="cast-grid">{"".join(cards)}</div></section>'


def _video_html(video: Video, page_dir: Path) -> str:
    relative = os.path.relpath(video.path, page_dir).replace(os.sep, "/")
    # The id, state and charge come from the journal, which holds what the API said: escaped
    # (`untrusted`) before HTML-escaping, so no bidi override reorders the caption.
    parts = [untrusted(p) for p in (video.generation_id, video.state, f"${video.cost}" if video.cost else None) if p]
    caption = " · ".join(parts) or untrusted(video.path.name)
    if video.draft:  # a preview on the text model: never to be mistaken for the scene itself
        caption = f"draft · {caption}"
    return (
        f'<figure class="video{" draft" if video.draft else ""}"><video controls preload="metadata" src="{escape(relative, quote=True)}"></video>'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _chain_html(scene: CompiledScene, followers: list[str]) -> tuple[str, str]:
    """The links that draw a chain: into a scene from the one whose last frame it starts
    from, and out of a scene to those that start from its last frame."""
    into = "".join(
        f'<a class="chain chain-in" href="#scene-{escape(up, quote=True)}">⤷ starts where scene {escape(up)} ends</a>' for up in scene.after
    )
    out = "".join(
        f'<a class="chain chain-out" href="#scene-{escape(down, quote=True)}">scene {escape(down)} starts from this scene\'s last frame ⤵</a>'
        for down in followers
    )
    return into, out


def _picture_width(aspect: str) -> str:
    """How wide a shot's picture is drawn: a portrait frame narrower, so that each shot keeps to a few lines' height."""
    width, _, height = aspect.partition(":")
    try:
        ratio = float(width) / float(height)
    except ValueError:
        ratio = 16 / 9
    return "110px" if ratio < 0.9 else "150px" if ratio < 1.2 else "220px"


def _direction(scene: CompiledScene, index: int) -> str:
    """The shot's direction as a reader reads it: names without their `@`."""
    return shot_facts.readable(shot_facts.direction(scene.shots[index - 1].shot))


def _shot_picture(scene: CompiledScene, index: int, still: str | None, ratio: str, local: dict[str, str] | None = None) -> str:
    """What the shot looks like: a frame from the middle of its part of the video once there is
    one, else the scene's start frame (first shot) or end frame (last shot), else an empty frame
    of the scene's shape with the shot's framing written in it."""
    label = f"shot {scene.scene.id}.{index}"
    if still is not None:
        return (
            f'<figure class="picture"><img class="still" src="{escape(still, quote=True)}" '
            f'alt="{escape(label, quote=True)}, a frame from the middle of the shot" style="aspect-ratio: {escape(ratio)}"></figure>'
        )
    for key, place in (("start frame", 1), ("end frame", len(scene.shots))):
        setting = scene.effective.get(key)
        if index == place and setting is not None and setting.value.strip():
            return f'<div class="picture">{_frame(" ".join(setting.value.split()), key, ratio, local)}</div>'
    written = shot_facts.label(scene.shots[index - 1].shot) or label
    return (
        f'<div class="picture"><figure class="frame placeholder" style="aspect-ratio: {escape(ratio)}" title="no picture yet">'
        f'<span class="frame-label">{escape(written)}</span></figure></div>'
    )


def _shot_html(
    scene: CompiledScene, index: int, still: str | None, ratio: str, palette: dict[str, str], decl: Declarations | None, local: dict[str, str] | None = None
) -> str:
    compiled = scene.shots[index - 1]
    shot = compiled.shot
    direction = _direction(scene, index)
    cast = ""
    lines = ""
    if decl is not None:
        cast = "".join(
            f'<a class="who-chip" href="#{escape(_anchor("cast", m.name), quote=True)}" {_who(m, palette)}>{escape(_shown_name(m.name))}</a>'
            for m in shot_facts.cast(shot, decl)
        )
        for line in shot_facts.dialogue(shot, decl):
            who = f" {_who(line.member, palette)}" if line.member is not None else ""
            lines += (
                f'<div class="speech"><p class="cue"{who}>{escape(line.cue.upper())}</p>'
                + (f'<p class="paren">({escape(line.tone)})</p>' if line.tone else "")
                + (f'<p class="line">{escape(line.words)}</p>' if line.words else "")
                + "</div>"
            )
    return (
        f'<li class="shot" id="shot-{escape(scene.scene.id, quote=True)}-{index}">'
        + _shot_picture(scene, index, still, ratio, local)
        + '<div class="shot-text"><div class="shot-head">'
        f'<span class="shot-no">Shot {index}</span> '
        + (f'<span class="shot-dir">{escape(direction)}</span> ' if direction else "")
        + f'<span class="shot-len">{compiled.duration} s</span>'
        + (f'<span class="shot-cast">{cast}</span>' if cast else "")
        + "</div>"
        + (f'<div class="screenplay">{lines}</div>' if lines else "")
        + f'<p class="prompt">{_prompt_html(compiled.prompt, scene, palette)}</p></div></li>'
    )


def _scene_html(
    scene: CompiledScene,
    est: Estimate,
    found: list[Diagnostic],
    videos: list[Video],
    page_dir: Path,
    stills: list[str | None] | None = None,
    palette: dict[str, str] | None = None,
    script: Script | None = None,
    local: dict[str, str] | None = None,
    followers: list[str] | None = None,
) -> str:
    s = scene.scene
    aspect_setting = scene.effective.get("aspect")
    aspect = "16:9"
    if aspect_setting is not None:
        value, problem = parse_value("aspect", aspect_setting.value)
        if problem is None and isinstance(value, str):
            aspect = value
    ratio = aspect.replace(":", " / ")
    synopsis = " ".join(line.text for line in s.synopsis)
    frames = []
    for key, label in (("start frame", "start frame"), ("end frame", "end frame")):
        setting = scene.effective.get(key)
        if setting is not None and setting.value.strip():
            value = " ".join(setting.value.split())
            tag = label
            if key == "start frame" and scene.after:
                tag = f"last frame of scene {scene.after[0]}" + ("" if local and value in local else " (not made yet)")
            frames.append(f'<div class="frame-box"><div class="frame-title">{label}</div>{_frame(value, tag, ratio, local)}</div>')
    decl = Declarations(script) if script is not None else None
    bar = "".join(
        f'<div class="seg seg-{seg.index % 2}" style="width: {seg.share * 100:.4f}%" '
        f'title="shot {seg.index}: {seg.seconds} s{escape(" · " + _direction(scene, seg.index), quote=True) if _direction(scene, seg.index) else ""}">'
        f'<span class="seg-dir">{escape(_direction(scene, seg.index))}</span><span class="seg-len">{seg.seconds}s</span></div>'
        for seg in segments(scene)
    )
    shots = "".join(
        _shot_html(scene, n, (stills or [])[n - 1] if stills and n <= len(stills) else None, ratio, palette or {}, decl, local)
        for n in range(1, len(scene.shots) + 1)
    )
    unconfirmed = "" if est.confirmed else ' <span class="unconfirmed" title="the model\'s price is not published, or the input video\'s length is assumed">(unconfirmed)</span>'
    generations = f" × {est.generations} generations" if est.generations > 1 else ""
    request = escape(json.dumps(scene.request, ensure_ascii=False, indent=2))
    video_block = "".join(_video_html(v, page_dir) for v in videos)
    errors = sum(1 for d in found if d.severity == "error")
    flag = f' <span class="badge badge-error">{errors} error{"s" if errors != 1 else ""}</span>' if errors else ""
    chain_in, chain_out = _chain_html(scene, followers or [])
    return (
        f'<article class="scene" id="scene-{escape(s.id, quote=True)}">'
        f'<header class="scene-head"><span class="scene-id">{escape(s.id)}</span>'
        f"<h2>{escape(s.heading)}</h2>{flag}"
        f'<span class="scene-cost">{est.seconds} s{generations} · {money(est.cost)}{unconfirmed}</span></header>'
        + chain_in
        + (f'<p class="synopsis">{escape(synopsis)}</p>' if synopsis else "")
        + _settings_html(scene.effective, {id(x) for x in s.settings})
        + f'<div class="scene-body{" with-frames" if frames else ""}">'
        + (f'<div class="frames">{"".join(frames)}</div>' if frames else "")
        + f'<div class="shot-column"><div class="timeline" role="img" aria-label="shot durations">{bar}</div>'
        + f'<ol class="shots" style="--picture: {_picture_width(aspect)}">{shots}</ol></div></div>'
        + _diagnostics_html(found)
        + (f'<div class="videos">{video_block}</div>' if video_block else "")
        + f"<details><summary>Request JSON</summary><pre>{request}</pre></details>"
        + chain_out
        + "</article>"
    )


def _split_diagnostics(diagnostics: list[Diagnostic], compiled: list[CompiledScene]) -> tuple[list[Diagnostic], list[list[Diagnostic]]]:
    """Diagnostics before the first scene, and those within each scene's lines."""
    starts = [c.scene.span.line for c in compiled]
    head: list[Diagnostic] = []
    per_scene: list[list[Diagnostic]] = [[] for _ in compiled]
    for d in diagnostics:
        index = -1
        for i, start in enumerate(starts):
            if d.span.line >= start:
                index = i
            else:
                break
        (head if index < 0 else per_scene[index]).append(d)
    return head, per_scene


def render(
    path: str,
    script: Script,
    compiled: list[CompiledScene],
    diagnostics: list[Diagnostic],
    videos: dict[str, list[Video]],
    page_dir: Path,
    price: Callable[[dict], tuple[float, bool]],
    stills: dict[str, list[str | None]] | None = None,
    local: dict[str, str] | None = None,
) -> str:
    """The page. `stills` holds, by scene id, a picture (`data:` address) per shot, from its video;
    `local` embeds the script's local images and chained frames (local_pictures)."""
    title = _title(script, path)
    palette = colours(script)
    stills = {} if stills is None else stills
    followers: dict[str, list[str]] = {}
    for c in compiled:
        for up in c.after:
            followers.setdefault(up.lower(), []).append(c.scene.id)
    head_diags, per_scene = _split_diagnostics(sorted(diagnostics, key=Diagnostic.sort_key), compiled)
    estimates = [estimate(c, price) for c in compiled]
    total_seconds = sum(e.seconds * e.generations for e in estimates)
    total_cost = sum(e.cost for e in estimates)
    confirmed = all(e.confirmed for e in estimates)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = sum(1 for d in diagnostics if d.severity == "warning")
    metadata = "".join(
        f"<div><dt>{escape(s.written_key.strip())}</dt><dd>{escape(s.value.strip())}</dd></div>"
        for s in _metadata(script)
        if s.key.lower() != "title"
    )
    title_settings = {s.key: s for s in script.title_page if s.known}
    summary = (
        '<section class="summary">'
        f'<div class="stat"><b>{len(compiled)}</b> scene{"s" if len(compiled) != 1 else ""}</div>'
        f'<div class="stat"><b>{total_seconds}</b> seconds</div>'
        f'<div class="stat"><b class="total-cost">{money(total_cost)}</b> estimated{"" if confirmed else " (unconfirmed)"}</div>'
        f'<div class="stat {"bad" if errors else ""}"><b>{errors}</b> error{"s" if errors != 1 else ""}</div>'
        f'<div class="stat {"warn" if warnings else ""}"><b>{warnings}</b> warning{"s" if warnings != 1 else ""}</div>'
        "</section>"
    )
    scenes = "".join(
        _scene_html(c, e, d, videos.get(c.scene.id, []), page_dir, stills.get(c.scene.id), palette, script, local, followers.get(c.scene.id.lower()))
        for c, e, d in zip(compiled, estimates, per_scene, strict=True)
    )
    empty = "" if compiled else '<p class="empty">This script has no scene yet.</p>'
    script_diags = (
        f'<section class="script-diagnostics"><h2>Title page and cast</h2>{_diagnostics_html(head_diags)}</section>' if head_diags else ""
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light dark">'
        f"<title>{escape(title)} · storyboard</title><style>{STYLE}</style></head><body>"
        f'<header class="page-head"><p class="kicker">Storyboard · {escape(os.path.basename(path))}</p>'
        f"<h1>{escape(title)}</h1>"
        + (f'<dl class="meta">{metadata}</dl>' if metadata else "")
        + _settings_html(title_settings)
        + "</header>"
        + summary
        + script_diags
        + _cast_html(script, palette, local)
        + f'<main class="scenes">{scenes}{empty}</main>'
        + '<footer class="page-foot">Made by kscript. Each prompt is the text sent, with names in place of the numbers: the small @Element and @Image tags, and the request JSON, are exactly what is sent.</footer>'
        + "</body></html>\n"
    )


STYLE = """
:root{--bg:#f6f4ef;--card:#fff;--ink:#1d1c1a;--muted:#6b665e;--line:#e2ddd3;--accent:#b4441f;
--seg0:#2f5d62;--seg1:#5e8b7e;--segink:#fff;--ref-cast:#fde8c8;--ref-image:#d9ecf2;--error:#b3261e;--warn:#9a6700;
--frame:#ece7dd;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
@media (prefers-color-scheme:dark){:root{--bg:#151514;--card:#1f1f1d;--ink:#ecebe6;--muted:#a29d93;--line:#34322e;
--accent:#f08a5d;--seg0:#3f7f86;--seg1:#6fa593;--ref-cast:#5a4320;--ref-image:#1f4756;--error:#f2766d;--warn:#e2b340;--frame:#2a2926}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);line-height:1.45;padding:32px clamp(16px,4vw,56px)}
h1{font-size:2.2rem;margin:.1em 0 .3em;letter-spacing:-.01em}
h2{font-size:1.15rem;margin:0}
h3{margin:.4em 0 .1em;font-size:1rem}
.kicker{text-transform:uppercase;letter-spacing:.12em;font-size:.75rem;color:var(--muted);margin:0}
.meta{display:flex;gap:24px;flex-wrap:wrap;margin:0 0 12px}.meta div{display:flex;gap:6px}.meta dt{color:var(--muted)}.meta dd{margin:0}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.chip{background:var(--card);border:1px solid var(--line);border-radius:999px;padding:2px 10px;font-size:.82rem}
.chip b{color:var(--muted);font-weight:600;margin-right:4px}
.chip.inherited{opacity:.6;border-style:dashed}
.summary{display:flex;flex-wrap:wrap;gap:12px;margin:20px 0 28px}
.stat{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 16px;min-width:120px;color:var(--muted)}
.stat b{display:block;font-size:1.5rem;color:var(--ink)}
.stat.bad b{color:var(--error)}.stat.warn b{color:var(--warn)}
.cast-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:14px;margin:12px 0 32px}
.person{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:12px}
.person[data-cast]{border-top:5px solid var(--who)}.person .who-name{color:var(--who,var(--ink))}
.person:target,.scene:target{outline:3px solid var(--accent)}
.thumbs{display:flex;gap:6px;flex-wrap:wrap}.thumbs .frame{flex:0 0 96px}.image .thumbs .frame{flex:1 1 100%}
.description,.voice{margin:0;color:var(--muted);font-size:.88rem}
.frame{position:relative;margin:0;background:var(--frame) center/cover no-repeat;border-radius:8px;overflow:hidden;
display:flex;align-items:flex-end;justify-content:flex-start;min-height:40px;border:1px solid var(--line)}
.frame-label{font-size:.72rem;color:var(--ink);background:color-mix(in srgb,var(--card) 80%,transparent);margin:6px;
padding:1px 6px;border-radius:4px;word-break:break-word}
.scenes{display:flex;flex-direction:column;gap:22px}
.scene{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:18px 20px;break-inside:avoid}
.scene-head{display:flex;align-items:baseline;gap:12px;flex-wrap:wrap}
.scene-id{font-weight:700;color:var(--accent);font-variant-numeric:tabular-nums}
.scene-cost{margin-left:auto;color:var(--muted);font-variant-numeric:tabular-nums}
.synopsis{font-style:italic;color:var(--muted);margin:6px 0}
.scene-body.with-frames{display:grid;grid-template-columns:auto minmax(0,1fr);gap:18px;align-items:start}
.chain{display:block;margin:8px 0;font-size:.82rem;color:var(--muted);text-decoration:none;border-left:3px solid currentColor;padding-left:8px}
.chain-out{margin-top:12px}.chain:hover{color:var(--ink)}
.frames{display:flex;flex-direction:column;gap:12px;margin:12px 0}.frame-box{width:120px}.frame-title{font-size:.75rem;color:var(--muted)}
.timeline{display:flex;height:30px;border-radius:8px;overflow:hidden;margin:12px 0 8px;border:1px solid var(--line)}
.timeline{height:34px}
.seg{display:flex;align-items:center;gap:6px;padding:0 8px;color:var(--segink);font-size:.78rem;font-weight:600;
border-right:2px solid var(--card);overflow:hidden;white-space:nowrap;min-width:0}
.seg-dir{flex:1 1 auto;min-width:0;overflow:hidden;text-overflow:ellipsis;text-transform:none}
.seg-len{flex:0 0 auto;opacity:.85;font-variant-numeric:tabular-nums}
.seg:last-child{border-right:0}.seg-1{background:var(--seg0)}.seg-0{background:var(--seg1)}
.shots{margin:0;padding-left:0;list-style:none;display:flex;flex-direction:column;gap:14px}
.shot{display:grid;grid-template-columns:var(--picture,200px) minmax(0,1fr);gap:14px;align-items:start;
border-top:1px solid var(--line);padding-top:12px}
.picture{margin:0}.picture .frame{min-height:0;width:100%}
.still{display:block;width:100%;object-fit:cover;border-radius:8px;border:1px solid var(--line);background:#000}
.placeholder{background:repeating-linear-gradient(135deg,var(--frame) 0 10px,transparent 10px 20px)}
.shot-head{font-size:.82rem;color:var(--muted);display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
.shot-no{font-weight:700;color:var(--ink)}.shot-dir{font-weight:700;color:var(--accent);letter-spacing:.02em}
.shot-cast{display:flex;gap:6px;margin-left:auto}
.who-chip{font-size:.75rem;font-weight:700;text-decoration:none;color:var(--ink);border:2px solid var(--who);border-radius:999px;
padding:0 8px;background:color-mix(in srgb,var(--who) 14%,transparent)}
.screenplay{font-family:"Courier Prime","Courier New",Courier,monospace;font-size:.95rem;margin:10px 0 6px}
.speech{margin:0 0 8px}.speech p{margin:0}
.cue{margin-left:min(22%,11em)!important;font-weight:700;color:var(--who,var(--ink));letter-spacing:.04em}
.paren{margin-left:min(16%,8em)!important;color:var(--muted)}
.line{margin-left:min(10%,5em)!important;margin-right:min(10%,5em)!important}
.prompt{margin:6px 0 0;font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace;font-size:.8rem;white-space:pre-wrap;color:var(--muted)}
.ref{border-radius:4px;padding:0 3px;text-decoration:none;color:var(--ink);font-weight:600}
.ref-cast{background:color-mix(in srgb,var(--who) 16%,transparent);border-bottom:2px solid var(--who)}.ref-image{background:var(--ref-image)}
.ref-sent{font-size:.72em;font-weight:400;color:var(--muted);margin-left:3px}
.diagnostics{list-style:none;padding:0;margin:12px 0 0}
.diag{border-left:3px solid var(--warn);padding:4px 10px;margin:4px 0;font-size:.88rem}
.diag-error{border-color:var(--error)}.diag-info{border-color:var(--line)}
.diag-code{font-weight:700}.diag-error .diag-code{color:var(--error)}.diag-warning .diag-code{color:var(--warn)}
.diag-where{color:var(--muted);font-variant-numeric:tabular-nums}.diag-help{color:var(--muted)}
.badge{font-size:.75rem;border-radius:999px;padding:1px 8px}.badge-error{background:var(--error);color:#fff}
.unconfirmed{font-size:.8rem}
.videos{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px}.video{margin:0;max-width:360px}
.video video{width:100%;border-radius:8px;background:#000}.video figcaption{font-size:.78rem;color:var(--muted)}
details{margin-top:12px}summary{cursor:pointer;color:var(--muted);font-size:.85rem}
pre{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:10px;overflow:auto;font-size:.8rem}
.script-diagnostics{margin-bottom:24px}
.page-foot{margin-top:32px;color:var(--muted);font-size:.8rem}
@media print{:root{--bg:#fff;--card:#fff;--ink:#000;--muted:#444;--line:#bbb}
body{padding:0}.scene,.person{break-inside:avoid;border-color:#999}.videos,details{display:none}
.scene{break-before:page;page-break-before:always;border:0;padding:0}.scenes{display:block}
.shot{break-inside:avoid;page-break-inside:avoid}
.person[data-cast]{border-top-color:var(--who)}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.seg{-webkit-print-color-adjust:exact;print-color-adjust:exact}.ref{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""
