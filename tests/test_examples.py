"""Every example compiles to its golden file, validates against the schema, and lints clean."""

import json

import pytest
from click.testing import CliRunner

from kscript.check import schemas
from kscript.cli.main import cli
from tests.helpers import EXAMPLES, ROOT, run_kscript

GOLDEN = ROOT / "tests" / "golden"
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.kscript"))


def test_there_are_at_least_six_examples():
    assert len(NAMES) >= 6


@pytest.mark.parametrize("name", NAMES)
def test_golden(name):
    result = CliRunner().invoke(cli, ["compile", str(EXAMPLES / f"{name}.kscript")])
    assert result.exit_code == 0, result.output
    # Compared as text: key order and formatting are part of the contract.
    assert result.stdout == (GOLDEN / f"{name}.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_examples_validate_against_the_request_schemas(name):
    requests = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    for request in requests:
        assert list(schemas.validator("generate-request").iter_errors(request)) == []
    queued = CliRunner().invoke(cli, ["compile", "--queue", "--jsonl", str(EXAMPLES / f"{name}.kscript")])
    for line in queued.stdout.splitlines():
        assert list(schemas.validator("queue-request").iter_errors(json.loads(line))) == []


def test_examples_lint_with_no_diagnostic_at_all():
    proc = run_kscript("lint", str(EXAMPLES))
    assert proc.returncode == 0
    assert proc.stdout == b""
    assert b"All checks passed" in proc.stderr


def test_section_one_scene_one_is_exactly_the_spec():
    expected = {
        "model": "kling-video-o3-pro-reference-to-video",
        "multi_prompt": [
            {"prompt": "WIDE, locked off. Rain drums on the roof of @Image1. @Element1 walks an empty tram car, @Element2 swinging from her hand. 35mm film, cold sodium light, shallow focus", "duration": 4},
            {"prompt": "CLOSE ON her hands, slow push-in. @Element1 sets @Element2 on a seat and turns the wick down. 35mm film, cold sodium light, shallow focus", "duration": 3},
            {"prompt": "MEDIUM, over the shoulder. @Element1 looks up toward the dark driver's cabin, breath fogging. [@Element1, barely above the rain]: \"You left the light on.\" 35mm film, cold sodium light, shallow focus", "duration": 5},
        ],
        "input_image": ["https://cdn.example.com/looks/tram_depot.jpg"],
        "elements": [
            {"frontal_image_url": "https://cdn.example.com/mara/front.png", "reference_image_urls": ["https://cdn.example.com/mara/side.png"]},
            {"frontal_image_url": "https://cdn.example.com/props/lantern.png"},
        ],
        "start_image_url": "https://cdn.example.com/frames/s1_first.png",
        "negative_prompt": "blur, distorted hands, extra fingers, subtitles",
        "aspect_ratio": "9:16",
        "generate_audio": True,
        "target_namespace": "tram-studio",
    }
    result = CliRunner().invoke(cli, ["compile", str(EXAMPLES / "the-last-tram.kscript"), "--scene", "1"])
    assert result.exit_code == 0
    got = json.loads(result.stdout)
    assert got == expected
    assert list(got) == list(expected)
    assert [list(e) for e in got["elements"]] == [list(e) for e in expected["elements"]]
