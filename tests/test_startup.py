"""What start-up loads is deterministic, so it is tested (timings are not: see benchmarks/run.py)."""

import json
import os
import subprocess
import sys

from tests.helpers import EXAMPLES, ROOT

# Run kscript's own entry point and report, at exit, every module it added to
# what the interpreter had already loaded when it started.
# lint, fmt and compile leave through os._exit (no atexit handlers run): the probe reports there too.
PROBE = """
import atexit, json, os, sys
before = set(sys.modules)
report = lambda: print("MODULES" + json.dumps(sorted(set(sys.modules) - before)), file=sys.stderr, flush=True)
atexit.register(report)
real_exit = os._exit
os._exit = lambda status: (report(), real_exit(status))
sys.argv = ["kscript"] + sys.argv[1:]
from kscript.cli.main import main
main()
"""


def loaded(*args: str, cache) -> set[str]:
    env = {**os.environ, "KSCRIPT_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("OXEN_API_KEY", None)
    command = [sys.executable, "-c", PROBE, *args]
    # One run with an empty cache folder: the package ships the parser tables, so not even a first run needs Lark.
    proc = subprocess.run(command, env=env, capture_output=True, text=True)
    line = next(x for x in proc.stderr.splitlines() if x.startswith("MODULES"))
    return {name.split(".")[0] for name in json.loads(line[len("MODULES") :])}


def test_lint_loads_neither_lark_nor_any_api_or_payload_module(tmp_path):
    modules = loaded("lint", str(EXAMPLES / "heist.kscript"), cache=tmp_path)
    assert "kscript" in modules and "click" in modules  # the probe works
    assert modules.isdisjoint({"lark", "httpx", "jsonschema", "ruamel", "urllib", "pygls", "lsprotocol"})


def test_compile_loads_no_api_or_schema_module(tmp_path):
    modules = loaded("compile", str(EXAMPLES / "heist.kscript"), cache=tmp_path)
    assert modules.isdisjoint({"lark", "httpx", "jsonschema", "ruamel", "pygls", "lsprotocol"})


def test_payload_lint_loads_jsonschema_but_not_httpx(tmp_path):
    payload = tmp_path / "p.json"
    payload.write_text('{"model": "kling-video-o3-pro-reference-to-video", "prompt": "x", "duration": 4}')
    modules = loaded("lint", str(payload), cache=tmp_path)
    assert "jsonschema" in modules
    assert modules.isdisjoint({"httpx", "ruamel"})  # a clean JSON file needs no positions
