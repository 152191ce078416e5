"""The model profiles: one golden script per model compiles to exactly the fields that
model takes, and the schemas in schemas/ are the ones the profiles generate."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kscript.check import schemas
from kscript.cli.main import cli
from kscript.core.resources import schema_dir
from kscript.models import schema
from kscript.models.profiles import BY_ID, FIELD_ORDER, IDS, PROFILES, profile
from tests.helpers import ROOT, run_kscript

MODELS = ROOT / "tests" / "golden" / "models"


def test_there_is_a_profile_for_every_model_of_models_md():
    text = (ROOT / "docs" / "MODELS.md").read_text(encoding="utf-8")
    assert len(PROFILES) == 7 and len(IDS) == len(set(IDS))
    for model in IDS:
        assert f"`{model}`" in text


@pytest.mark.parametrize("model", IDS)
def test_golden_script_compiles_to_exactly_the_models_fields(model):
    result = CliRunner().invoke(cli, ["compile", str(MODELS / f"{model}.kscript")])
    assert result.exit_code == 0, result.output
    assert result.stdout == (MODELS / f"{model}.json").read_text(encoding="utf-8")
    for request in json.loads(result.stdout):
        assert request["model"] == model
        assert set(request) <= set(BY_ID[model].fields), set(request) - set(BY_ID[model].fields)
        assert list(request) == [f for f in FIELD_ORDER if f in request]
        assert list(schemas.validator(model).iter_errors(request)) == []


def test_the_golden_scripts_together_use_every_field_of_every_model():
    used: dict[str, set[str]] = {m: set() for m in IDS}
    for model in IDS:
        for request in json.loads((MODELS / f"{model}.json").read_text(encoding="utf-8")):
            used[model] |= set(request)
            for item in request.get("multi_prompt", []):
                used[model] |= {"duration"} if "duration" in item else set()
    for model in IDS:
        missing = set(BY_ID[model].fields) - used[model] - {"num_generations", "response_format", "target_namespace"}
        missing -= {"prompt"} if "multi_prompt" in used[model] else set()
        missing -= {"multi_prompt"} if "prompt" in used[model] else set()
        assert not missing, (model, missing)


def test_golden_scripts_lint_with_no_diagnostic_at_all():
    proc = run_kscript("lint", str(MODELS))
    assert proc.returncode == 0, proc.stdout.decode()
    assert proc.stdout == b""


@pytest.mark.parametrize("stem", list(schema.generated()))
def test_schema_files_are_the_generated_ones(stem):
    path = f"{schema_dir()}/{stem}.schema.json"
    with open(path, encoding="utf-8") as handle:
        assert handle.read() == schema.render(schema.generated()[stem]), f"run `python -m kscript.models.schema` to regenerate {path}"


def test_schema_command_lists_one_schema_per_model():
    names = run_kscript("schema").stdout.decode().split()
    assert set(IDS) <= set(names)
    omni = json.loads(run_kscript("schema", "kling-video-o3-omni").stdout)
    assert omni["properties"]["model"]["const"] == "kling-video-o3-omni"
    assert "duration" not in json.loads(run_kscript("schema", "kling-video-v3-pro-motion-control").stdout)["properties"]


def test_profiles_read_as_the_spec_says():
    text = profile("kling-video-v2-6-pro-text-to-video")
    assert text.durations.choices == (5, 10) and not text.multi_shot and text.slots.total == 0
    assert profile("kling-video-o3-pro-reference-to-video").slots.limit(False) == 4
    omni = profile("kling-video-o3-omni")
    assert (omni.slots.limit(False), omni.slots.limit(True)) == (7, 4) and not omni.price_confirmed
    motion = profile("kling-video-v3-pro-motion-control")
    assert motion.durations is None and motion.field_of("keep audio") == "keep_original_sound"
    assert profile("kling-video-o3-pro-video-to-video-edit").field_of("keep audio") == "keep_audio"
    assert profile("kling-video-v2-6-pro-image-to-video").field_of("start frame") == "input_image"
    assert profile("kling-video-v2-6-pro-image-to-video").field_of("aspect") is None
    for model in ("kling-video-o3-pro-image-to-video", "kling-video-o3-pro-reference-to-video", "kling-video-o3-pro-video-to-video-edit"):
        assert profile(model).successor == "kling-video-o3-omni"
    assert profile(None).id == "kling-video-o3-pro-reference-to-video" and profile("sora") is None


@pytest.mark.parametrize("prof", PROFILES, ids=IDS)
def test_profile_is_self_consistent(prof):
    assert set(prof.required) <= set(prof.fields)
    assert not (prof.slots.takes_images and prof.start_frame_is_input_image)  # input_image has one meaning
    for refusal in prof.refused:
        assert prof.takes(refusal.field) and prof.takes(refusal.with_field)
    assert prof.successor is None or prof.successor in BY_ID


def test_docs_table_is_the_profiles():
    from kscript.models.listing import markdown

    text = (ROOT / "docs" / "MODELS.md").read_text(encoding="utf-8")
    table = text.split("-->\n", 1)[1].split("<!-- models:end -->")[0]
    assert table == markdown(), "run `python -m kscript.models.listing` to refresh docs/MODELS.md"
