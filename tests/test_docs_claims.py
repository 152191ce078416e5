"""The docs say what the code does: commands, options, rule codes, links, environment variables.

Each test reads README.md and docs/*.md as a newcomer would, and checks what
they name against the real thing: the click commands, the rule registry, the
files and headings they link to, the variables the code reads.
"""

from __future__ import annotations

import os
import re

import click
import pytest

from kscript.check.rules import registry
from kscript.cli.main import COMMANDS, cli
from tests.helpers import EXAMPLES, ROOT, run_kscript

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "editors" / "vscode" / "README.md"]
CLI_MD = (ROOT / "docs" / "CLI.md").read_text(encoding="utf-8")
# Options every command takes, or the group takes before the command (`kscript --debug lint`).
EVERYWHERE = {"-h", "--help", "--version", "--debug"}
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
SHELL = {"", "sh", "bash", "console", "shell"}


def text_of(path) -> str:
    return path.read_text(encoding="utf-8")


def command(name: str) -> click.Command:
    with click.Context(cli) as ctx:
        found = cli.get_command(ctx, name)
    assert found is not None, name
    return found


def options_of(name: str) -> set[str]:
    return {opt for p in command(name).params if isinstance(p, click.Option) for opt in (*p.opts, *p.secondary_opts)}


def shell_texts(text: str) -> list[str]:
    """The places a doc shows a command: inline code, and the lines of shell blocks."""
    places = []
    for lang, body in FENCE.findall(text):
        if lang in SHELL:
            places += body.splitlines()
    prose = FENCE.sub("", text)
    places += re.findall(r"(?<!`)`([^`\n]+)`(?!`)", prose)
    return places


def invocations(text: str) -> list[tuple[str, list[str]]]:
    """Every `kscript COMMAND ...` a doc shows, with the options written after it."""
    found = []
    for place in shell_texts(text):
        for match in re.finditer(r"(?<![\w.\-/])kscript (\w+)([^|>;&#]*)", place):
            name, rest = match.groups()
            if name in COMMANDS:
                found.append((name, re.findall(r"(?:^|[\s\[(])(--?[A-Za-z][\w-]*)", rest)))
    return found


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_option_a_doc_writes_after_a_command_is_one_it_takes(doc):
    wrong = [
        f"kscript {name} {opt}"
        for name, opts in invocations(text_of(doc))
        for opt in opts
        if opt not in options_of(name) | EVERYWHERE
    ]
    assert not wrong, f"{doc.name} shows options these commands do not take: {wrong}"


# Options of other programs that the docs show: the benchmark script, VS Code, vsce, Helix.
FOREIGN = {"--hostile", "--lsp", "--extensionDevelopmentPath", "--install-extension", "--allow-missing-repository", "--skip-license", "--health"}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_option_a_doc_names_is_one_kscript_has(doc):
    # Prose names options on their own (`--yes`, `--unsafe-fixes`): an option that is gone is caught here.
    known = set().union(*(options_of(name) for name in COMMANDS)) | EVERYWHERE | FOREIGN
    named = {opt for place in shell_texts(text_of(doc)) for opt in re.findall(r"(?<![\w-])(--[a-z][\w-]*)", place)}
    assert not named - known, f"{doc.name} names options no command has: {sorted(named - known)}"


def test_the_docs_show_commands_at_all():
    # The parsing above must find what is there, or the test before it proves nothing.
    shown = invocations(text_of(ROOT / "README.md"))
    assert ("lint", ["--format"]) in shown and ("submit", ["--wait", "--out"]) in shown
    assert ("status", ["--queue"]) in invocations(CLI_MD) and ("models", ["--check"]) in invocations(CLI_MD)


def test_the_commands_table_lists_every_command_and_no_other():
    table = CLI_MD.split("## Commands", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `kscript (\w+)", table, re.M)
    assert sorted(listed) == sorted(COMMANDS)


def test_the_commands_table_shows_each_commands_arguments_as_it_takes_them():
    # `kscript lint [PATH...]`: brackets for an optional argument, `...` for any number of them.
    table = CLI_MD.split("## Commands", 1)[1].split("\n## ", 1)[0]
    for name, usage in re.findall(r"^\| `kscript (\w+)([^`]*)`", table, re.M):
        words = usage.split()
        arguments = [w for i, w in enumerate(words) if not w.startswith("-") and not (i and words[i - 1].startswith("-"))]
        shown = [(not w.startswith("["), w.rstrip("]").endswith("...")) for w in arguments]
        takes = [(a.required, a.nargs == -1) for a in command(name).params if isinstance(a, click.Argument)]
        assert shown == takes, f"docs/CLI.md shows `kscript {name}{usage}`"


def sections_about(name: str) -> str:
    """The parts of CLI.md whose heading names the command (a `##` section with its `###` ones)."""
    parts, keep_level = [], None
    for block in re.split(r"(?m)^(?=#{2,3} )", CLI_MD):
        heading = block.split("\n", 1)[0]
        level = len(heading) - len(heading.lstrip("#"))
        if level == 2:
            keep_level = None
        names = re.findall(r"[a-z]+", heading.lower())
        if name in names or (keep_level is not None and level > keep_level):
            parts.append(block)
            if level == 2 and name in names:
                keep_level = 2
    return "\n".join(parts)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_of_a_command_is_documented_in_its_section_of_cli_md(name):
    text = sections_about(name)
    assert text, f"docs/CLI.md has no section whose heading names `{name}`"
    missing = sorted(
        p.opts[0] if not p.opts[0].startswith("-") or p.opts[0].startswith("--") else max(p.opts, key=len)
        for p in command(name).params
        if isinstance(p, click.Option) and not p.hidden
        and not any(re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", text) for opt in (*p.opts, *p.secondary_opts))
    )
    assert not missing, f"docs/CLI.md does not document `kscript {name}` {', '.join(missing)} where it speaks of {name}"


def test_the_fix_table_is_the_registry():
    table = CLI_MD.split("### lint --fix", 1)[1].split("\n- ", 1)[0]
    documented = {}
    for row in re.findall(r"^\| (KS[^|]+)\|[^|]*\| (safe|unsafe)\b", table, re.M):
        for code in re.findall(r"KS\d{3}", row[0]):
            documented[code] = row[1]
    fixable = {code: rule.fix for code, rule in registry().items() if rule.fix}
    assert documented == fixable


def rule_codes(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w])KS\d{3}(?!\d)", text))


@pytest.mark.parametrize("doc", [d for d in DOCS if d.name != "RULES.md"], ids=lambda p: p.name)
def test_every_rule_code_a_doc_names_exists(doc):
    # KS3060 is CLI.md's example of a misspelt code in a directive.
    unknown = sorted(rule_codes(text_of(doc).replace("KS3060", "")) - set(registry()))
    assert not unknown, f"{doc.name} names rules that do not exist: {unknown}"


def test_language_md_lists_every_rule_with_its_severity():
    text = text_of(ROOT / "docs" / "LANGUAGE.md")
    rows = dict(re.findall(r"^\| (KS\d{3}) \| (error|warning|info) \|", text, re.M))
    assert rows == {code: rule.severity for code, rule in registry().items()}


def test_language_md_has_a_row_for_every_setting_with_its_field_and_values():
    from kscript.language.settings import ALIASES, SPECS

    rows = {}
    for name, row in re.findall(r"^\| `([A-Z][a-z ]+)`(?: \(or `\w+`\))? \|(.*)$", text_of(ROOT / "docs" / "LANGUAGE.md"), re.M):
        rows[name] = row
    assert set(rows) == {spec.name for spec in SPECS.values()}
    for spec in SPECS.values():
        row = rows[spec.name]
        assert not spec.field or f"`{spec.field}`" in row, spec.name
        assert all(f"`{value}`" in row for value in spec.allowed if not value.isdigit()), spec.name
    assert all(f"`{alias.capitalize()}`" in text_of(ROOT / "docs" / "LANGUAGE.md") for alias in ALIASES)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = heading.strip().lower().replace("`", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path) -> set[str]:
    text = FENCE.sub("", text_of(path))
    return {slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, re.M)}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_link_lands_on_a_file_and_heading_that_exist(doc):
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", FENCE.sub("", text_of(doc))):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        if not path.exists():
            broken.append(target)
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            broken.append(target)
    assert not broken, f"{doc.name} links to nothing: {broken}"


def test_every_environment_variable_kscript_reads_is_documented_and_back():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "kscript").rglob("*.py"))
    docs = "\n".join(text_of(d) for d in DOCS)
    read = set(re.findall(r"\bKSCRIPT_[A-Z_]+\b", code)) - {"KSCRIPT_LSP_FAIL_IN"}  # the tests' fault injection
    named = set(re.findall(r"\bKSCRIPT_[A-Z_]+\b", docs))
    assert read == named
    table = CLI_MD.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    assert read | {"OXEN_API_KEY", "NO_COLOR", "XDG_CACHE_HOME"} == set(re.findall(r"^\| `(\w+)`", table, re.M))


def test_language_md_opens_with_the_last_tram_and_what_its_scene_1_compiles_to():
    import json

    import kscript

    blocks = FENCE.findall(text_of(ROOT / "docs" / "LANGUAGE.md"))
    script, shown = blocks[0][1], json.loads(blocks[1][1])
    assert script == text_of(EXAMPLES / "the-last-tram.kscript")
    assert kscript.compile(script)[0] == shown


def test_cli_md_shows_what_lint_really_prints(tmp_path):
    section = CLI_MD.split("\n## lint\n", 1)[1].split("\n## ", 1)[0]
    (_, script), (_, shown) = FENCE.findall(section)[:2]
    name = re.search(r"this `([\w.-]+)`:", section).group(1)
    (tmp_path / name).write_text(script, encoding="utf-8")
    run = run_kscript("lint", name, cwd=tmp_path)
    assert run.returncode == 1 and "(exit 1" in section
    assert run.stdout.decode() + run.stderr.decode() == shown


def test_the_readme_configuration_is_one_kscript_reads(tmp_path):
    from kscript.check import config

    shown = re.search(r"## Configuration\n.*?```toml\n(.*?)```", text_of(ROOT / "README.md"), re.S).group(1)
    (tmp_path / "pyproject.toml").write_text(shown, encoding="utf-8")
    cfg = config.load(str(tmp_path))
    assert cfg.ignore == ["KS204"] and cfg.image_count == "slots" and cfg.namespace == "tram-studio"
    run = run_kscript("lint", ".", cwd=tmp_path)  # the folder has no script: a warning, not a configuration error
    assert run.returncode == 0 and b"no scripts in this folder" in run.stderr


def test_the_readme_pre_commit_example_names_real_hooks_and_files_they_read():
    readme = text_of(ROOT / "README.md")
    example = re.search(r"## pre-commit\n.*?```yaml\n(.*?)```", readme, re.S).group(1)
    hooks = set(re.findall(r"^- id: (\S+)", text_of(ROOT / ".pre-commit-hooks.yaml"), re.M))
    assert set(re.findall(r"- id: (\S+)", example)) == hooks
    # pre-commit matches `files` with re.search against paths from the repository's root.
    files = re.compile(re.search(r"# files: (\S+)", example).group(1))
    for path in ("film/a.kscript", "b.fountain", "payloads/x.json", "payloads/x.jsonl", "payloads/x.yaml", "payloads/x.yml"):
        assert files.search(path), path
    for path in ("package.json", "payloads/notes.txt", ".pre-commit-config.yaml"):
        assert not files.search(path), path
    # The local hooks are the repository's hooks, run by the kscript on PATH.
    from ruamel.yaml import YAML

    local = {h["id"]: h for h in YAML(typ="safe").load(example)["repos"][0]["hooks"]}
    for hook in YAML(typ="safe").load(text_of(ROOT / ".pre-commit-hooks.yaml")):
        mine = local[hook["id"]]
        assert mine["language"] == "system"
        assert {k: mine[k] for k in ("name", "entry", "files", "require_serial")} == {k: hook[k] for k in ("name", "entry", "files", "require_serial")}


def test_python_md_gives_each_function_its_real_signature():
    import inspect

    import kscript

    headings = re.findall(r"^## `kscript\.(\w+)\((.*?)\) -> ([\w.\[\]]+)`", text_of(ROOT / "docs" / "PYTHON.md"), re.M)
    assert sorted(name for name, _, _ in headings) == sorted(n for n in kscript.__all__ if n[0].islower())
    for name, params, returns in headings:
        signature = inspect.signature(getattr(kscript, name))
        real = ", ".join(p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}" for p in signature.parameters.values())
        assert params == real, name
        assert returns.replace("kscript.", "") == signature.return_annotation.replace("[str, Any]", ""), name


def test_the_python_api_example_runs(monkeypatch):
    example = re.search(r"```python\n(.*?)```", text_of(ROOT / "docs" / "PYTHON.md"), re.S).group(1)
    monkeypatch.chdir(EXAMPLES)
    space: dict = {}
    exec(compile(example, "docs/PYTHON.md", "exec"), space)  # noqa: S102 - the doc's own example
    assert len(space["requests"]) == 2 and space["tidy"] == space["text"] == space["fixed"]
    assert os.path.basename(os.getcwd()) == "examples"
