"""A line that looks like a SHOT line is never sent as action (KS013), tried
through the real commands, the language server and under hypothesis."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pytest_lsp import LanguageClient

from kscript.check.runner import check_script
from kscript.language.shot_like import as_shot_line, looks_like_shot
from tests.helpers import HEAD, run_kscript
from tests.test_lsp import apply_edits, open_doc
from tests.test_lsp import fresh_client as client  # noqa: F401 (the language-server fixture)

SCRIPT = HEAD + "INT. DEPOT - NIGHT\n\nSHOT 4s - WIDE\n@Mara waits in @depot.\n\n{line}\nRain on the roof.\n"
TRIED = ["Shot - WIDE", "Shot", "shot", "Shot: 4s - WIDE"]  # what a new user wrote (issue 19)


def prompts(text: str) -> list[str]:
    result = check_script("t.kscript", text)
    found = []
    for compiled in result.compiled:
        request = compiled.request
        found += [request["prompt"]] if "prompt" in request else [shot["prompt"] for shot in request.get("multi_prompt", [])]
    return found


def test_what_a_new_user_wrote_is_an_error_and_compile_writes_nothing(tmp_path):
    for line in TRIED:
        path = tmp_path / "s.kscript"
        path.write_text(SCRIPT.format(line=line))
        lint = run_kscript("lint", str(path))
        out = lint.stdout.decode()
        assert lint.returncode == 1, out
        assert f"s.kscript:18:1: error[KS013] `{line}` looks like a SHOT line but is read as action in the shot above" in out
        assert "SHOT 4s - WIDE" in out  # the help shows what a SHOT line looks like
        target = tmp_path / "out"
        compiled = run_kscript("compile", str(path), "-o", str(target))
        assert compiled.returncode == 1 and not target.exists(), compiled.stderr.decode()


def test_lint_fix_makes_the_shot_and_fmt_leaves_the_line_alone(tmp_path):
    path = tmp_path / "s.kscript"
    text = SCRIPT.format(line="Shot: 3s - CLOSE ON her hands")
    path.write_text(text)
    assert run_kscript("fmt", str(path)).returncode == 0 and path.read_text() == text  # not fmt's to guess
    assert run_kscript("lint", "--fix", str(path)).returncode == 1 and path.read_text() == text  # the fix is unsafe
    fixed = run_kscript("lint", "--fix", "--unsafe-fixes", str(path))
    assert fixed.returncode == 0, fixed.stdout.decode()
    assert "\nSHOT 3s - CLOSE ON her hands\nRain on the roof.\n" in path.read_text()
    compiled = run_kscript("compile", str(path), "--jsonl")
    (request,) = [json.loads(line) for line in compiled.stdout.splitlines()]
    assert [(s["prompt"], s["duration"]) for s in request["multi_prompt"]] == [
        ("WIDE. @Element1 waits in @Image1.", 4),
        ("CLOSE ON her hands. Rain on the roof.", 3),
    ]


def test_import_forces_a_prompt_that_opens_like_a_shot_line(tmp_path):
    payload = tmp_path / "p.json"
    body = {"model": "kling-video-o3-pro-reference-to-video", "prompt": "Shot: WIDE, a tram in the rain", "duration": 5}
    payload.write_text(json.dumps(body))
    out = tmp_path / "p.kscript"
    result = run_kscript("import", str(payload), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert "\n!Shot: WIDE, a tram in the rain\n" in out.read_text()
    assert prompts(out.read_text()) == ["Shot: WIDE, a tram in the rain"]


@pytest.mark.slow
async def test_the_language_server_reports_it_with_the_fix(client: LanguageClient, tmp_path):  # noqa: F811
    text = SCRIPT.format(line="Shot - WIDE")
    uri = await open_doc(client, tmp_path / "a.kscript", text)
    (diagnostic,) = [d for d in client.diagnostics[uri] if d.code == "KS013"]
    assert diagnostic.range.start == types.Position(17, 0) and diagnostic.severity == types.DiagnosticSeverity.Error
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(uri), diagnostic.range, types.CodeActionContext(diagnostics=[diagnostic]))
    )
    (quick,) = [a for a in actions if a.kind == types.CodeActionKind.QuickFix and "KS013" in a.title]
    assert "\nSHOT - WIDE\nRain on the roof.\n" in apply_edits(text, quick.edit.changes[uri])


def test_prose_that_begins_with_the_word_is_sent():
    for line in ["Shots ring out.", "Shot after shot, the rain.", "Shot through the glass, the lamp goes dark.", "!Shot: the gun fires."]:
        text = SCRIPT.format(line=line)
        assert not [d for d in check_script("t.kscript", text).diagnostics if d.severity == "error"]
        assert line.lstrip("!") in prompts(text)[0]


# A line that is meant as a shot's header, by construction: the word shot in any case, then
# nothing, a colon, a number of seconds, a dash or a word in capitals (docs/LANGUAGE.md section 5).
WORD = st.lists(st.booleans(), min_size=4, max_size=4).map(lambda up: "".join(c.upper() if u else c for c, u in zip("shot", up, strict=True)))
GAP = st.sampled_from([" ", "  ", "\t", " \u00a0"])
OPT_GAP = st.sampled_from(["", " ", "\t"])
DASH = st.sampled_from(["-", "\u2013", "\u2014"])
UNIT = st.sampled_from(["", "s", "S", " s", "sec", "secs", " seconds", "second"])
NUMBER = st.sampled_from(["4", "12", "2.5", "0", "99"])
DIRECTION = st.sampled_from(["WIDE", "CLOSE ON her hands", "WIDE, locked off", "ECU", "MEDIUM \u2014 over the shoulder"])
ANY_TAIL = st.sampled_from(["", " WIDE", " close on her hands", " 4s - WIDE", " the gun fires."])
HEADER = st.one_of(
    st.tuples(WORD, OPT_GAP).map("".join),
    st.tuples(WORD, OPT_GAP, st.just(":"), ANY_TAIL).map("".join),
    st.tuples(WORD, GAP, NUMBER, UNIT, st.one_of(st.just(""), st.tuples(GAP, DASH, OPT_GAP, DIRECTION).map("".join))).map("".join),
    st.tuples(WORD, GAP, NUMBER, UNIT, GAP, DIRECTION).map("".join),
    st.tuples(WORD, GAP, DASH, OPT_GAP, DIRECTION).map("".join),
    st.tuples(WORD, GAP, DIRECTION).map("".join),
)
PLACES = [
    "{line}\n@Mara waits in @depot.\n\nSHOT 4s - WIDE\nRain.\n",  # before the first shot
    "SHOT 4s - WIDE\n@Mara waits in @depot.\n\n{line}\nRain.\n",  # its own paragraph
    "SHOT 4s - WIDE\n@Mara waits in @depot.\n{line}\nRain.\n",  # inside a paragraph
    "SHOT 4s - WIDE\n@Mara waits in @depot.\n{line}\n",  # the last line
    "SHOT 4s - WIDE\n@Mara waits in @depot.\n\nMARA\n(quietly)\nStay.\n{line}\n",  # a spoken line
    "SHOT 4s - WIDE\n@Mara waits in @depot.\n\n{line}\nStay.\n",  # where it could be a cue
]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(line=HEADER, place=st.sampled_from(PLACES), setting=st.booleans())
def test_a_shot_line_in_any_spelling_never_reaches_a_prompt(line, place, setting):
    body = place.format(line=line)
    text = HEAD + "INT. DEPOT - NIGHT\n" + (body if setting and body.startswith(line) else "\n" + body)
    result = check_script("t.kscript", text)
    if any(d.severity == "error" for d in result.diagnostics):
        return  # compile and submit refuse the script
    # Read as a SHOT line (a duration right after the word): nothing of the header is sent but the direction.
    header = line.strip()
    word = re.compile(r"(?<![\w@])shot(?!\w)", re.IGNORECASE)
    for prompt in prompts(text):
        assert header not in prompt and not word.search(prompt), (line, prompt)


@given(line=HEADER)
def test_every_generated_header_is_recognised_and_its_fix_reads_as_a_shot(line):
    assert looks_like_shot(line) and looks_like_shot("  " + line)
    meant = as_shot_line(line)
    if meant is not None:
        assert meant.startswith("SHOT") and not looks_like_shot(meant[4:].lstrip() or "x")
        text = HEAD + "INT. DEPOT - NIGHT\n\n" + meant + "\n@Mara waits in @depot.\n"
        assert "KS013" not in {d.code for d in check_script("t.kscript", text).diagnostics}
