"""The rule modules' compiled code kept in one cached file (kscript/check/rules:
the bundle): used only while it matches the files, never a reason to fail."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.helpers import ROOT, run_kscript

SCRIPT = """\
Title: Bundle

INT. DEPOT - NIGHT

SHOT - WIDE
A tram waits.
"""


def _package_copy(tmp_path: Path) -> Path:
    """A copy of the package whose rule files a test may edit."""
    root = tmp_path / "pkg"
    shutil.copytree(ROOT / "kscript", root / "kscript", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "grammar", root / "grammar")
    return root


def _lint(tmp_path: Path, package: Path, cache: Path):
    (tmp_path / "s.kscript").write_text(SCRIPT)
    return run_kscript("lint", "s.kscript", cwd=tmp_path, env={"PYTHONPATH": str(package), "KSCRIPT_CACHE_DIR": str(cache)})


def test_a_run_writes_the_bundle_and_the_next_run_gives_the_same_findings(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _lint(tmp_path, ROOT, cache)
    bundles = [p.name for p in cache.iterdir() if p.name.startswith("rules-")]
    assert len(bundles) == 1 and bundles[0].endswith(".marshal")
    second = _lint(tmp_path, ROOT, cache)
    assert first.returncode == second.returncode == 0  # KS204 is an info
    assert "KS204" in first.stdout.decode()
    assert second.stdout == first.stdout


def test_an_edited_rule_file_is_imported_again_not_taken_from_a_stale_bundle(tmp_path: Path) -> None:
    package = _package_copy(tmp_path)
    cache = tmp_path / "cache"
    before = _lint(tmp_path, package, cache).stdout.decode()
    assert "so it lasts the API's default" in before
    rule = package / "kscript" / "check" / "rules" / "ks204_default_duration.py"
    text = rule.read_text()
    assert text.count("so it lasts the API's default") == 1
    rule.write_text(text.replace("so it lasts the API's default", "so it runs for the API's default"))
    stat = rule.stat()
    os.utime(rule, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    after = _lint(tmp_path, package, cache).stdout.decode()
    assert "so it runs for the API's default" in after


def test_a_corrupt_or_foreign_bundle_is_ignored_and_written_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    good = _lint(tmp_path, ROOT, cache)
    bundle = next(p for p in cache.iterdir() if p.name.startswith("rules-"))
    for junk in (b"", b"\x00garbage", bundle.read_bytes()[:100]):
        bundle.write_bytes(junk)
        result = _lint(tmp_path, ROOT, cache)
        assert result.stdout == good.stdout
        assert result.stderr == good.stderr
        assert bundle.read_bytes() not in (b"", b"\x00garbage") and len(bundle.read_bytes()) > 100


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    result = _lint(tmp_path, ROOT, blocker / "cache")
    assert result.returncode == 0
    assert "KS204" in result.stdout.decode()
    assert "Traceback" not in result.stderr.decode()


def test_two_copies_of_kscript_keep_a_bundle_each(tmp_path: Path) -> None:
    """A virtualenv's kscript and pre-commit's share the cache folder: they must not
    take turns invalidating one bundle."""
    cache = tmp_path / "cache"
    _lint(tmp_path, ROOT, cache)
    copy = _package_copy(tmp_path)
    _lint(tmp_path, copy, cache)
    bundles = sorted(p.name for p in cache.iterdir() if p.name.startswith("rules-"))
    assert len(bundles) == 2
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir() if p.name.startswith("rules-")}
    _lint(tmp_path, ROOT, cache)
    _lint(tmp_path, copy, cache)
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir() if p.name.startswith("rules-")} == stamps  # neither rewritten
