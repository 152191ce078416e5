"""The VS Code extension in editors/vscode: its manifest, its grammar, the grammar's tests.

The grammar tests themselves are `vscode-tmgrammar-test` files under
editors/vscode/tests/grammar; this module runs them through npx and checks
that a wrong assertion makes the run fail, so that a passing run means
something.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT

VSCODE = ROOT / "editors" / "vscode"
GRAMMAR = VSCODE / "syntaxes" / "kscript.tmLanguage.json"
GRAMMAR_TESTS = VSCODE / "tests" / "grammar"
HEADER = re.compile(r'^// SYNTAX TEST "source\.kscript"(?: "[^"]+")?$')

# The assertion forms vscode-tmgrammar-test 0.1.3 reads (dist/unit/parsing.js).
# A line it cannot read is skipped in silence, or, with two ` - ` parts, hangs it.
UP_ARROW = re.compile(r"^\s*((?:(?:\^+)\s*)+)((?:\s*\w[-\w.]*)*)(?:\s*-)?((?:\s*\w[-\w.]*)*)\s*$")
LEFT_ARROW = re.compile(r"^(\s*)<([~]*)([-]+)((?:\s*\w[-\w.]*)*)(?:\s*-)?((?:\s*\w[-\w.]*)*)\s*$")


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def manifest():
    return load(VSCODE / "package.json")


def npx() -> list[str]:
    """The command that runs vscode-tmgrammar-test, or a skip where it cannot run here."""
    installed = (VSCODE / "node_modules" / "vscode-tmgrammar-test").is_dir()
    exe = shutil.which("npx")
    if exe and installed:
        return [exe, "--no-install", "vscode-tmgrammar-test"]
    if os.environ.get("CI"):
        pytest.fail("CI must run the grammar tests: `npm ci --prefix editors/vscode` (see .ci/run) and node on PATH")
    pytest.skip("the grammar tests need node and `npm ci` in editors/vscode (CI runs them)")


def run_grammar_tests(*cases: str) -> subprocess.CompletedProcess[str]:
    command = npx() + ["-g", str(GRAMMAR.relative_to(VSCODE)), *cases]
    return subprocess.run(command, cwd=VSCODE, capture_output=True, text=True, timeout=300)


def assertion_lines(path: Path) -> list[tuple[int, str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return [(n, line[2:]) for n, line in enumerate(lines, 1) if n > 1 and line.startswith("//") and re.match(r"\s*(\^|<~*-)", line[2:])]


def scopes_in(rule) -> set[str]:
    """Every scope name the grammar can give, from `name`, `contentName` and captures."""
    found: set[str] = set()
    if isinstance(rule, dict):
        for key, value in rule.items():
            if key in ("name", "contentName") and isinstance(value, str):
                found.update(value.split())
            else:
                found |= scopes_in(value)
    elif isinstance(rule, list):
        for item in rule:
            found |= scopes_in(item)
    return found


# -- the manifest and the JSON files -------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["package.json", "package-lock.json", "language-configuration.json", "syntaxes/kscript.tmLanguage.json"]
)
def test_json_files_parse(name):
    assert isinstance(load(VSCODE / name), dict)


def test_manifest_wires_language_grammar_and_configuration_together():
    pkg = manifest()
    contributes = pkg["contributes"]
    (language,) = contributes["languages"]
    (grammar,) = contributes["grammars"]
    assert language["id"] == grammar["language"] == "kscript"
    assert sorted(language["extensions"]) == [".fountain", ".kscript"]
    assert (VSCODE / language["configuration"]).is_file()
    assert (VSCODE / grammar["path"]).resolve() == GRAMMAR.resolve()
    assert grammar["scopeName"] == load(GRAMMAR)["scopeName"] == "source.kscript"
    assert sorted(load(GRAMMAR)["fileTypes"]) == sorted(ext.lstrip(".") for ext in language["extensions"])
    assert f"onLanguage:{language['id']}" in pkg["activationEvents"]
    assert (VSCODE / pkg["main"]).is_file()
    setting = contributes["configuration"]["properties"]["kscript.path"]
    assert setting["type"] == "string" and setting["default"] == "kscript"
    assert contributes["configurationDefaults"]["[kscript]"]["editor.defaultFormatter"] == f"{pkg['publisher']}.{pkg['name']}"
    commands = {c["command"] for c in contributes["commands"]}
    assert "kscript.restartServer" in commands
    assert "kscript.restartServer" in (VSCODE / "extension.js").read_text(encoding="utf-8")


def test_manifest_dependencies_are_locked():
    pkg = manifest()
    lock = load(VSCODE / "package-lock.json")
    assert pkg["devDependencies"]["vscode-tmgrammar-test"] == "0.1.3"
    assert "vscode-languageclient" in pkg["dependencies"]
    packages = lock["packages"]
    assert packages[""]["devDependencies"] == pkg["devDependencies"]
    assert packages[""]["dependencies"] == pkg["dependencies"]
    assert packages["node_modules/vscode-tmgrammar-test"]["version"] == "0.1.3"
    assert packages["node_modules/vscode-languageclient"]["version"].startswith("9.")


def test_extension_starts_kscript_lsp_over_stdio():
    source = (VSCODE / "extension.js").read_text(encoding="utf-8")
    assert 'require("vscode-languageclient/node")' in source
    assert 'args: ["lsp"]' in source
    assert 'get("path")' in source
    # a `transport` key would make vscode-languageclient append `--stdio` to the command
    assert "transport:" not in source
    node = shutil.which("node")
    if node:
        subprocess.run([node, "--check", str(VSCODE / "extension.js")], check=True, timeout=60)


def test_language_configuration_pairs():
    config = load(VSCODE / "language-configuration.json")
    assert config["comments"]["blockComment"] == ["/*", "*/"]
    opens = {pair["open"]: pair["close"] for pair in config["autoClosingPairs"]}
    assert opens["[["] == "]]" and opens["("] == ")" and opens['"'] == '"'
    assert ["[[", "]]"] in config["brackets"]


# -- the grammar --------------------------------------------------------------------------


def generator():
    spec = importlib.util.spec_from_file_location("kscript_tm_generate", VSCODE / "syntaxes" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_grammar_json_is_what_generate_py_writes():
    assert GRAMMAR.read_text(encoding="utf-8") == generator().render(), "run python editors/vscode/syntaxes/generate.py"


def test_grammar_knows_the_settings_and_models_kscript_knows():
    from kscript.language import settings
    from kscript.models import profiles

    gen = generator()
    hint = "update the lists in editors/vscode/syntaxes/generate.py and run it"
    assert list(gen.TITLE_KEYS) == list(settings.TITLE_KEYS), hint
    assert list(gen.SCENE_KEYS) == list(settings.SCENE_KEYS), hint
    assert gen.ALIASES == settings.ALIASES, hint
    assert set(gen.SETTING_VALUES) == set(settings.SPECS), hint
    assert list(gen.MODEL_IDS) == list(profiles.IDS), hint


def test_grammar_includes_resolve():
    grammar = load(GRAMMAR)
    text = json.dumps(grammar)
    for name in re.findall(r'"include": "#([^"]+)"', text):
        assert name in grammar["repository"], name


def test_every_scope_of_the_grammar_is_asserted_somewhere():
    asserted: set[str] = set()
    for path in GRAMMAR_TESTS.glob("*.kscript"):
        for _, assertion in assertion_lines(path):
            asserted.update(re.findall(r"[\w-]+(?:\.[\w-]+)+", assertion))
    grammar = load(GRAMMAR)
    missing = sorted(scopes_in([grammar["patterns"], grammar["repository"]]) - asserted)
    assert not missing, f"no grammar test asserts these scopes: {missing}"


def test_grammar_test_files_are_well_formed():
    files = sorted(GRAMMAR_TESTS.glob("*.kscript"))
    assert len(files) >= 8
    for path in files:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert HEADER.match(first), f"{path.name}: header {first!r}"
        lines = assertion_lines(path)
        assert len(lines) >= 5, f"{path.name} asserts too little"
        for number, assertion in lines:
            pattern = UP_ARROW if assertion.lstrip().startswith("^") else LEFT_ARROW
            match = pattern.match(assertion)
            assert match is not None, f"{path.name}:{number}: vscode-tmgrammar-test cannot read {assertion!r}"
            assert (match.groups()[-2] + match.groups()[-1]).strip(), f"{path.name}:{number}: no scope"


def test_grammar_tests_pass():
    result = run_grammar_tests("tests/grammar/*.kscript")
    assert result.returncode == 0, result.stdout + result.stderr
    passed = result.stdout.count("run successfuly")
    assert passed == len(list(GRAMMAR_TESTS.glob("*.kscript"))), result.stdout


def test_a_wrong_assertion_fails_the_grammar_tests(tmp_path):
    good = (GRAMMAR_TESTS / "shots.kscript").read_text(encoding="utf-8")
    bad = good.replace("//   ^^ constant.numeric.duration.kscript", "//   ^^ keyword.control.shot.kscript", 1)
    assert bad != good
    case = tmp_path / "wrong.kscript"
    case.write_text(bad, encoding="utf-8")
    result = run_grammar_tests(str(case))
    assert result.returncode != 0
    assert "missing required scopes: keyword.control.shot.kscript" in result.stdout


# -- docs/EDITORS.md ------------------------------------------------------------------------


def fenced(markdown: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", markdown, re.S)


def test_editors_doc_snippets_are_valid_and_match_the_extension():
    import tomllib

    doc = (ROOT / "docs" / "EDITORS.md").read_text(encoding="utf-8")
    (helix,) = fenced(doc, "toml")
    config = tomllib.loads(helix)
    assert config["language-server"]["kscript"] == {"command": "kscript", "args": ["lsp"]}
    (language,) = config["language"]
    assert language["language-servers"] == ["kscript"] and language["file-types"] == ["kscript"]
    assert language["scope"] == load(GRAMMAR)["scopeName"]
    for snippet in fenced(doc, "lua"):
        if "cmd =" in snippet:
            assert 'cmd = { "kscript", "lsp" }' in snippet
            assert '"kscript.toml", "pyproject.toml", ".git"' in snippet
    (settings,) = fenced(doc, "json")
    assert "source.fixAll.kscript" in json.loads("{" + settings + "}")["[kscript]"]["editor.codeActionsOnSave"]
    pkg = manifest()
    assert f"code --install-extension {pkg['name']}-{pkg['version']}.vsix" in doc
    assert (VSCODE / ".vscode" / "launch.json").is_file() and "Run kscript extension" in doc
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/EDITORS.md)" in readme
