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

from kscript.compiler.scenes import CompiledScene
from kscript.core.diagnostics import Diagnostic
from kscript.film.timeline import segments
from kscript.film.videos import Video
from kscript.language.model import CastMember, Image, Script, Setting
from kscript.language.settings import parse_value

_TOKEN = re.compile(r"@(Element|Image)(\d+)(?![\w])")
_SHOWN_SETTINGS = ("model", "aspect", "audio", "style", "avoid", "output", "namespace", "generations")


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


def _frame(url: str, label: str, ratio: str) -> str:
    """An image in a frame of the right shape, its name on a tag; offline, the frame shows the name alone.

    A CSS background rather than <img>: an image that cannot load leaves no
    broken-image icon, only the frame and its name.
    """
    css = _css_url(url)
    picture = f" background-image: url('{css}');" if css else ""
    return (
        f'<figure class="frame" style="aspect-ratio: {escape(ratio)};{escape(picture)}" title="{escape(url, quote=True)}">'
        f'<span class="frame-label">{escape(label)}</span></figure>'
    )


def _prompt_html(prompt: str, scene: CompiledScene) -> str:
    """The prompt as sent, with each @Element/@Image token linked to the card it stands for."""
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
            out.append(
                f'<a class="ref ref-{kind}" href="#{escape(_anchor(kind, target.name), quote=True)}" '
                f'title="{escape(target.name, quote=True)}">{escape(match.group())}</a>'
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


def _cast_html(script: Script) -> str:
    if not script.cast and not script.images:
        return ""
    cards = []
    for member in script.cast:
        thumbs = []
        if member.front is not None:
            thumbs.append(_frame(member.front.value.strip(), f"{member.name} · front", "1"))
        for n, also in enumerate(member.also, 1):
            thumbs.append(_frame(also.value.strip(), f"{member.name} · also {n}", "1"))
        voice = f'<p class="voice">voice: {escape(member.voice)}</p>' if member.voice else ""
        cards.append(
            f'<article class="person" id="{escape(_anchor("cast", member.name), quote=True)}">'
            f'<div class="thumbs">{"".join(thumbs)}</div>'
            f"<h3>{escape(member.name)}</h3>"
            f'<p class="description">{escape(member.description)}</p>{voice}</article>'
        )
    for image in script.images:
        cards.append(
            f'<article class="person image" id="{escape(_anchor("image", image.name), quote=True)}">'
            f'<div class="thumbs">{_frame(image.url.strip(), image.name, "16 / 9")}</div>'
            f"<h3>{escape(image.name)}</h3><p class=\"description\">image</p></article>"
        )
    return f'<section class="cast"><h2>Cast and images</h2><div class="cast-grid">{"".join(cards)}</div></section>'


def _video_html(video: Video, page_dir: Path) -> str:
    relative = os.path.relpath(video.path, page_dir).replace(os.sep, "/")
    parts = [p for p in (video.generation_id, video.state, f"${video.cost}" if video.cost else None) if p]
    caption = " · ".join(parts) or video.path.name
    if video.draft:  # a preview on the text model: never to be mistaken for the scene itself
        caption = f"draft · {caption}"
    return (
        f'<figure class="video{" draft" if video.draft else ""}"><video controls preload="metadata" src="{escape(relative, quote=True)}"></video>'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _scene_html(
    scene: CompiledScene, est: Estimate, found: list[Diagnostic], videos: list[Video], page_dir: Path
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
            frames.append(f'<div class="frame-box"><div class="frame-title">{label}</div>{_frame(setting.value.strip(), label, ratio)}</div>')
    bar = "".join(
        f'<div class="seg seg-{seg.index % 2}" style="width: {seg.share * 100:.4f}%" title="shot {seg.index}: {seg.seconds} s">'
        f"{seg.seconds}s</div>"
        for seg in segments(scene)
    )
    shots = "".join(
        f'<li class="shot"><div class="shot-head"><span class="shot-no">Shot {n}</span> '
        f'<span class="shot-len">{shot.duration} s</span></div>'
        f'<p class="prompt">{_prompt_html(shot.prompt, scene)}</p></li>'
        for n, shot in enumerate(scene.shots, 1)
    )
    unconfirmed = "" if est.confirmed else ' <span class="unconfirmed" title="the model\'s price is not published, or the input video\'s length is assumed">(unconfirmed)</span>'
    generations = f" × {est.generations} generations" if est.generations > 1 else ""
    request = escape(json.dumps(scene.request, ensure_ascii=False, indent=2))
    video_block = "".join(_video_html(v, page_dir) for v in videos)
    errors = sum(1 for d in found if d.severity == "error")
    flag = f' <span class="badge badge-error">{errors} error{"s" if errors != 1 else ""}</span>' if errors else ""
    return (
        f'<article class="scene" id="scene-{escape(s.id, quote=True)}">'
        f'<header class="scene-head"><span class="scene-id">{escape(s.id)}</span>'
        f"<h2>{escape(s.heading)}</h2>{flag}"
        f'<span class="scene-cost">{est.seconds} s{generations} · {money(est.cost)}{unconfirmed}</span></header>'
        + (f'<p class="synopsis">{escape(synopsis)}</p>' if synopsis else "")
        + _settings_html(scene.effective, {id(x) for x in s.settings})
        + f'<div class="scene-body{" with-frames" if frames else ""}">'
        + (f'<div class="frames">{"".join(frames)}</div>' if frames else "")
        + f'<div class="shot-column"><div class="timeline" role="img" aria-label="shot durations">{bar}</div>'
        + f'<ol class="shots">{shots}</ol></div></div>'
        + _diagnostics_html(found)
        + (f'<div class="videos">{video_block}</div>' if video_block else "")
        + f"<details><summary>Request JSON</summary><pre>{request}</pre></details>"
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
) -> str:
    title = _title(script, path)
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
        _scene_html(c, e, d, videos.get(c.scene.id, []), page_dir) for c, e, d in zip(compiled, estimates, per_scene, strict=True)
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
        + _cast_html(script)
        + f'<main class="scenes">{scenes}{empty}</main>'
        + '<footer class="page-foot">Made by kscript. Prompts are shown exactly as they are sent.</footer>'
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
.frames{display:flex;flex-direction:column;gap:12px;margin:12px 0}.frame-box{width:120px}.frame-title{font-size:.75rem;color:var(--muted)}
.timeline{display:flex;height:30px;border-radius:8px;overflow:hidden;margin:12px 0 8px;border:1px solid var(--line)}
.seg{display:flex;align-items:center;justify-content:center;color:var(--segink);font-size:.8rem;font-weight:600;
border-right:2px solid var(--card);overflow:hidden;white-space:nowrap}
.seg:last-child{border-right:0}.seg-1{background:var(--seg0)}.seg-0{background:var(--seg1)}
.shots{margin:0;padding-left:0;list-style:none;display:flex;flex-direction:column;gap:8px}
.shot{border-left:3px solid var(--line);padding-left:10px}
.shot-head{font-size:.8rem;color:var(--muted)}.shot-no{font-weight:700;color:var(--ink)}
.prompt{margin:2px 0 0;font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace;font-size:.86rem;white-space:pre-wrap}
.ref{border-radius:4px;padding:0 3px;text-decoration:none;color:inherit;font-weight:600}
.ref-cast{background:var(--ref-cast)}.ref-image{background:var(--ref-image)}
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
.seg{-webkit-print-color-adjust:exact;print-color-adjust:exact}.ref{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""
