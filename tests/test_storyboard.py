"""`kscript storyboard`: the page's content, and what a person sees of it in headless Chromium."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, run_kscript

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="Debian's chromium is not installed (.ci/run installs it)"
)
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


class Page(HTMLParser):
    """The tags, attributes and text of a page, for assertions on its structure."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str, cls: str | None = None) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and (cls is None or cls in (a.get("class") or "").split())]

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def board(tmp_path: Path, script: Path, *args: str) -> tuple[Path, Page]:
    target = tmp_path / "board.html"
    result = run_kscript("storyboard", str(script), "-o", str(target), *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == str(target)
    return target, Page(target.read_text(encoding="utf-8"))


def test_page_shows_cast_scenes_prompts_and_costs(tmp_path: Path) -> None:
    _, page = board(tmp_path, EXAMPLES / "the-last-tram.kscript")
    words = page.words
    assert "The Last Tram" in words and "J. Rivera" in words
    # Cast sheet: each member's card with its thumbnails, description and voice.
    assert {a["id"] for a in page.all("article", "person")} == {"cast-mara", "cast-lantern", "image-depot", "image-market"}
    assert "courier, early 30s, cropped silver hair" in words and "voice: low and tired" in words
    frames = [a["style"] or "" for a in page.all("figure", "frame")]
    assert any("https://cdn.example.com/mara/side.png" in s for s in frames)
    # One card a scene, with the synopsis, the costs of LANGUAGE.md's prices, and the prompts as sent.
    assert [a["id"] for a in page.all("article", "scene")] == ["scene-1", "scene-2"]
    assert "Mara returns the lantern she should never have taken." in words
    assert "12 s · $2.69" in words and "10 s · $2.24" in words and "$4.93" in words
    links = [a["href"] for a in page.all("a", "ref")]
    assert links.count("#cast-mara") >= 4 and "#image-depot" in links and "#image-market" in links
    # The request JSON, in full, in a collapsible block.
    assert len(page.all("details")) == 2
    request = json.loads(re.search(r"<pre>(.*?)</pre>", (tmp_path / "board.html").read_text(), re.S).group(1).replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&"))
    assert request["multi_prompt"][0]["prompt"].startswith("WIDE, locked off. Rain drums on the roof of @Image1.")


def test_page_is_self_contained(tmp_path: Path) -> None:
    target, page = board(tmp_path, EXAMPLES / "the-last-tram.kscript")
    text = target.read_text()
    assert not page.all("script") and not page.all("link") and not page.all("img")
    assert "@import" not in text and "@font-face" not in text
    # Only the declared images are fetched, as CSS backgrounds (offline, each frame shows its name).
    styles = " ".join(a.get("style") or "" for _, a in page.tags)
    fetched = set(re.findall(r"url\('([^']*)'\)", styles))
    assert fetched == {
        "https://cdn.example.com/mara/front.png",
        "https://cdn.example.com/mara/side.png",
        "https://cdn.example.com/props/lantern.png",
        "https://cdn.example.com/looks/tram_depot.jpg",
        "https://cdn.example.com/looks/neon_market.jpg",
        "https://cdn.example.com/frames/s1_first.png",
    }
    assert "prefers-color-scheme:dark" in text and "@media print" in text


def test_timeline_segments_are_shares_of_the_scene(tmp_path: Path) -> None:
    _, page = board(tmp_path, EXAMPLES / "the-last-tram.kscript")
    widths = [float(re.search(r"width: ([\d.]+)%", a["style"] or "").group(1)) for a in page.all("div", "seg")]
    assert widths[:3] == pytest.approx([100 * 4 / 12, 100 * 3 / 12, 100 * 5 / 12], abs=1e-3)
    assert widths[3:] == pytest.approx([60.0, 40.0], abs=1e-3)


def test_a_script_with_errors_still_gets_a_page_showing_them(tmp_path: Path) -> None:
    script = tmp_path / "broken.kscript"
    script.write_text("Title: Broken\n\nINT. ROOM - DAY\n\nSHOT 20s - WIDE\n@Nobody waits.\n", encoding="utf-8")
    result = run_kscript("storyboard", str(script), cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    target = tmp_path / "broken.board.html"
    assert result.stdout.decode().strip() == str(target)
    assert "error" in result.stderr.decode()
    page = Page(target.read_text())
    codes = [d for d in page.words.split() if d.startswith("KS")]
    assert "KS201" in codes and "KS301" in codes
    assert page.all("span", "badge-error")


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    script = tmp_path / "x.kscript"
    script.write_text(
        "Title: <script>alert(1)</script>\n\nIMAGES\n\nshot: https://e.com/a.png');background:url('https://evil.example/x\n\n"
        "INT. ROOM - DAY\n\nSHOT 4s - WIDE\n</pre><script>alert(2)</script> @shot\n",
        encoding="utf-8",
    )
    result = run_kscript("storyboard", str(script), "-o", str(tmp_path / "b.html"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    text = (tmp_path / "b.html").read_text()
    assert "<script" not in text
    styles = [a.get("style") or "" for a in Page(text).all("figure", "frame")]
    assert any("evil.example" in s for s in styles)  # the URL is shown, percent-encoded inside one value
    assert not any("url('https://evil.example" in s for s in styles)


def test_videos_from_a_folder_are_embedded_relative_to_the_page(tmp_path: Path) -> None:
    from tests.clips import make_clip

    videos = tmp_path / "videos"
    videos.mkdir()
    make_clip(videos / "the-last-tram.1.1.mp4", 1.0)
    make_clip(videos / "the-last-tram.2.1.mp4", 1.0)
    out = tmp_path / "pages"
    out.mkdir()
    target = out / "board.html"
    result = run_kscript("storyboard", str(EXAMPLES / "the-last-tram.kscript"), "-o", str(target), "--videos", str(videos), cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    page = Page(target.read_text())
    assert [v["src"] for v in page.all("video")] == ["../videos/the-last-tram.1.1.mp4", "../videos/the-last-tram.2.1.mp4"]
    assert all("controls" in v for v in page.all("video"))


def test_videos_recorded_in_the_journal_show_their_state_and_cost(server, api_env, tmp_path: Path) -> None:
    """The journal as the real commands write it: submit --wait downloads, status --cost
    journals the charges; the page shows each video with its id, state and charge."""
    from tests.clips import make_clip

    server.video = make_clip(tmp_path / "clip.mp4", 1.0).read_bytes()
    (tmp_path / "clip.mp4").unlink()
    shutil.copy(EXAMPLES / "the-last-tram.kscript", tmp_path / "tram.kscript")
    sent = run_kscript("submit", "tram.kscript", "--yes", "--wait", "--out", "videos", cwd=tmp_path, env=api_env)
    assert sent.returncode == 0, sent.stderr.decode()
    ids = [line.split("\t")[0] for line in sent.stdout.decode().splitlines() if line.endswith("\tqueued")]
    assert len(ids) == 2
    # Before any charge is known, no cost is shown.
    result = run_kscript("storyboard", "tram.kscript", cwd=tmp_path, env=api_env)
    assert result.returncode == 0, result.stderr.decode()
    page = Page((tmp_path / "tram.board.html").read_text())
    assert [v["src"] for v in page.all("video")] == ["videos/tram.1.1.mp4", "videos/tram.2.1.mp4"]
    assert f"{ids[0]} · succeeded" in page.words and "$2.688" not in page.words
    # After submit --wait, a frame from the downloaded video for every shot.
    assert len(page.all("img", "still")) == 5
    charged = run_kscript("status", "--cost", cwd=tmp_path, env=api_env)
    assert charged.returncode == 0, charged.stderr.decode()
    # A crash tearing the last line, and a record of the wrong types: the reader plan and status use skips both.
    journal = tmp_path / ".kscript" / "generations.jsonl"
    with journal.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"v": 2, "kind": "status", "generation_id": ids[1], "status": 5, "time": 1.0}) + "\n")
        handle.write('{"v": 2, "kind": "status", "generation_id": "')
    result = run_kscript("storyboard", "tram.kscript", cwd=tmp_path, env=api_env)
    assert result.returncode == 0, result.stderr.decode()
    assert "kscript: warning: 2 unreadable records in .kscript/generations.jsonl were skipped" in result.stderr.decode()
    page = Page((tmp_path / "tram.board.html").read_text())
    assert [v["src"] for v in page.all("video")] == ["videos/tram.1.1.mp4", "videos/tram.2.1.mp4"]
    # The test server charges the profile price: 12 s and 10 s at $0.224.
    assert f"{ids[0]} · succeeded · $2.688" in page.words and f"{ids[1]} · succeeded · $2.240" in page.words
    # status reads the same journal the same way.
    shown = run_kscript("status", cwd=tmp_path).stdout.decode()
    assert f"{ids[0]:<38} succeeded" in shown and "videos/tram.1.1.mp4" in shown


def _serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# A test-only page that loads the storyboard in a frame and writes down what the browser laid
# out: the segments' rendered widths and whether each video resolved to a playable length.
HARNESS = """<!DOCTYPE html><html><body><pre id="out">pending</pre>
<iframe id="board" src="board.html" style="width:1200px;height:900px"></iframe>
<script>
const frame = document.getElementById('board');
frame.addEventListener('load', async () => {
  const doc = frame.contentDocument;
  const bars = [...doc.querySelectorAll('.timeline')].map(t => [...t.querySelectorAll('.seg')].map(s => s.getBoundingClientRect().width));
  const videos = [...doc.querySelectorAll('video')];
  await Promise.all(videos.map(v => v.readyState >= 1 ? null : new Promise(r => { v.addEventListener('loadedmetadata', r); v.addEventListener('error', r); })));
  const seen = videos.map(v => ({src: v.getAttribute('src'), ready: v.readyState, duration: v.duration, error: v.error ? v.error.code : null}));
  const cards = doc.querySelectorAll('article.scene').length;
  document.getElementById('out').textContent = JSON.stringify({bars, seen, cards, height: doc.body.scrollHeight});
});
</script></body></html>"""


@pytest.mark.browser
@needs_chromium
def test_in_a_browser_segments_have_their_shares_and_videos_play(tmp_path: Path) -> None:
    from tests.clips import make_clip

    make_clip(tmp_path / "the-last-tram.1.1.mp4", 2.0)
    make_clip(tmp_path / "the-last-tram.2.1.mp4", 1.5)
    board(tmp_path, EXAMPLES / "the-last-tram.kscript", "--videos", str(tmp_path))
    (tmp_path / "harness.html").write_text(HARNESS, encoding="utf-8")
    server, base = _serve(tmp_path)
    try:
        dom = subprocess.run(
            [CHROMIUM or "chromium", *CHROME_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000",
             "--dump-dom", f"{base}/harness.html"],
            capture_output=True, timeout=120,
        ).stdout.decode()
    finally:
        server.shutdown()
    found = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[:2000]
    data = json.loads(found.group(1).replace("&quot;", '"'))
    assert data["cards"] == 2
    first, second = data["bars"]
    assert [w / sum(first) for w in first] == pytest.approx([4 / 12, 3 / 12, 5 / 12], abs=0.01)
    assert [w / sum(second) for w in second] == pytest.approx([0.6, 0.4], abs=0.01)
    assert [v["src"] for v in data["seen"]] == ["the-last-tram.1.1.mp4", "the-last-tram.2.1.mp4"]
    assert all(v["error"] is None and v["ready"] >= 1 for v in data["seen"]), data["seen"]
    assert [v["duration"] for v in data["seen"]] == pytest.approx([2.0, 1.5], abs=0.1)


@pytest.mark.browser
@needs_chromium
def test_screenshot_renders(tmp_path: Path) -> None:
    target, _ = board(tmp_path, EXAMPLES / "the-last-tram.kscript")
    shot = tmp_path / "shot.png"
    subprocess.run(
        [CHROMIUM or "chromium", *CHROME_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
         "--window-size=1200,900", target.as_uri()],
        capture_output=True, timeout=120,
    )
    # Chromium exits 0 without a file when it cannot render: the picture itself is the proof.
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_costs_follow_each_scenes_model(tmp_path: Path) -> None:
    script = tmp_path / "models.kscript"
    script.write_text(
        "Title: Models\n\nINT. ROOM - DAY\nModel: kling-video-v2-6-pro-text-to-video\n\nSHOT 10s - WIDE\nRain on glass.\n\n"
        "INT. HALL - DAY\nModel: kling-video-o3-omni\n\nSHOT 5s - WIDE\nA door opens.\n",
        encoding="utf-8",
    )
    _, page = board(tmp_path, script)
    words = page.words
    assert "10 s · $0.70" in words  # $0.07 a second
    assert "5 s · $1.12 (unconfirmed)" in words  # omni's price is not published: the estimate says so
    assert "$1.82 estimated (unconfirmed)" in words


# A test-only page that loads the storyboard in a frame and writes down what a reader sees of the
# cast's colours, the segments' labels and each shot's picture, as the browser painted them.
READER = """<!DOCTYPE html><html><body><pre id="out">pending</pre>
<iframe id="board" src="board.html" style="width:1200px;height:900px"></iframe>
<script>
const frame = document.getElementById('board');
frame.addEventListener('load', async () => {
  const doc = frame.contentDocument;
  const win = frame.contentWindow;
  const painted = (el) => {
    const s = win.getComputedStyle(el);
    if (el.matches('.person')) return s.borderTopColor;
    if (el.matches('.ref-cast')) return s.borderBottomColor;
    if (el.matches('.who-chip')) return s.borderTopColor;
    return s.color;
  };
  const colours = [...doc.querySelectorAll('[data-cast]')].map(el => ({who: el.dataset.cast, kind: el.className, colour: painted(el)}));
  const segments = [...doc.querySelectorAll('.seg')].map(s => ({label: s.querySelector('.seg-dir').textContent,
    shown: s.querySelector('.seg-dir').getBoundingClientRect().width}));
  const stills = [...doc.querySelectorAll('img.still')];
  await Promise.all(stills.map(i => i.complete ? null : new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
  const shots = [...doc.querySelectorAll('li.shot')].map(li => {
    const img = li.querySelector('.picture img.still');
    return {id: li.id, still: img ? img.naturalWidth : 0, picture: li.querySelector('.picture').getBoundingClientRect().height};
  });
  const names = [...doc.querySelectorAll('.ref-cast')].map(a => [a.querySelector('.ref-name').textContent, a.querySelector('.ref-sent').textContent,
    parseFloat(win.getComputedStyle(a.querySelector('.ref-sent')).fontSize) < parseFloat(win.getComputedStyle(a.querySelector('.ref-name')).fontSize)]);
  const speech = [...doc.querySelectorAll('.speech')].map(d => [...d.children].map(p => p.className + ':' + p.textContent));
  document.getElementById('out').textContent = JSON.stringify({colours, segments, shots, names, speech});
});
</script></body></html>"""


def _read_in_chromium(folder: Path) -> dict:
    (folder / "reader.html").write_text(READER, encoding="utf-8")
    server, base = _serve(folder)
    try:
        dom = subprocess.run(
            [CHROMIUM or "chromium", *CHROME_FLAGS, f"--user-data-dir={folder / 'profile'}", "--virtual-time-budget=10000",
             "--dump-dom", f"{base}/reader.html"],
            capture_output=True, timeout=120,
        ).stdout.decode()
    finally:
        server.shutdown()
    found = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[:2000]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))


@pytest.mark.browser
@needs_chromium
def test_a_crew_reads_colours_labels_dialogue_and_a_picture_per_shot(tmp_path: Path) -> None:
    from tests.clips import make_clip

    # Scene 1 is 12 s written in shots of 4, 3 and 5: each shot's still comes from the middle of its
    # part of the video, which is three colours one after another here (frames 0-23, 24-41, 42-71 of 72).
    make_clip(tmp_path / "the-last-tram.1.1.mp4", 3.0, audio=False)
    make_clip(tmp_path / "the-last-tram.2.1.mp4", 2.0, audio=False, shade=90)
    board(tmp_path, EXAMPLES / "the-last-tram.kscript", "--videos", str(tmp_path))
    data = _read_in_chromium(tmp_path)
    # One colour a cast member, the same on the cast sheet, in the prompts, the shots' chips and the cues; two members, two colours.
    by_member: dict[str, set[str]] = {}
    for found in data["colours"]:
        by_member.setdefault(found["who"], set()).add(found["colour"])
    assert {who: len(c) for who, c in by_member.items()} == {"MARA": 1, "LANTERN": 1}
    assert by_member["MARA"] != by_member["LANTERN"]
    kinds = {f["kind"].split()[0] for f in data["colours"] if f["who"] == "MARA"}
    assert kinds == {"person", "ref", "who-chip", "cue"}
    # Prompts show names, the number as sent beside them in smaller type.
    assert ["Mara", "@Element1", True] in data["names"] and ["Lantern", "@Element2", True] in data["names"]
    # Each segment is labelled with its shot's direction, and the label is drawn.
    assert [s["label"] for s in data["segments"]] == [
        "WIDE, locked off", "CLOSE ON her hands, slow push-in", "MEDIUM, over the shoulder", "TRACKING alongside, handheld", "LOW ANGLE, slow crane up",
    ]
    assert all(s["shown"] > 20 for s in data["segments"])
    # Dialogue set as a screenplay: cue, parenthetical, line.
    assert data["speech"] == [["cue:MARA", "paren:(barely above the rain)", "line:You left the light on."]]
    # A picture per shot, decoded by the browser, embedded in the page.
    assert [s["id"] for s in data["shots"]] == ["shot-1-1", "shot-1-2", "shot-1-3", "shot-2-1", "shot-2-2"]
    assert all(s["still"] == 320 and s["picture"] > 50 for s in data["shots"]), data["shots"]
    text = (tmp_path / "board.html").read_text()
    stills = re.findall(r'<img class="still" src="data:image/jpeg;base64,([^"]+)"', text)
    assert len(stills) == 5 and len(set(stills)) == 5  # from the middle of each shot: five different frames


@pytest.mark.slow  # encodes and decodes a real video
def test_each_shot_picture_is_its_own_frame_of_the_video(tmp_path: Path) -> None:
    """The still of a shot is the frame at the middle of its share of the video, measured by decoding it back."""
    import base64
    import io

    import av

    from tests.clips import make_clip

    make_clip(tmp_path / "the-last-tram.1.1.mp4", 3.0, audio=False)  # 72 frames; frame n has red (n * 7) % 256
    make_clip(tmp_path / "the-last-tram.2.1.mp4", 2.0, audio=False)
    _, page = board(tmp_path, EXAMPLES / "the-last-tram.kscript", "--videos", str(tmp_path))
    reds = []
    for img in page.all("img", "still"):
        data = base64.b64decode((img["src"] or "").split(",", 1)[1])
        with av.open(io.BytesIO(data)) as container:
            frame = next(container.decode(video=0)).reformat(format="rgb24")
        plane = frame.planes[0]
        rows = bytes(plane)
        red = [b for y in range(frame.height) for b in rows[y * plane.line_size : y * plane.line_size + frame.width * 3 : 3]]
        reds.append(sum(red) / len(red))
    # Scene 1's shots span frames 0-24, 24-42, 42-72: their middles are frames 12, 33 and 57.
    assert reds[:3] == pytest.approx([(12 * 7) % 256, (33 * 7) % 256, (57 * 7) % 256], abs=6)


def test_without_videos_each_shot_shows_its_start_frame_or_its_framing(tmp_path: Path) -> None:
    target, page = board(tmp_path, EXAMPLES / "the-last-tram.kscript")
    shots = re.findall(r'<li class="shot" id="(shot-[^"]+)"><div class="picture">(.*?)</div>', target.read_text())
    assert [s[0] for s in shots] == ["shot-1-1", "shot-1-2", "shot-1-3", "shot-2-1", "shot-2-2"]
    assert "https://cdn.example.com/frames/s1_first.png" in shots[0][1]  # the scene's start frame
    assert [re.search(r'frame-label">([^<]*)<', s[1]).group(1) for s in shots[1:]] == ["CLOSE ON", "MEDIUM", "TRACKING", "LOW ANGLE"]


@pytest.mark.browser
def test_printing_gives_each_scene_a_page(tmp_path: Path) -> None:
    target, _ = board(tmp_path, EXAMPLES / "the-last-tram.kscript")
    style = re.search(r"@media print\{(.*)\}", target.read_text(), re.S).group(1)
    assert ".scene{break-before:page;page-break-before:always" in style
    if CHROMIUM is None:
        return
    pdf = tmp_path / "board.pdf"
    subprocess.run(
        [CHROMIUM, *CHROME_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", target.as_uri()],
        capture_output=True, timeout=120,
    )
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages == 3  # the title page and cast, then one page a scene


def test_directions_read_with_names_not_references(tmp_path: Path) -> None:
    script = tmp_path / "dive.kscript"
    script.write_text(
        "Title: Dive\n\nCAST\n\nISLA - diver\n  front: https://cdn.example.com/isla.png\n\n"
        "INT. BOATHOUSE - DAWN\n\nSHOT 4s - CLOSE ON @Isla, mail@@home\n@Isla waits.\n",
        encoding="utf-8",
    )
    target, page = board(tmp_path, script)
    text = target.read_text()
    assert re.findall(r'class="seg-dir">([^<]*)<', text) == ["CLOSE ON Isla, mail@home"]
    assert re.findall(r'class="shot-dir">([^<]*)<', text) == ["CLOSE ON Isla, mail@home"]
    # The prompt keeps what is sent: the name shown, its @Element1 beside it.
    assert "CLOSE ON" in page.words and "Isla @Element1" in page.words
