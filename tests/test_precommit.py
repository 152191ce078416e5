"""The pre-commit hook, run by the real `pre-commit` in a temporary git repository."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.helpers import EXAMPLES, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def readme_snippets() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


def git(*args, cwd, env):
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_hooks_stop_a_bad_script_format_a_messy_one_and_pass_a_good_one(tmp_path):
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("this tree is not a git checkout")
    # pre-commit installs the hook from a revision: make one of the tree as it is now.
    hook_repo = tmp_path / "hook-repo"
    # Without `.git`: in a git worktree it is a file pointing at the real repository, which
    # would then receive this test's commits.
    shutil.copytree(ROOT, hook_repo, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info", "build", "dist"))
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), NO_COLOR="1",
        # pip's `--no-compile` for the hook's environment (pip reads its options from PIP_*):
        # compiling the bytecode of every dependency cost 1.5 s of CPU the hooks do not need.
        PIP_COMPILE="0",
    )
    env.pop("OXEN_API_KEY", None)
    git("init", "-q", cwd=hook_repo, env=env)
    git("add", "-A", cwd=hook_repo, env=env)
    git("commit", "-qm", "snapshot", "--allow-empty", "--no-verify", cwd=hook_repo, env=env)
    rev = git("rev-parse", "HEAD", cwd=hook_repo, env=env).stdout.strip()

    work = tmp_path / "screenplays"
    work.mkdir()
    git("init", "-q", cwd=work, env=env)
    # The README's second snippet, with the two values it says how to fill in: the clone's path and its commit id.
    snippet = readme_snippets()[1]
    assert "repo: path/to/kscript" in snippet and "rev: the id `git rev-parse HEAD` printed in it" in snippet
    snippet = snippet.replace("repo: path/to/kscript", f"repo: {hook_repo}").replace("rev: the id `git rev-parse HEAD` printed in it", f"rev: {rev}")
    (work / ".pre-commit-config.yaml").write_text(snippet)
    precommit = [sys.executable, "-m", "pre_commit"]
    installed = subprocess.run([*precommit, "install"], cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert installed.returncode == 0, installed.stderr

    (work / "bad.kscript").write_text("INT. A - DAY\n\nSHOT 16s\nRain.\n")
    git("add", "-A", cwd=work, env=env)
    stopped = git("commit", "-m", "bad", cwd=work, env=env)
    assert stopped.returncode != 0
    assert "KS201" in stopped.stdout + stopped.stderr

    (work / "bad.kscript").unlink()
    shutil.copy(EXAMPLES / "the-last-tram.kscript", work / "good.kscript")
    git("add", "-A", cwd=work, env=env)
    passed = git("commit", "-m", "good", cwd=work, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "kscript lint" in passed.stdout + passed.stderr

    # kscript-fmt rewrites a messy script and stops the commit, as formatters' hooks do;
    # the rewritten file then commits.
    messy = "int. a - day   \r\n\r\n\r\nSHOT 4s\r\nRain falls.  \r\n\r\n"
    (work / "messy.kscript").write_bytes(messy.encode())
    git("add", "-A", cwd=work, env=env)
    rewritten = git("commit", "-m", "messy", cwd=work, env=env)
    assert rewritten.returncode != 0
    assert "files were modified by this hook" in rewritten.stdout + rewritten.stderr
    assert (work / "messy.kscript").read_bytes() == b"INT. A - DAY\r\n\r\nSHOT 4s\r\nRain falls.\r\n"
    git("add", "-A", cwd=work, env=env)
    formatted = git("commit", "-m", "formatted", cwd=work, env=env)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    assert "kscript fmt" in formatted.stdout + formatted.stderr

    # With `args: [--fix]` the hook writes the safe fixes; pre-commit stops the commit so they can be looked at.
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: kscript-fmt\n      - id: kscript-lint\n        args: [--fix]\n"
    )
    (work / "good.kscript").write_text(
        (EXAMPLES / "the-last-tram.kscript").read_text(encoding="utf-8").replace("SHOT 5s", "SHOT"), encoding="utf-8"
    )
    git("add", "-A", cwd=work, env=env)
    fixed = git("commit", "-m", "implicit", cwd=work, env=env)
    assert fixed.returncode != 0 and "files were modified by this hook" in fixed.stdout + fixed.stderr
    assert (work / "good.kscript").read_text(encoding="utf-8") == (EXAMPLES / "the-last-tram.kscript").read_text(encoding="utf-8")
    git("add", "-A", cwd=work, env=env)
    again = git("commit", "-m", "explicit", cwd=work, env=env)
    assert again.returncode == 0, again.stdout + again.stderr


def test_the_readmes_local_snippet_works_as_written(tmp_path):
    """A fresh repository, the README's first snippet word for word, the `kscript` command of this tree on PATH."""
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), NO_COLOR="1",
    )
    env.pop("OXEN_API_KEY", None)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    kscript = bin_dir / "kscript"
    kscript.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m kscript "$@"\n')
    kscript.chmod(0o755)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    work = tmp_path / "screenplays"
    work.mkdir()
    git("init", "-q", cwd=work, env=env)
    (work / ".pre-commit-config.yaml").write_text(readme_snippets()[0])
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert installed.returncode == 0, installed.stderr
    (work / "bad.kscript").write_text("INT. A - DAY\n\nSHOT 16s\nRain.\n")
    git("add", "-A", cwd=work, env=env)
    stopped = git("commit", "-m", "bad", cwd=work, env=env)
    assert stopped.returncode != 0
    assert "KS201" in stopped.stdout + stopped.stderr
    (work / "bad.kscript").unlink()
    shutil.copy(EXAMPLES / "the-last-tram.kscript", work / "good.kscript")
    git("add", "-A", cwd=work, env=env)
    passed = git("commit", "-m", "good", cwd=work, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "kscript lint" in passed.stdout + passed.stderr and "kscript fmt" in passed.stdout + passed.stderr
