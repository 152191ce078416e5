"""kscript's cache folder holds data, never code (kscript/core/cache.py): a planted,
corrupt or foreign cache costs time, never a verdict and never code execution."""

from __future__ import annotations

import json
import marshal
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kscript.core import cache
from kscript.language.parser import CACHED, build_tables
from tests.helpers import ROOT, run_kscript

SCRIPT = """\
Title: Cache

INT. DEPOT - NIGHT

SHOT - WIDE
A tram waits.

SHOT 20s - CLOSE
Rain.
"""
MESSY = "int. depot - night\n\n\nshot 4s  - wide\nRain.\n"


def package_copy(tmp_path: Path) -> Path:
    """A copy of the package whose grammar differs from the one its shipped tables were
    made from (a comment added): its runs compute the tables and read the cache for them."""
    root = tmp_path / "pkg"
    shutil.copytree(ROOT / "kscript", root / "kscript", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "grammar", root / "grammar")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    grammar = root / "grammar" / "kscript.lark"
    grammar.write_text(grammar.read_text(encoding="utf-8") + "// edited\n", encoding="utf-8")
    return root


def private_folder(path: Path) -> Path:
    path.mkdir(mode=0o700)
    path.chmod(0o700)
    return path


def lsp_diagnostics(work: Path, env: dict[str, str]) -> tuple[list, str]:
    """Open s.kscript in `kscript lsp` over stdio, as an editor does; its diagnostics and stderr."""
    uri = (work / "s.kscript").as_uri()
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "kscript", "version": 1, "text": SCRIPT}}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None},
        {"jsonrpc": "2.0", "method": "exit", "params": None},
    ]
    data = b"".join(b"Content-Length: %d\r\n\r\n%s" % (len(body), body) for body in (json.dumps(m).encode() for m in messages))
    full_env = {**os.environ, "NO_COLOR": "1", **env}
    proc = subprocess.run([sys.executable, "-m", "kscript", "lsp"], input=data, cwd=work, env=full_env, capture_output=True, timeout=120)
    found = []
    out = proc.stdout
    while b"\r\n\r\n" in out:
        header, _, rest = out.partition(b"\r\n\r\n")
        length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
        message = json.loads(rest[:length])
        out = rest[length:]
        if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
            found.append([(d["code"], d["range"]["start"]["line"], d["message"]) for d in message["params"]["diagnostics"]])
    assert found, proc.stderr.decode()
    return found, proc.stderr.decode()


def every_command(work: Path, package: Path, folder: Path) -> dict[str, object]:
    """What lint, fmt, compile and lsp say about the same files with `folder` as the cache."""
    env = {"PYTHONPATH": str(package), "KSCRIPT_CACHE_DIR": str(folder), "KSCRIPT_MODELS_CACHE": ""}
    (work / "s.kscript").write_text(SCRIPT)
    (work / "messy.kscript").write_text(MESSY)
    said: dict[str, object] = {}
    for name, args in {
        "lint": ["lint", "s.kscript", "messy.kscript"],
        "lint json": ["lint", "--format", "json", "s.kscript"],
        "fmt": ["fmt", "--diff", "messy.kscript"],
        "compile": ["compile", "messy.kscript"],
    }.items():
        result = run_kscript(*args, cwd=work, env=env)
        said[name] = (result.returncode, result.stdout.decode(), result.stderr.decode())
    said["lsp"] = lsp_diagnostics(work, env)[0]
    return said


def old_rule_bundle_name(package: Path) -> str:
    """The name the rule bundle had (rules-py3NN-<FNV-1a of the rules folder>.marshal) when
    kscript executed code from it: a planted one under that name must now do nothing."""
    place = 0x811C9DC5
    for byte in os.fsencode(str(package / "kscript" / "check" / "rules")):
        place = ((place ^ byte) * 0x01000193) & 0xFFFFFFFF
    return "rules-py{}{}-{:08x}.marshal".format(*sys.version_info[:2], place)


class Planted:
    """Unpickled, it runs `code`."""

    def __init__(self, code: str) -> None:
        self.code = code

    def __reduce__(self):
        return (exec, (self.code,))


def planted_files(package: Path, marker: Path) -> dict[str, bytes]:
    """Content for each cache file name that leaves `marker` if kscript executes or unpickles it:
    marshalled code (as the rule bundle was, stamped to match this package's rule files) and pickles."""
    code = compile(f"open({str(marker)!r}, 'a').write('ran\\n')", "planted", "exec")
    rules = package / "kscript" / "check" / "rules"
    stamps = sorted((p.stem, p.stat().st_size, p.stat().st_mtime_ns) for p in rules.glob("ks*.py"))
    bundle = marshal.dumps({"python": sys.version, "stamps": stamps, "code": [code] * len(stamps)})
    pickled = pickle.dumps(Planted(f"open({str(marker)!r}, 'a').write('unpickled\\n')"))
    names = [CACHED, "models.json", "tables-py{}{}.marshal".format(*sys.version_info[:2]), "parser-tables.pickle"]
    files = {name: pickled for name in names}
    files[old_rule_bundle_name(package)] = bundle
    files["tables-py{}{}.marshal".format(*sys.version_info[:2])] = bundle
    return files


def test_the_planted_files_would_leave_the_marker_if_run(tmp_path):
    """The test below means something: each planted content does leave the marker when
    executed or unpickled, as a cache that ran code would."""
    marker = tmp_path / "marker"
    for name, content in planted_files(ROOT, marker).items():
        if name.endswith(".marshal"):
            exec(marshal.loads(content)["code"][0], {})
        else:
            pickle.loads(content)
        assert marker.exists(), name
        marker.unlink()


@pytest.mark.slow
def test_a_planted_cache_runs_no_code_and_changes_no_verdict(tmp_path):
    marker = tmp_path / "marker"
    work = tmp_path / "work"
    work.mkdir()
    expected = every_command(work, ROOT, private_folder(tmp_path / "clean"))
    assert expected["lint"][0] == 1 and "KS201" in expected["lint"][1]  # the runs say something worth comparing
    copy = package_copy(tmp_path)
    planted = private_folder(tmp_path / "planted")
    run_kscript("lint", "s.kscript", cwd=work, env={"PYTHONPATH": str(copy), "KSCRIPT_CACHE_DIR": str(planted)})
    assert [p.name for p in planted.iterdir()] == [CACHED]
    # Every file the run wrote replaced, and every name a cache file has had planted.
    files = planted_files(copy, marker)
    for name, content in files.items():
        (planted / name).write_bytes(content)
    for package in (ROOT, copy):  # the shipped tables, then tables from the cache folder
        assert every_command(work, package, planted) == expected
        assert not marker.exists(), marker.read_text()


def tampered_tables(package: Path) -> bytes:
    """Well-formed tables for the package copy's grammar that read no SHOT line: used, they change the verdict."""
    tables = build_tables((package / "grammar" / "kscript.lark").read_text(encoding="utf-8"))
    tables["terminals"] = [[name, "(?!)" if name == "SHOT" else regex] for name, regex in tables["terminals"]]
    return json.dumps(tables).encode()


@pytest.mark.slow
def test_a_cache_folder_others_can_write_is_ignored_with_one_warning(tmp_path):
    package = package_copy(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    (work / "s.kscript").write_text(SCRIPT)
    (work / "t.kscript").write_text(SCRIPT)
    expected = run_kscript("lint", "s.kscript", "t.kscript", cwd=work, env={"PYTHONPATH": str(package), "KSCRIPT_CACHE_DIR": str(tmp_path / "fresh")})
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / CACHED).write_bytes(tampered_tables(package))
    shared.chmod(0o777)
    env = {"PYTHONPATH": str(package), "KSCRIPT_CACHE_DIR": str(shared)}
    result = run_kscript("lint", "s.kscript", "t.kscript", cwd=work, env=env)
    warning = f"kscript: warning: ignoring the cache folder {shared}: other users can write to it (mode 0777); "
    assert result.stderr.decode().count(warning) == 1, result.stderr.decode()
    assert result.stderr.decode().replace(result.stderr.decode().splitlines()[0] + "\n", "", 1) == expected.stderr.decode()
    assert (result.returncode, result.stdout) == (expected.returncode, expected.stdout)
    assert sorted(p.name for p in shared.iterdir()) == [CACHED] and (shared / CACHED).read_bytes() == tampered_tables(package)
    lsp, stderr = lsp_diagnostics(work, env)
    assert stderr.count(warning) == 1
    # The same file in a folder of the user's alone is the user's own: it is used. (That is
    # what makes the ignoring above a decision and not an accident.)
    shared.chmod(0o700)
    trusted = run_kscript("lint", "s.kscript", "t.kscript", cwd=work, env=env)
    assert trusted.stdout != expected.stdout and b"ignoring the cache folder" not in trusted.stderr


def test_a_link_or_a_file_of_another_user_in_the_folder_is_not_read(tmp_path, monkeypatch):
    folder = private_folder(tmp_path / "cache")
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("{}")
    (folder / "link.json").symlink_to(elsewhere)
    os.mkfifo(folder / "fifo.json")
    (folder / "mine.json").write_text("{}")
    monkeypatch.setenv("KSCRIPT_CACHE_DIR", str(folder))
    assert cache.fetch("mine.json") == b"{}"
    assert cache.fetch("link.json") is None
    assert cache.fetch("fifo.json") is None  # and no wait for a writer
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)  # as seen by someone else
    assert cache.fetch("mine.json") is None


def test_a_cache_folder_of_another_user_is_neither_read_nor_written(tmp_path, monkeypatch, capsys):
    folder = private_folder(tmp_path / "theirs")
    (folder / "models.json").write_text("{}")
    monkeypatch.setenv("KSCRIPT_CACHE_DIR", str(folder))
    monkeypatch.setattr(cache, "_warned", set())
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)
    assert cache.untrusted(str(folder)) == f"it belongs to another user (uid {real})"
    assert cache.fetch("models.json") is None
    cache.store("parser-tables.json", b"{}")
    cache.store("models.json", b"[]")
    assert sorted(p.name for p in folder.iterdir()) == ["models.json"] and (folder / "models.json").read_text() == "{}"
    err = capsys.readouterr().err
    assert err.count("kscript: warning: ignoring the cache folder") == 1 and "belongs to another user" in err


@pytest.mark.slow
def test_a_folder_of_another_user_is_ignored_by_the_command(tmp_path):
    """For real where the suite may give a folder away (as root, as in CI's containers);
    elsewhere the test above sees the folder as another user would."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    package = package_copy(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    (work / "s.kscript").write_text(SCRIPT)
    theirs = private_folder(tmp_path / "theirs")
    (theirs / CACHED).write_bytes(tampered_tables(package))
    os.chown(theirs / CACHED, 4242, 4242)
    os.chown(theirs, 4242, 4242)
    expected = run_kscript("lint", "s.kscript", cwd=work, env={"PYTHONPATH": str(package), "KSCRIPT_CACHE_DIR": str(tmp_path / "fresh")})
    result = run_kscript("lint", "s.kscript", cwd=work, env={"PYTHONPATH": str(package), "KSCRIPT_CACHE_DIR": str(theirs)})
    assert result.stdout == expected.stdout
    assert result.stderr.decode().count("belongs to another user (uid 4242)") == 1


@pytest.mark.slow
def test_an_unwritable_cache_only_costs_time(tmp_path):
    package = package_copy(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    (tmp_path / "s.kscript").write_text(SCRIPT)
    result = run_kscript("lint", "s.kscript", cwd=tmp_path, env={"PYTHONPATH": str(package), "KSCRIPT_CACHE_DIR": str(blocker / "cache")})
    assert result.returncode == 1 and "KS201" in result.stdout.decode()
    assert result.stderr.decode().startswith("Found 1 error") and "Traceback" not in result.stderr.decode()


@pytest.mark.slow
def test_kscript_makes_its_cache_folder_private(tmp_path):
    package = package_copy(tmp_path)
    (tmp_path / "s.kscript").write_text(SCRIPT)
    folder = tmp_path / "deep" / "cache"
    run_kscript("lint", "s.kscript", cwd=tmp_path, env={"PYTHONPATH": str(package), "KSCRIPT_CACHE_DIR": str(folder)})
    assert folder.stat().st_mode & 0o777 == 0o700
    assert [(p.name, p.stat().st_mode & 0o777) for p in folder.iterdir()] == [(CACHED, 0o600)]
