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
