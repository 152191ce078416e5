"""`kscript lint` end to end: formats, selection, directives, configuration, exit codes."""

import json

import pytest
from click.testing import CliRunner

from kscript.cli.main import cli
from kscript.core.diagnostics import SEVERITIES
from tests.helpers import EXAMPLES, HEAD, SCENE, run_kscript

BAD = HEAD + SCENE + "\nSHOT 4s\n@Mra runs past @depot.\n"  # KS301 at 19:1


@pytest.fixture
def bad(tmp_path):
    path = tmp_path / "bad.kscript"
    path.write_text(BAD, encoding="utf-8")
    return path


def invoke(*args, **kw):
    return CliRunner().invoke(cli, list(args), **kw)


def test_text_format_shows_location_code_source_caret_and_help(bad):
    proc = run_kscript("lint", str(bad))
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert f"{bad}:19:1: error[KS301] `@Mra` is not declared" in out
    assert "19 | @Mra runs past @depot." in out
    assert "   | ^^^^\n" in out
    assert "= help: did you mean `@Mara`?" in out
    assert "Found 1 error in 1 file." in proc.stderr.decode()
    assert "\x1b[" not in out


def test_colour_only_when_asked_or_on_a_terminal(bad):
    assert "\x1b[" in invoke("lint", "--color", "always", str(bad)).stdout
    assert "\x1b[" not in invoke("lint", str(bad)).stdout
    assert "\x1b[" not in invoke("lint", "--color", "auto", str(bad), env={"NO_COLOR": "1"}).stdout


def test_concise_format(bad):
    result = invoke("lint", "--format", "concise", str(bad))
    assert result.stdout.strip() == f"{bad}:19:1: error[KS301] `@Mra` is not declared"


def test_json_format_has_exactly_the_documented_keys(bad):
    result = invoke("lint", "--format", "json", str(bad))
    assert result.exit_code == 1
    (item,) = json.loads(result.stdout)
    assert list(item) == ["path", "line", "column", "end_line", "end_column", "code", "severity", "message", "help"]
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (19, 1, 19, 5)
    assert item["code"] == "KS301" and item["severity"] == "error"
    assert item["help"] == "did you mean `@Mara`?"


def test_json_format_help_is_null_when_absent(tmp_path):
    from kscript.core.diagnostics import Diagnostic
    from kscript.core.spans import Span
    from kscript.formats.machine import as_dict

    # Every diagnostic kscript gives today has help; the format still promises null for one without.
    assert as_dict(Diagnostic("KS001", "error", "m", Span.at(1, 1), None, "p.json"))["help"] is None
    path = tmp_path / "p.yaml"
    path.write_text("model: [kling-video-o3-pro-reference-to-video\n")
    (item,) = json.loads(invoke("lint", "--format", "json", str(path)).stdout)
    assert list(item)[-1] == "help" and item["help"].startswith("fix the YAML at this point")


def test_github_format(bad):
    result = invoke("lint", "--format", "github", str(bad))
    line = result.stdout.strip()
    assert line.startswith(f"::error file={bad},line=19,col=1,endLine=19,endColumn=5,title=KS301::")
    assert "`@Mra` is not declared%0Ahelp: did you mean `@Mara`?" in line


def test_sarif_format(bad):
    result = invoke("lint", "--format", "sarif", str(bad))
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"KS001", "KS301", "KS606"}
    assert all(r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] in ("error", "warning", "note") for r in rules)
    (res,) = run["results"]
    assert res["ruleId"] == "KS301" and res["level"] == "error"
    assert rules[res["ruleIndex"]]["id"] == "KS301"
    region = res["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 19, "startColumn": 1, "endLine": 19, "endColumn": 5}


def test_select_ignore_and_prefixes(tmp_path):
    path = tmp_path / "w.kscript"
    path.write_text(HEAD + SCENE + "\nSHOT 4s\nShe runs past @depot.\n", encoding="utf-8")  # KS502 warning
    assert invoke("lint", str(path)).exit_code == 0
    assert invoke("lint", "--warnings-as-errors", str(path)).exit_code == 1
    assert invoke("lint", "--warnings-as-errors", "--ignore", "KS5", str(path)).exit_code == 0
    assert "KS502" not in invoke("lint", "--select", "KS3", str(path)).stdout
    assert "KS502" in invoke("lint", "--select", "KS502", str(path)).stdout


def test_directives_silence_next_line_and_file(tmp_path):
    path = tmp_path / "d.kscript"
    path.write_text(HEAD + SCENE + "\nSHOT 4s\n[[kscript: ignore KS502]]\n\nShe runs past @depot.\n", encoding="utf-8")
    assert "KS502" not in invoke("lint", str(path)).stdout
    path.write_text("[[kscript: ignore-file KS5]]\n" + HEAD + SCENE + "\nSHOT 4s\nShe runs.\n\nSHOT 3s\nHe runs.\n", encoding="utf-8")
    assert "KS502" not in invoke("lint", str(path)).stdout


def test_configuration_from_pyproject_and_per_file_ignores(tmp_path, monkeypatch):
    scripts = tmp_path / "drafts"
    scripts.mkdir()
    path = scripts / "a.kscript"
    path.write_text(BAD, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.kscript]\nper-file-ignores = { "drafts/*.kscript" = ["KS301"] }\n')
    monkeypatch.chdir(tmp_path)
    assert invoke("lint", "drafts/a.kscript").exit_code == 0
    (tmp_path / "kscript.toml").write_text('ignore = ["KS3"]\nimage-count = "strict"\n')
    assert invoke("lint", "drafts/a.kscript").exit_code == 0
    (tmp_path / "kscript.toml").write_text('image-cont = "strict"\n')
    result = invoke("lint", "drafts/a.kscript")
    assert result.exit_code == 2 and "did you mean `image-count`" in result.output


def test_folders_and_many_paths_in_one_call(tmp_path, bad):
    hidden = tmp_path / ".hidden"
    hidden.mkdir()
    (hidden / "x.kscript").write_text("SHOT\n")
    result = invoke("lint", "--format", "concise", str(tmp_path), str(EXAMPLES / "one-shot.kscript"))
    assert result.exit_code == 1
    assert ".hidden" not in result.stdout
    assert "Found 1 error in 1 of 2 files." in result.stderr  # the files that hold findings, of those checked


def test_missing_and_non_utf8_files_exit_2(tmp_path):
    binary = tmp_path / "b.kscript"
    binary.write_bytes(b"INT. A\xff\xfe - DAY\n")
    proc = run_kscript("lint", str(binary))
    assert proc.returncode == 2
    assert b"not UTF-8" in proc.stderr and b"Traceback" not in proc.stderr
    proc = run_kscript("lint", str(tmp_path / "nope.kscript"))
    assert proc.returncode == 2 and b"no such file" in proc.stderr


def test_standard_input():
    proc = run_kscript("lint", "-", input=BAD.encode())
    assert proc.returncode == 1 and b"<stdin>:19:1: error[KS301]" in proc.stdout


def test_payload_files_json_and_yaml(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("model: kling-video-o3-pro-reference-to-video\nprompt: '@Element1 waits.'\nduration: 4\nelements:\n  - frontal_image_url: https://a.example/m.png\n")
    assert invoke("lint", str(good)).exit_code == 0
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "model": "kling-video-o3-pro-reference-to-video",\n  "prompt": "x",\n  "duration": 20\n}\n')
    result = invoke("lint", "--format", "concise", str(bad))
    assert result.exit_code == 1 and f"{bad}:4:15: error[KS201]" in result.stdout


def test_rules_list_and_explain():
    listing = invoke("rules").stdout
    assert "KS203  error    -       scene longer than 15 seconds in all" in listing
    assert "KS204  info     safe    shot without a duration: 5 seconds" in listing
    assert "KS301  error    unsafe  reference to an undeclared name" in listing
    from kscript.check.rules import registry

    assert len(listing.strip().splitlines()) == len(registry())  # a rule a line
    text = invoke("rules", "KS203").stdout
    assert "Bad::" in text and "Good" in text and "Total shot duration" in text
    assert "Fix: none" in text
    assert "Fix: safe (keeps what is sent; `kscript lint --fix` applies it)" in invoke("rules", "KS204").stdout
    unknown = invoke("rules", "KS2033")
    assert unknown.exit_code == 2 and "did you mean KS203" in unknown.output


def test_every_rule_documents_bad_and_good():
    from kscript.check.rules import registry

    for rule in registry().values():
        assert "Bad" in rule.doc and "Good" in rule.doc, rule.code
        assert rule.severity in SEVERITIES


def test_schema_command():
    names = invoke("schema").stdout.split()
    assert {"generate-request", "queue-request", "generate-response", "queue-response", "queue-generation"} <= set(names)
    schema = json.loads(invoke("schema", "queue-request").stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert invoke("schema", "nope").exit_code == 2


def test_unknown_codes_in_options_and_configuration_are_refused(tmp_path, monkeypatch):
    result = invoke("lint", "--ignore", "KS3060", str(EXAMPLES / "one-shot.kscript"))
    assert result.exit_code == 2 and "unknown code KS3060 in --ignore; did you mean KS306?" in result.output
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kscript.toml").write_text('select = ["K"]\n')
    result = invoke("lint", str(EXAMPLES / "one-shot.kscript"))
    assert result.exit_code == 2 and "unknown code K in" in result.output


def test_folders_take_fountain_files_and_an_empty_folder_is_a_warning(tmp_path):
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    (scripts / "pilot.fountain").write_text(HEAD + SCENE, encoding="utf-8")
    (scripts / "notes.txt").write_text("not a script", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = run_kscript("lint", str(scripts), str(empty))
    assert proc.returncode == 0, proc.stderr
    assert b"All checks passed (1 file)." in proc.stderr
    assert f"warning: {empty}: no scripts in this folder".encode() in proc.stderr
    alone = run_kscript("lint", str(empty))
    assert b"no scripts in this folder" in alone.stderr and b"Nothing to check" in alone.stderr
    fmt = run_kscript("fmt", "--check", str(scripts), str(empty))
    assert b"1 file already formatted" in fmt.stderr and b"no scripts in this folder" in fmt.stderr
