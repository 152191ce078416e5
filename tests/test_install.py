"""Install as a user does: `pip install .` into a new virtual environment, then compile
an example from another folder (the grammar and schemas must travel in the package)."""

import json
import os
import shutil
import subprocess
import sys
import venv

import pytest

from tests.helpers import EXAMPLES, ROOT


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to copy the tree")
def test_pip_install_into_a_fresh_venv(tmp_path):
    env_dir = tmp_path / "venv"
    # The running pip installs into the new environment (`pip --python`), which spares
    # ensurepip's install of a pip of its own there (3 s of CPU); `--no-compile` spares compiling
    # every dependency's bytecode (2 s), which the commands below do not need.
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # Build from a copy, so nothing the build writes lands in the checkout.
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info", "build", "dist"))
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    install = subprocess.run([*pip, "install", "--quiet", "--no-compile", str(src)], capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(EXAMPLES / "dialogue.kscript", elsewhere / "scene.kscript")
    kscript = env_dir / "bin" / "kscript"
    cache = tmp_path / "cache"
    env = {**os.environ, "KSCRIPT_CACHE_DIR": str(cache)}
    result = subprocess.run([str(kscript), "compile", "scene.kscript"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    expected = json.loads((ROOT / "tests" / "golden" / "dialogue.json").read_text())
    assert json.loads(result.stdout) == expected
    schema = subprocess.run([str(kscript), "schema", "queue-request"], cwd=elsewhere, capture_output=True, text=True, timeout=60)
    assert schema.returncode == 0 and json.loads(schema.stdout)["type"] == "object"
    # The installed package carries its own grammar, not the checkout's.
    where = subprocess.run([str(python), "-c", "from kscript.core.resources import grammar_path; print(grammar_path())"], cwd=elsewhere, capture_output=True, text=True)
    assert str(env_dir) in where.stdout
    # And its parser tables: a first run computes nothing and writes no cache.
    assert not cache.exists()
    tables = subprocess.run([str(python), "-c", "from kscript.language.parser import SHIPPED; print(SHIPPED)"], cwd=elsewhere, capture_output=True, text=True)
    assert tables.stdout.strip().startswith(str(env_dir)) and os.path.isfile(tables.stdout.strip())
    assert sys.version_info >= (3, 11)
