"""Local files in a script: lint reads them offline, compile gives them deterministic addresses."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest

from tests.clips import make_clip
from tests.helpers import run_kscript

SCRIPT = """\
Title: Chain

CAST

MARA - courier
  front: {front}

IMAGES

depot: {depot}

INT. DEPOT - NIGHT #1#

SHOT 4s - WIDE
@Mara walks through @depot.

INT. TRAM - NIGHT #2#
Start frame: {start}

SHOT 4s - WIDE
@Mara sits down.
"""


def png(path: Path, size: tuple[int, int] = (640, 480), colour: tuple[int, int, int] = (200, 10, 10), fmt: str = "PNG") -> Path:
    from PIL import Image

    Image.new("RGB", size, colour).save(path, format=fmt)
    return path


def folder(tmp_path: Path, repo: str | None = "me/film-assets", **values: str) -> Path:
    png(tmp_path / "mara.png")
    png(tmp_path / "depot.png", (800, 600), (10, 200, 10))
    fields = {"front": "mara.png", "depot": "depot.png", "start": "https://cdn.example.com/first.png", **values}
    (tmp_path / "film.kscript").write_text(SCRIPT.format(**fields))
    if repo:
        (tmp_path / "kscript.toml").write_text(f'assets-repo = "{repo}"\n')
    return tmp_path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_compile_gives_each_local_file_its_address_without_network(tmp_path):
    where = folder(tmp_path)
    proc = run_kscript("compile", "film.kscript", cwd=where, env={"KSCRIPT_BASE_URL": "http://127.0.0.1:9"})
    assert proc.returncode == 0, proc.stderr.decode()
    first, second = json.loads(proc.stdout)
    base = "http://127.0.0.1:9/api/repos/me/film-assets/file/main/kscript"
    assert first["elements"] == [{"frontal_image_url": f"{base}/{sha(where / 'mara.png')[:16]}/mara.png"}]
    assert first["input_image"] == [f"{base}/{sha(where / 'depot.png')[:16]}/depot.png"]
    assert second["start_image_url"] == "https://cdn.example.com/first.png"
    again = run_kscript("compile", "film.kscript", cwd=where, env={"KSCRIPT_BASE_URL": "http://127.0.0.1:9"})
    assert again.stdout == proc.stdout  # the same request every time: a function of the bytes


def test_paths_are_relative_to_the_scripts_folder(tmp_path):
    (tmp_path / "film").mkdir()
    folder(tmp_path / "film", repo=None)
    (tmp_path / "kscript.toml").write_text('assets-repo = "me/film-assets"\n')
    proc = run_kscript("compile", "film/film.kscript", "--scene", "1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert f"/{sha(tmp_path / 'film' / 'mara.png')[:16]}/mara.png" in proc.stdout.decode()


def test_without_assets_repo_compile_names_the_setting(tmp_path):
    where = folder(tmp_path, repo=None)
    proc = run_kscript("compile", "film.kscript", cwd=where)
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "error[KS312]" in err and "assets-repo" in err and 'add `assets-repo = "namespace/name"`' in err
    assert proc.stdout == b""


@pytest.mark.parametrize(
    "make,says",
    [
        (lambda p: None, "`mara.png`, does not exist (looked for `mara.png`: a path is relative to the script's folder)"),
        (lambda p: p.write_bytes(b"just text, not a picture"), "`mara.png`, is not an image (its bytes begin as no JPEG, PNG, GIF or WebP does)"),
        (lambda p: png(p, (200, 200)), "`mara.png`, is 200x200 px; an image's shorter side must be at least 300 px"),
        (lambda p: png(p, (1600, 400)), "has an aspect ratio of 4.00:1 (1600x400); it must be between 1:2.5 and 2.5:1"),
        (lambda p: png(p, fmt="GIF"), "`mara.png`, is a GIF image; `kling-video-o3-pro-reference-to-video` takes JPEG or PNG images here"),
        (lambda p: p.mkdir(), "`mara.png`, is a folder, not a file"),
    ],
    ids=["missing", "not-an-image", "too-small", "too-wide", "gif", "folder"],
)
def test_a_bad_local_image_is_an_error_at_the_line_that_names_it(tmp_path, make, says):
    where = folder(tmp_path)
    (where / "mara.png").unlink()
    make(where / "mara.png")
    proc = run_kscript("lint", "film.kscript", cwd=where)
    out = proc.stdout.decode()
    assert proc.returncode == 1, out
    assert "film.kscript:6:10: error[KS313] the front image of MARA" in out and says in out, out


def test_the_type_comes_from_the_bytes_not_the_name(tmp_path):
    where = folder(tmp_path, front="mara.jpeg")
    png(where / "mara.jpeg")  # a PNG under a JPEG name: taken, it is a PNG
    assert run_kscript("lint", "film.kscript", cwd=where).returncode == 0


def test_a_missing_host_like_path_offers_https(tmp_path):
    where = folder(tmp_path, depot="cdn.example.com/depot.jpg")
    proc = run_kscript("lint", "film.kscript", cwd=where)
    out = proc.stdout.decode()
    assert "error[KS313] image `depot`, `cdn.example.com/depot.jpg`, does not exist" in out
    assert "if it is a web address, write `https://cdn.example.com/depot.jpg`" in out
    fixed = run_kscript("lint", "--fix", "--unsafe-fixes", "film.kscript", cwd=where)
    assert "depot: https://cdn.example.com/depot.jpg" in (where / "film.kscript").read_text(), fixed.stdout.decode()


def test_videos_are_checked_against_the_models_limits(tmp_path):
    make_clip(tmp_path / "short.mp4", 1.0, size=(320, 240), audio=False)
    (tmp_path / "kscript.toml").write_text('assets-repo = "me/film-assets"\n')
    (tmp_path / "edit.kscript").write_text(
        "Model: kling-video-o3-pro-video-to-video-edit\n\nINT. DEPOT - NIGHT\nVideo: short.mp4\n\nSHOT - WIDE\nMake it rain.\n"
    )
    proc = run_kscript("lint", "edit.kscript", cwd=tmp_path)
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert "edit.kscript:4:8: error[KS313] the video of scene 1, `short.mp4`, lasts 1.0 s;" in out
    assert "takes videos of 3 to 15 s" in out and "is 320x240 px;" in out and "sides are 720 to 3840 px" in out
    png(tmp_path / "still.png")
    (tmp_path / "edit.kscript").write_text((tmp_path / "edit.kscript").read_text().replace("short.mp4", "still.png"))
    out = run_kscript("lint", "edit.kscript", cwd=tmp_path).stdout.decode()
    assert "`still.png`, is an image; `kling-video-o3-pro-video-to-video-edit` takes MP4 or MOV videos here" in out


def test_a_chain_lints_clean_and_compile_names_the_scene_it_waits_for(tmp_path):
    where = folder(tmp_path, start="LAST FRAME OF SCENE 1")
    assert run_kscript("lint", "film.kscript", cwd=where).returncode == 0
    proc = run_kscript("compile", "film.kscript", cwd=where)
    assert proc.returncode == 1 and proc.stdout == b""
    assert "scene 2 starts from the last frame of scene 1, which has no downloaded video yet" in proc.stderr.decode()
    alone = run_kscript("compile", "film.kscript", "--scene", "1", cwd=where)
    assert alone.returncode == 0, alone.stderr.decode()


@pytest.mark.parametrize(
    "start,code,says",
    [
        ("last frame of scene 9", "KS107", "scene 2 starts from the last frame of scene 9, and the script has no scene 9"),
        ("last frame of scene 2", "KS108", "scene 2 waits for its own last frame: scene 2 -> scene 2"),
    ],
)
def test_chain_errors(tmp_path, start, code, says):
    where = folder(tmp_path, start=start)
    out = run_kscript("lint", "film.kscript", cwd=where).stdout.decode()
    assert f"film.kscript:18:14: error[{code}] {says}" in out, out


def test_a_chain_on_a_model_without_a_start_frame_is_ks701(tmp_path):
    where = folder(tmp_path, start="last frame of scene 1")
    text = (where / "film.kscript").read_text().replace("INT. TRAM - NIGHT #2#\n", "INT. TRAM - NIGHT #2#\nModel: kling-video-v2-6-pro-text-to-video\n")
    (where / "film.kscript").write_text(text.replace("@Mara sits down.", "She sits down."))
    out = run_kscript("lint", "film.kscript", cwd=where).stdout.decode()
    assert "error[KS701]" in out and "Start frame" in out


def test_a_script_of_urls_reads_no_file_and_imports_no_pillow(tmp_path):
    (tmp_path / "a.kscript").write_text(SCRIPT.format(front="https://a.example/m.png", depot="https://a.example/d.png", start="https://a.example/s.png"))
    code = (
        "import sys\nfrom kscript.check import config\nfrom kscript.check.runner import lint_path\n"
        "result = lint_path('a.kscript', config.load())\n"
        "print(len(result.diagnostics), result.assets, 'PIL' in sys.modules, 'av' in sys.modules)\n"
    )
    import subprocess
    import sys

    from tests.helpers import ROOT

    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert proc.stdout.decode().strip() == "0 None False False", proc.stderr.decode()


def test_lint_of_a_changed_file_sees_the_change(tmp_path):
    where = folder(tmp_path)
    assert run_kscript("lint", "film.kscript", cwd=where).returncode == 0
    time.sleep(0.01)
    png(where / "mara.png", (100, 100))
    assert run_kscript("lint", "film.kscript", cwd=where).returncode == 1


def test_a_chain_alone_needs_the_assets_repo_too(tmp_path):
    where = folder(tmp_path, repo=None, front="https://a.example/m.png", depot="https://a.example/d.png", start="last frame of scene 1")
    out = run_kscript("lint", "film.kscript", cwd=where).stdout.decode()
    assert "film.kscript:18:14: error[KS312] the script names 1 start frame taken from another scene's last frame: they are uploaded" in out


def test_hostile_files_are_diagnostics_not_tracebacks(tmp_path):
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    where = folder(tmp_path)
    (where / "trunc.png").write_bytes((where / "mara.png").read_bytes()[:40])
    (where / "cut.png").write_bytes((where / "mara.png").read_bytes()[:-30])  # its header whole, its data cut short
    # A header that claims 100000 x 100000 pixels: read no further than the header.
    (where / "bomb.png").write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)) + chunk(b"IEND", b""))
    (where / "garbage.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(200))
    (where / "hostile.kscript").write_text(
        "Model: kling-video-o3-pro-video-to-video-edit\n\nCAST\n\nMARA - courier\n  front: trunc.png\n  also: bomb.png, cut.png\n\n"
        "INT. DEPOT - NIGHT\nVideo: garbage.mp4\n\nSHOT - WIDE\n@Mara waits.\n"
    )
    proc = run_kscript("lint", "hostile.kscript", cwd=where, timeout=60)
    out = proc.stdout.decode()
    assert proc.returncode == 1 and "Traceback" not in out + proc.stderr.decode()
    assert "hostile.kscript:6:10: error[KS313] the front image of MARA, `trunc.png`, is not a readable PNG file" in out
    assert "hostile.kscript:7:9: error[KS313] an `also` image of MARA, `bomb.png`, is not a readable PNG file" in out
    assert "hostile.kscript:7:19: error[KS313] an `also` image of MARA, `cut.png`, is not a readable PNG file (Truncated File Read)" in out
    assert "hostile.kscript:10:8: error[KS313] the video of scene 1, `garbage.mp4`, is not a readable MP4 file" in out
