"""The VS Code extension in editors/vscode: its manifest, its grammar, the grammar's tests.

The grammar tests themselves are `vscode-tmgrammar-test` files under
editors/vscode/tests/grammar; this module runs them through npx and checks
that a wrong assertion makes the run fail, so that a passing run means
something.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
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


def installed() -> bool:
    return all((VSCODE / "node_modules" / name).is_dir() for name in ("vscode-tmgrammar-test", "vscode-textmate"))


@functools.lru_cache(maxsize=1)
def npm_ci() -> str | None:
    """Install the extension's locked node packages (`npm ci` in editors/vscode) when node is
    here and they are not, once: None when they are ready, else why they are not. A lock keeps
    two workers (or two runs) from installing into one folder at once."""
    if installed():
        return None
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        return "node and npm are not on PATH"
    from filelock import FileLock

    lock = Path(tempfile.gettempdir()) / f"kscript-npm-ci-{hashlib.sha256(bytes(VSCODE)).hexdigest()[:16]}.lock"
    with FileLock(str(lock), timeout=600):
        if installed():
            return None
        result = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=VSCODE, capture_output=True, text=True, timeout=600)
    if result.returncode != 0 or not installed():
        return f"`npm ci` in editors/vscode failed: {result.stderr.strip()[-1000:]}"
    return None


def npx() -> list[str]:
    """The command that runs vscode-tmgrammar-test (after `npm ci` if need be), or a skip where
    node cannot run here (a failure under CI, which must run these tests)."""
    why = npm_ci()
    exe = shutil.which("npx")
    if why is None and exe:
        return [exe, "--no-install", "vscode-tmgrammar-test"]
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the grammar tests: {why or 'npx is not on PATH'}")
    pytest.skip(f"the grammar tests need node: {why or 'npx is not on PATH'}")


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


@pytest.mark.node
def test_grammar_tests_pass():
    result = run_grammar_tests("tests/grammar/*.kscript")
    assert result.returncode == 0, result.stdout + result.stderr
    passed = result.stdout.count("run successfuly")
    assert passed == len(list(GRAMMAR_TESTS.glob("*.kscript"))), result.stdout


@pytest.mark.node
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
    extensions = sorted(ext.lstrip(".") for ext in load(VSCODE / "package.json")["contributes"]["languages"][0]["extensions"])
    assert language["language-servers"] == ["kscript"] and sorted(language["file-types"]) == extensions  # as VS Code opens them
    assert language["scope"] == load(GRAMMAR)["scopeName"]
    for snippet in fenced(doc, "lua"):
        if "vim.filetype.add" in snippet:
            assert all(f'{ext} = "kscript"' in snippet for ext in extensions)
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


# -- the grammar against kscript's own reading ------------------------------------------------

SETTING = "support.type.property-name.setting.kscript"
METADATA = "entity.other.attribute-name.metadata.kscript"
UNKNOWN_SETTING = "invalid.illegal.unknown-setting.kscript"
HEADING_SCOPE = "markup.heading.scene.kscript"
SHOT_SCOPE = "keyword.control.shot.kscript"
CUE = "entity.name.tag.character.kscript"
REFERENCE = "variable.other.reference.kscript"


def tokenize(paths: list[Path]) -> dict[str, list[list]]:
    """Each file's lines as VS Code colours them: [[start, end, scopes], ...] per line."""
    npx()  # installs the node packages, or skips (fails under CI) with the reason
    node = shutil.which("node")
    result = subprocess.run(
        [str(node), "tests/tokenize.js", *map(str, paths)], cwd=VSCODE, capture_output=True, text=True, timeout=300, check=True
    )
    return json.loads(result.stdout)


def scopes_at(tokens: list[list], lines: list[str], line: int, column: int) -> list[str]:
    """The scopes of the character at a kscript position (1-based line and column)."""
    text = lines[line - 1]
    index = len(text[: column - 1].encode("utf-16-le")) // 2  # JavaScript counts UTF-16 units
    for start, end, scopes in tokens[line - 1]:
        if start <= index < end:
            return scopes
    return []


def script_sources(tmp_path: Path) -> list[Path]:
    """The examples, and the grammar test files without their header and assertion lines."""
    paths = sorted((ROOT / "examples").glob("*.kscript"))
    for case in sorted(GRAMMAR_TESTS.glob("*.kscript")):
        lines = case.read_text(encoding="utf-8").split("\n")[1:]
        kept = [line for line in lines if not (line.startswith("//") and re.match(r"\s*(\^|<~*-)", line[2:]))]
        stripped = tmp_path / case.name
        stripped.write_text("\n".join(kept), encoding="utf-8")
        paths.append(stripped)
    return paths


def reading(text: str):
    """What kscript reads, as (line, column, scope the grammar must give there, why)."""
    import kscript
    from kscript.language.references import RESERVED, references_in

    script = kscript.parse(text).script
    expected: list[tuple[int, int, str, str]] = []

    def refs(line):
        for ref in references_in(line):
            scope = "invalid.illegal.reserved-reference.kscript" if RESERVED.match(ref.name) else REFERENCE
            expected.append((ref.span.line, ref.span.column + 1, scope, f"@{ref.name}"))

    for setting in script.title_page:
        scope = SETTING if setting.known else METADATA
        expected.append((setting.key_span.line, setting.key_span.column, scope, f"title-page key {setting.written_key}"))
    for member in script.cast:
        expected.append((member.span.line, member.span.column, "entity.name.type.cast-member.kscript", member.name))
    for image in script.images:
        expected.append((image.span.line, image.span.column, "entity.name.type.image.kscript", image.name))
    for scene in script.scenes:
        expected.append((scene.span.line, scene.span.column, HEADING_SCOPE, scene.heading))
        if scene.number_span is not None:
            number = scene.number_span
            expected.append((number.line, number.column + 1, "constant.numeric.scene-number.kscript", scene.id))
        for setting in scene.settings:
            scope = SETTING if setting.known else UNKNOWN_SETTING
            expected.append((setting.key_span.line, setting.key_span.column, scope, f"scene key {setting.written_key}"))
        for shot in scene.shots:
            expected.append((shot.span.line, shot.span.column, SHOT_SCOPE, "SHOT line"))
            if shot.duration_span is not None:
                span = shot.duration_span
                expected.append((span.line, span.column, "constant.numeric.duration.kscript", "duration"))
            if shot.direction is not None:
                refs(shot.direction)
            for paragraph in shot.paragraphs:
                # a forced cue `@Mara` is coloured as the cue it is
                for line in paragraph.lines[1:] if paragraph.kind == "dialogue" else paragraph.lines:
                    refs(line)
                if paragraph.kind == "dialogue":
                    assert paragraph.cue_span is not None
                    expected.append((paragraph.cue_span.line, paragraph.cue_span.column, CUE, f"cue {paragraph.cue}"))
                    for spoken in paragraph.spoken:
                        expected.append((spoken.line, spoken.column, "string.unquoted.dialogue.kscript", "spoken line"))
                    if paragraph.tone is not None:
                        expected.append((paragraph.tone.line, paragraph.tone.column, "markup.italic.parenthetical.kscript", "tone"))
                else:
                    first = paragraph.lines[0]
                    expected.append((first.line, first.column, "meta.paragraph.action.kscript", "action"))
    return script, expected


def random_script(rnd) -> str:
    """A well-formed script with the constructs drawn at random, for the cross-check below."""
    pick = rnd.choice
    out: list[str] = []
    if rnd.random() < 0.8:
        keys = ["Title: Night Run", "Author: R. Okafor", "Aspect: 9:16", "AUDIO: off", "Avoid: blur, [[for now]] text",
                "Style: 35mm film, near @depot", "Contact: https://example.com/me", "Resolution: 4k", "Draft date: May"]
        out += rnd.sample(keys, rnd.randint(1, len(keys)))
        if out[-1].startswith("Style"):
            out.append("  cold light, @Mara in focus")
        out.append("")
    out += ["CAST", ""]
    for name in ("MARA", "Lantern", "KIT_2"):
        out.append(pick([name, f"{name} - a description", f"{name} – en dash, [[note]] description"]))
        out.append("  front: https://cdn.example.com/front.png")
        if rnd.random() < 0.5:
            out.append("  also: https://cdn.example.com/a.png, https://cdn.example.com/b.png")
        if rnd.random() < 0.5:
            out.append("  voice: low and tired")
        out.append("")
    out += ["IMAGES", "", "depot: https://cdn.example.com/d.jpg", "market: https://cdn.example.com/m.jpg", ""]
    if rnd.random() < 0.5:
        out += [pick(["# ACT ONE", "## Part two", "= the film in a line"]), ""]
    for number in range(rnd.randint(1, 4)):
        heading = pick(["INT. DEPOT - NIGHT", "EXT. MARKET - DAY", "int. kitchen - day", "INT./EXT. CAR", "I/E TRAIN", "EST. CITY", ".FLASHBACK"])
        out.append(heading + pick(["", f" #{number + 1}#", f" #{number + 1}A#"]))
        for line in rnd.sample(["= a synopsis", "Aspect: 16:9", "Audio: on", "Style: handheld, @market", "Start frame: https://x.example/s.png", "[[kscript: ignore KS306]]"], rnd.randint(0, 3)):
            out.append(line)
        out.append("")
        for _ in range(rnd.randint(1, 3)):
            out.append(pick(["SHOT 4s - WIDE, locked off", "SHOT 3s", "SHOT - CLOSE ON @Mara", "SHOT", "Shot 5s - medium", "SHOT 2s — TRACKING past @depot"]))
            for _paragraph in range(rnd.randint(1, 3)):
                kind = rnd.random()
                if kind < 0.4:
                    out.append(pick(["@Mara walks into @depot.", "Rain drums [[loud]] on the roof.", "!MARA is shouted at.", "Mail me@x.org or @@mara.", "> The end <"]))
                    if rnd.random() < 0.5:
                        out.append(pick(["She waits, @Lantern in hand.", "The tram /* cut */ stops."]))
                elif kind < 0.8:
                    out.append(pick(["MARA", "MARA (V.O.)", "THEO (O.S.) (CONT'D)", "@Lantern", "KIT_2 ^"]))
                    if rnd.random() < 0.5:
                        out.append(pick(["(barely above the rain)", "(to @Mara)"]))
                    out.append(pick(["You left the light on.", "Tell @Mara I said so.", "(not a tone any more)"]))
                else:
                    out.append(pick(["CUT TO:", "> FADE OUT.", "/* SHOT 9s - CUT */", "/*\nSHOT 9s - INSERT\nThe lens cracks.\n*/"]))
                out.append("")
    return "\n".join(out)


@pytest.mark.node
def test_the_grammar_colours_what_kscript_reads(tmp_path):
    import random

    import kscript

    paths = script_sources(tmp_path)
    rnd = random.Random(12)
    for n in range(40):
        text = random_script(rnd)
        assert not [d for d in kscript.parse(text).diagnostics], text  # the generator writes kscript
        path = tmp_path / f"random-{n}.kscript"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    tokens = tokenize(paths)
    problems: list[str] = []
    checked = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        lines = re.split(r"\r\n|\r|\n", text)
        file_tokens = tokens[str(path)]
        script, expected = reading(text)
        for line, column, scope, what in expected:
            checked += 1
            if scope not in scopes_at(file_tokens, lines, line, column):
                problems.append(f"{path.name}:{line}:{column}: {what}: expected {scope}, got {scopes_at(file_tokens, lines, line, column)}")
        # and the other way: the grammar finds no heading, SHOT line or cue that kscript does not read
        heading_lines = {scene.span.line for scene in script.scenes}
        shot_lines = {shot.span.line for scene in script.scenes for shot in scene.shots}
        cue_lines = {
            p.cue_span.line for scene in script.scenes for shot in scene.shots for p in shot.paragraphs if p.cue_span is not None
        }
        for number, line_tokens in enumerate(file_tokens, 1):
            found = {scope for _, _, scopes in line_tokens for scope in scopes}
            for scope, lines_read in ((HEADING_SCOPE, heading_lines), (SHOT_SCOPE, shot_lines), (CUE, cue_lines)):
                if scope in found and number not in lines_read and not any(s.startswith("comment.") for s in found):
                    problems.append(f"{path.name}:{number}: the grammar gives {scope} to {lines[number - 1]!r}; kscript does not")
    assert checked > 2000
    assert not problems, "\n".join(problems)


STAND_IN_VSCODE = """
// A stand-in for the `vscode` module: the settings and workspace folders a test gives.
const folders = JSON.parse(process.env.TEST_FOLDERS || "[]").map(([name, path]) => ({ name, uri: { fsPath: path } }));
module.exports = {
  workspace: {
    getConfiguration: () => ({ get: () => process.env.TEST_KSCRIPT_PATH }),
    workspaceFolders: folders.length ? folders : undefined,
  },
  window: {},
  commands: {},
};
"""


@pytest.mark.parametrize(
    "setting,folders,expected",
    [
        ("${workspaceFolder}/.venv/bin/kscript", [["film", "/work/film"]], "/work/film/.venv/bin/kscript"),
        ("${workspaceFolder:notes}/bin/kscript", [["film", "/work/film"], ["notes", "/work/notes"]], "/work/notes/bin/kscript"),
        ("~/film/.venv/bin/kscript", [], "{home}/film/.venv/bin/kscript"),
        ("${userHome}/bin/kscript", [], "{home}/bin/kscript"),
        ("  kscript  ", [], "kscript"),
        ("", [], "kscript"),
        ("/opt/kscript/bin/kscript", [["film", "/work/film"]], "/opt/kscript/bin/kscript"),
    ],
)
def test_kscript_path_expands_as_vscode_settings_do(tmp_path, setting, folders, expected):
    """extension.js run under node with a stand-in `vscode` module: the command it would start."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("needs node")
    shutil.copy(VSCODE / "extension.js", tmp_path / "extension.js")
    (tmp_path / "node_modules" / "vscode").mkdir(parents=True)
    (tmp_path / "node_modules" / "vscode" / "index.js").write_text(STAND_IN_VSCODE)
    client = tmp_path / "node_modules" / "vscode-languageclient"
    client.mkdir()
    (client / "node.js").write_text("module.exports = { LanguageClient: class {}, RevealOutputChannelOn: { Never: 4 } };\n")
    home = tmp_path / "home"
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "TEST_KSCRIPT_PATH": setting, "TEST_FOLDERS": json.dumps(folders)}
    script = 'console.log(JSON.stringify(require("./extension.js").serverOptions()))'
    result = subprocess.run([node, "-e", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)
    assert options["command"] == expected.format(home=home)
    assert options["args"] == ["lsp"]


def test_the_manifest_has_what_vsce_package_asks_for():
    """`vsce package` warns without a repository, a licence file and an icon (checked here offline;
    `npx @vscode/vsce package` in editors/vscode then packages without those warnings)."""
    pkg = manifest()
    assert pkg["repository"]["type"] == "git" and pkg["repository"]["url"].startswith("https://")
    assert pkg["license"] == "MIT"
    assert "MIT License" in (VSCODE / "LICENSE").read_text(encoding="utf-8")
    assert (VSCODE / "LICENSE").read_text(encoding="utf-8") == (ROOT / "LICENSE").read_text(encoding="utf-8")
    icon = VSCODE / pkg["icon"]
    data = icon.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == height >= 128  # the marketplace's minimum
    ignored = (VSCODE / ".vscodeignore").read_text(encoding="utf-8").split()
    assert "tests/**" in ignored and not any(p in ignored for p in ("icon.png", "LICENSE"))
