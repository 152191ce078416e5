"""The journal keeps every whole record; a broken configuration is a clear usage error."""

import pytest
from click.testing import CliRunner

from kscript.cli.main import cli
from kscript.oxen import journal
from tests.helpers import EXAMPLES


def entry(gid: str) -> journal.Entry:
    return journal.Entry(gid, "s.kscript", "1", 1, "m", "abc", 1.0, "https://hub.example")


def test_journal_appends_and_survives_a_torn_line(tmp_path):
    journal.append([entry("a"), entry("b")], tmp_path)
    with open(journal.path(tmp_path), "a") as handle:
        handle.write('{"generation_id": "c", "scr')  # a crash mid-write
    journal.append([entry("d")], tmp_path)
    assert [e.generation_id for e in journal.read(tmp_path)] == ["a", "b", "d"]
    assert journal.by_id(tmp_path)["d"].stem == "s"


def test_status_and_download_records_sit_beside_the_enqueue_records(tmp_path):
    journal.append([entry("a")], tmp_path)
    journal.record_status("a", "failed", "Prompt flagged", tmp_path)
    journal.record_download("a", "v/s.1.1.mp4", 123, "ff" * 32, tmp_path)
    assert [e.generation_id for e in journal.read(tmp_path)] == ["a"]  # other kinds are not enqueue records
    (status,) = journal.records("status", tmp_path)
    assert (status["generation_id"], status["status"], status["error"]) == ("a", "failed", "Prompt flagged")
    (saved,) = journal.records("download", tmp_path)
    assert (saved["path"], saved["size"], saved["sha256"]) == ("v/s.1.1.mp4", 123, "ff" * 32)


def test_broken_configuration_is_exit_2_with_the_file_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kscript.toml").write_text("select = [\n")
    result = CliRunner().invoke(cli, ["lint", str(EXAMPLES / "one-shot.kscript")])
    assert result.exit_code == 2 and "kscript.toml: not valid TOML" in result.output
    (tmp_path / "kscript.toml").write_text('image-count = "loose"\n')
    result = CliRunner().invoke(cli, ["lint", str(EXAMPLES / "one-shot.kscript")])
    assert result.exit_code == 2 and '"slots" or "strict"' in result.output
    (tmp_path / "kscript.toml").write_text("generations = 9\n")
    result = CliRunner().invoke(cli, ["compile", str(EXAMPLES / "one-shot.kscript")])
    assert result.exit_code == 2 and "from 1 to 4" in result.output
    (tmp_path / "kscript.toml").write_text('max-video-mb = "lots"\n')
    result = CliRunner().invoke(cli, ["lint", str(EXAMPLES / "one-shot.kscript")])
    assert result.exit_code == 2 and "`max-video-mb` must be a whole number of megabytes" in result.output


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)
_fields = ["kind", "v", "generation_id", "script", "scene", "index", "model", "payload_sha256", "time", "base_url",
           "request_id", "num_generations", "payload", "status", "error", "path", "size", "sha256", "adopted"]
_record = st.dictionaries(st.sampled_from(_fields), _json | st.sampled_from(["intent", "enqueued", "status", "download", "not_sent"]), max_size=12)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.lists(_record | _json, max_size=8))
def test_any_journal_lines_load_without_a_crash(tmp_path_factory, lines):
    import json

    folder = tmp_path_factory.mktemp("j")
    target = journal.path(folder)
    target.parent.mkdir(parents=True)
    target.write_text("".join(json.dumps(line) + "\n" for line in lines))
    book = journal.load(folder)
    assert book.skipped <= len(lines)
    for entry in book.generations.values():
        assert isinstance(entry.generation_id, str) and isinstance(entry.script, str) and isinstance(entry.index, int)
    for intent in book.intents.values():
        assert isinstance(intent.payload, dict)
    book.open_intents()
