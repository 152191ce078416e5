"""`kscript compile` end to end, through click's runner and a real subprocess."""

import json

from click.testing import CliRunner

from kscript.cli.main import cli
from tests.helpers import EXAMPLES, HEAD, SCENE, run_kscript

TRAM = str(EXAMPLES / "the-last-tram.kscript")


def invoke(*args, **kw):
    return CliRunner().invoke(cli, list(args), **kw)


def test_default_is_an_indented_json_array_in_scene_order():
    result = invoke("compile", TRAM)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 2
    assert result.stdout.startswith('[\n  {\n    "model"')


def test_one_scene_is_the_object_itself():
    data = json.loads(invoke("compile", TRAM, "--scene", "2").stdout)
    assert isinstance(data, dict) and data["aspect_ratio"] == "16:9"
    both = json.loads(invoke("compile", TRAM, "--scene", "2", "--scene", "1").stdout)
    assert [d["aspect_ratio"] for d in both] == ["16:9", "9:16"]


def test_unknown_scene_is_a_usage_error():
    result = invoke("compile", TRAM, "--scene", "9")
    assert result.exit_code == 2 and "its scenes are: 1, 2" in result.output


def test_jsonl_and_yaml():
    lines = invoke("compile", TRAM, "--jsonl").stdout.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["model"] for line in lines)
    assert ", " not in lines[0].split('"prompt"')[0]
    yaml_text = invoke("compile", TRAM, "--format", "yaml", "--scene", "1").stdout
    from ruamel.yaml import YAML

    assert YAML(typ="safe").load(yaml_text) == json.loads(invoke("compile", TRAM, "--scene", "1").stdout)


def test_yaml_reads_the_same_under_yaml_1_1():
    # PyYAML and the tools built on it read YAML 1.1, where a plain 9:16 is the number 556 and on is true.
    from ruamel.yaml import YAML

    data = json.loads(invoke("compile", TRAM, "--scene", "1").stdout)
    yaml_text = invoke("compile", TRAM, "--format", "yaml", "--scene", "1").stdout
    assert "aspect_ratio: '9:16'" in yaml_text
    assert YAML(typ="safe", pure=True).load("%YAML 1.1\n---\n" + yaml_text) == data


def test_non_ascii_is_kept():
    text = "INT. CAFÉ - DAY\n\nSHOT 4s\nLa pluie tombe sur le café — doucement.\n"
    result = invoke("compile", "-", input=text)
    assert "café — doucement" in result.stdout


def test_out_dir_writes_one_file_per_scene(tmp_path):
    result = invoke("compile", TRAM, "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    written = result.stdout.split()
    assert [p.rsplit("/", 1)[-1] for p in written] == ["the-last-tram.1.json", "the-last-tram.2.json"]
    assert json.loads((tmp_path / "out" / "the-last-tram.1.json").read_text())["aspect_ratio"] == "9:16"


def test_queue_adds_num_generations(tmp_path):
    path = tmp_path / "g.kscript"
    path.write_text("Generations: 2\n" + HEAD + SCENE, encoding="utf-8")
    assert json.loads(invoke("compile", str(path), "--queue").stdout)[0]["num_generations"] == 2
    assert "num_generations" not in json.loads(invoke("compile", str(path)).stdout)[0]


def test_refuses_a_script_with_errors_printing_diagnostics_on_stderr():
    proc = run_kscript("compile", "-", input=b"INT. A - DAY\n\nSHOT 16s\nRain.\n")
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert b"<stdin>:3:6: error[KS201]" in proc.stderr
    assert b"Traceback" not in proc.stderr


def test_directives_and_configuration_apply_to_compile(tmp_path, monkeypatch):
    # KS306 is a warning; an ignored error code lets the script through.
    path = tmp_path / "s.kscript"
    path.write_text("INT. A - DAY\n\nSHOT 4s\n@ghost waits.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert invoke("compile", "s.kscript").exit_code == 1
    (tmp_path / "kscript.toml").write_text('ignore = ["KS301"]\nnamespace = "team"\n')
    result = invoke("compile", "s.kscript")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["target_namespace"] == "team"


def test_payload_file_is_not_a_script(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"model": "x"}')
    result = invoke("compile", str(path))
    assert result.exit_code == 2


def test_missing_file_and_bad_bytes():
    proc = run_kscript("compile", "no-such.kscript")
    assert proc.returncode == 2 and b"cannot read" in proc.stderr
    proc = run_kscript("compile", "-", input=b"\xff\xfe\x00garbage")
    assert proc.returncode == 2 and b"not UTF-8" in proc.stderr and b"Traceback" not in proc.stderr


def test_python_dash_m_and_version():
    proc = run_kscript("--version")
    assert proc.returncode == 0 and b"kscript" in proc.stdout
