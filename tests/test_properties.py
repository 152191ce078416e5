"""Property tests: no input makes kscript raise, and compile is deterministic."""

import json

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kscript.check.runner import check_payload, check_script
from kscript.cli.main import cli
from kscript.core.diagnostics import SEVERITIES

# Text built from the language's own pieces finds deeper paths than random text alone.
PIECES = st.sampled_from(
    [
        "INT. DEPOT - NIGHT #1#", "EXT. A", ".FORCED", "SHOT 4s - WIDE", "SHOT", "SHOT 16s", "SHOT 2.5s", "SHOT x",
        "CAST", "IMAGES", "MARA - courier", "  front: https://a.example/m.png", "  also: x, y", "  voice: low",
        "depot: https://a.example/d.jpg", "Aspect: 9:16", "Audio: on", "Style: @depot look", "Title: T",
        "@Mara walks.", "MARA", "(quietly)", "Hello.", "[[ note", "]]", "/*", "*/", "[[kscript: ignore KS5]]",
        "CUT TO:", "# Act", "= synopsis", "", "", "!ACTION", "@@", "@Element1", "End frame: https://a.example/e.png",
        "\t", "\ufeff", "\r", "Generations: 9",
    ]
)
SCRIPTS = st.one_of(st.text(max_size=400), st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40).map("\n".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SCRIPTS)
def test_lint_never_raises_on_any_text(text):
    result = check_script("t.kscript", text)
    for d in result.diagnostics:
        assert d.span.line >= 1 and d.span.column >= 1
        assert d.severity in SEVERITIES


@settings(max_examples=150, deadline=None)
@given(SCRIPTS)
def test_compile_is_deterministic_and_never_raises(text):
    runner = CliRunner()
    first = runner.invoke(cli, ["compile", "-"], input=text)
    second = runner.invoke(cli, ["compile", "-"], input=text)
    assert first.exit_code in (0, 1, 2), first.output
    assert first.exception is None or isinstance(first.exception, SystemExit)
    assert "Traceback" not in first.output
    assert (first.exit_code, first.stdout) == (second.exit_code, second.stdout)
    if first.exit_code == 0:
        json.loads(first.stdout)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_lint_cli_never_tracebacks_on_any_bytes(data):
    result = CliRunner().invoke(cli, ["lint", "-"], input=data)
    assert result.exit_code in (0, 1, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20,
)
KEYS = st.sampled_from(["model", "prompt", "multi_prompt", "duration", "elements", "input_image", "num_generations", "tail_image_url", "aspect_ratio"])
PAYLOADS = st.one_of(JSON, st.dictionaries(KEYS, JSON, max_size=6))


@settings(max_examples=300, deadline=None)
@given(PAYLOADS)
def test_payload_lint_never_raises_on_any_json(data):
    check_payload("p.json", json.dumps(data))
    check_payload("p.yaml", json.dumps(data))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_payload_lint_never_raises_on_any_text(text):
    check_payload("p.json", text)
    check_payload("p.yml", text)
