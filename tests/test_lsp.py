"""`kscript lsp` through a real client: pytest-lsp starts `python -m kscript lsp` and talks LSP over stdio."""

from __future__ import annotations

import json
import os
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.helpers import ROOT, lint

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
SERVER = [sys.executable, "-m", "kscript", "lsp"]

SCRIPT = """\
Title: Test
Audio: on
Style: 35mm film

CAST

MARA - courier, early 30s
  front: https://cdn.example.com/mara/front.png
  voice: low and tired

LANTERN - brass storm lantern
  front: https://cdn.example.com/lantern.png

IMAGES

depot: https://cdn.example.com/depot.jpg

INT. DEPOT - NIGHT #A1#

SHOT 4s - WIDE
@Lantern hangs over @depot. @Mara walks in.

SHOT 3s - CLOSE
@Mara's hand.

MARA
(quietly)
Still here.

EXT. STREET - DAY

SHOT
@Mara runs.
"""


# One server for the module's tests: starting `kscript lsp` costs 0.7 s of CPU, and every test
# opens documents of its own in its own folder, so none reads what another left. The tests run
# in the module's event loop, the server's, and on one xdist worker one after another (a module
# fixture is set up again whenever a worker's next test comes from another file).
pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.xdist_group("lsp")]


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER, server_env=ENV))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=client_capabilities("visual-studio-code")))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, server_env=ENV))
async def fresh_client(lsp_client: LanguageClient):
    """A server of the test's own, in the test's event loop: what another file with a language-server
    test imports as its `client` (the module's shared one needs its tests in the module's loop)."""
    await lsp_client.initialize_session(types.InitializeParams(capabilities=client_capabilities("visual-studio-code")))
    yield
    await lsp_client.shutdown_session()


def uri_of(path) -> str:
    return path.as_uri()


async def open_doc(client: LanguageClient, path, text: str) -> str:
    path.write_text(text)
    uri = uri_of(path)
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "kscript", 1, text)))
    while uri not in client.diagnostics:  # this document's, not a late one of another test's
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


async def settle(client: LanguageClient, uri: str) -> None:
    """Wait until the server has handled everything sent so far: it answers requests in order,
    and publishes a document's diagnostics before it reads the next message."""
    await client.text_document_document_symbol_async(types.DocumentSymbolParams(types.TextDocumentIdentifier(uri)))


def shape(diagnostics) -> list[tuple]:
    return [(d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character) for d in diagnostics]


def expected(text: str) -> list[tuple]:
    from kscript.core.diagnostics import Diagnostic

    found = sorted(lint(text), key=Diagnostic.sort_key)  # as `kscript lint` prints them
    return [(d.code, d.span.line - 1, d.span.column - 1, d.span.end_line - 1, d.span.end_column - 1) for d in found]


def position_of(text: str, needle: str, offset: int = 0) -> types.Position:
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return types.Position(line, index - (text.rfind("\n", 0, index) + 1))


async def test_diagnostics_on_open_are_lints_with_links(client: LanguageClient, tmp_path):
    uri = await open_doc(client, tmp_path / "a.kscript", SCRIPT)
    found = client.diagnostics[uri]
    assert shape(found) == expected(SCRIPT)
    assert {d.code for d in found} == {"KS204"}  # the shot without a duration
    d = found[0]
    assert d.severity == types.DiagnosticSeverity.Information
    assert d.code_description.href.endswith("docs/RULES.md#ks204")
    assert d.source == "kscript" and "5 seconds" in d.message


async def test_a_burst_of_incremental_edits_ends_where_lint_does(client: LanguageClient, tmp_path):
    uri = await open_doc(client, tmp_path / "a.kscript", SCRIPT)
    text = SCRIPT
    edits = [("@Mara walks in.", "@Mara walks in. @Nobody waits."), ("SHOT 3s", "SHOT 30s"), ("#A1#", "#2#"), ("\nSHOT\n", "\nSHOT 4s\n")]
    version = 1
    for old, new in edits:
        start = position_of(text, old)
        end = position_of(text, old, len(old))
        text = text.replace(old, new, 1)
        version += 1
        change = types.TextDocumentContentChangePartial(range=types.Range(start, end), text=new)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(uri=uri, version=version), [change])
        )
    await settle(client, uri)
    assert shape(client.diagnostics[uri]) == expected(text)
    assert {"KS301", "KS201", "KS008"} <= {d.code for d in client.diagnostics[uri]}


async def test_edits_typed_faster_than_checks_end_where_lint_does(client: LanguageClient, tmp_path):
    uri = await open_doc(client, tmp_path / "a.kscript", SCRIPT)
    line = SCRIPT.split("\n")
    row = next(n for n, text in enumerate(line) if text == "@Mara runs.")
    typed = " and @Nobody waits a long while"
    for n, letter in enumerate(typed):  # one key at a time, as fast as the pipe goes: merged into few checks
        at = types.Position(row, len("@Mara runs.") + n)
        change = types.TextDocumentContentChangePartial(range=types.Range(at, at), text=letter)
        client.text_document_did_change(types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(uri=uri, version=n + 2), [change]))
    await settle(client, uri)
    text = SCRIPT.replace("@Mara runs.", "@Mara runs." + typed, 1)
    assert shape(client.diagnostics[uri]) == expected(text)
    assert "KS301" in {d.code for d in client.diagnostics[uri]}  # @Nobody


async def test_configuration_is_found_from_the_documents_folder(client: LanguageClient, tmp_path):
    (tmp_path / "kscript.toml").write_text('ignore = ["KS204"]\n')
    uri = await open_doc(client, tmp_path / "a.kscript", SCRIPT)
    assert list(client.diagnostics[uri]) == []


async def test_the_speech_rate_is_the_documents_configuration(client: LanguageClient, tmp_path):
    # `Still here.` (2 words) in a 3 s shot fits at 2.5 words a second; at 0.5 it takes 4 s (KS505), as lint says.
    (tmp_path / "kscript.toml").write_text('ignore = ["KS204"]\nspeech-rate = 0.5\n')
    uri = await open_doc(client, tmp_path / "a.kscript", SCRIPT)
    found = [d for d in client.diagnostics[uri] if d.code == "KS505"]
    assert [d.message.split(";")[0] for d in found] == ["2 words take about 4.0 s"]


async def test_hover_a_reference_says_what_it_becomes_in_this_scene(client: LanguageClient, tmp_path):
    uri = await open_doc(client, tmp_path / "a.kscript", SCRIPT)
    doc = types.TextDocumentIdentifier(uri)
    hover = await client.text_document_hover_async(types.HoverParams(doc, position_of(SCRIPT, "@Mara walks", 2)))
    text = hover.contents.value
    assert "`@Element2` in scene A1" in text  # the lantern came first in that scene
    assert "courier, early 30s" in text and "https://cdn.example.com/mara/front.png" in text and "low and tired" in text
    second = await client.text_document_hover_async(types.HoverParams(doc, position_of(SCRIPT, "@Mara runs", 1)))
    assert "`@Element1` in scene 2" in second.contents.value
    declaration = await client.text_document_hover_async(types.HoverParams(doc, position_of(SCRIPT, "depot:")))
    assert "`@Image1` in scene A1" in declaration.contents.value


async def test_hover_a_shot_line_and_a_setting_key(client: LanguageClient, tmp_path):
    uri = await open_doc(client, tmp_path / "a.kscript", SCRIPT)
    doc = types.TextDocumentIdentifier(uri)
    shot = (await client.text_document_hover_async(types.HoverParams(doc, position_of(SCRIPT, "SHOT 3s", 1)))).contents.value
    prompt = 'CLOSE. @Element2\'s hand. [@Element2, quietly]: "Still here." 35mm film'
    assert prompt in shot and f"{len(prompt)} of 512 characters" in shot and "3 s" in shot
    key = (await client.text_document_hover_async(types.HoverParams(doc, position_of(SCRIPT, "Audio:", 1)))).contents.value
    assert "generate_audio" in key and "`on` or `off`" in key


async def test_definition_and_references(client: LanguageClient, tmp_path):
    uri = await open_doc(client, tmp_path / "a.kscript", SCRIPT)
    doc = types.TextDocumentIdentifier(uri)
    where = await client.text_document_definition_async(types.DefinitionParams(doc, position_of(SCRIPT, "@Mara runs", 2)))
    assert where[0].range.start == position_of(SCRIPT, "MARA - courier")
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc, position=position_of(SCRIPT, "MARA - courier", 1), context=types.ReferenceContext(include_declaration=False)
        )
    )
    lines = sorted(r.range.start.line for r in refs)
    # @Mara twice in action, @Mara's, @Mara in the second scene, and the cue MARA
    assert len(refs) == 4
    assert position_of(SCRIPT, "MARA\n(quietly)").line in lines


def compiled(text: str) -> list[dict]:
    from kscript.check.runner import check_script

    return [c.request for c in check_script("t.kscript", text).compiled]


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start = offsets[edit.range.start.line] + edit.range.start.character
        end = offsets[edit.range.end.line] + edit.range.end.character
        text = text[:start] + edit.new_text + text[end:]
    return text


async def test_rename_keeps_the_payloads_and_the_case(client: LanguageClient, tmp_path):
    uri = await open_doc(client, tmp_path / "a.kscript", SCRIPT)
    doc = types.TextDocumentIdentifier(uri)
    at = position_of(SCRIPT, "@Mara walks", 1)
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(doc, at))
    assert prepared.placeholder == "Mara"
    edit = await client.text_document_rename_async(types.RenameParams(doc, at, "Nadia"))
    renamed = apply_edits(SCRIPT, edit.changes[uri])
    assert "NADIA - courier" in renamed and "@Nadia's hand" in renamed and "\nNADIA\n(quietly)" in renamed
    assert "mara" not in renamed.lower().replace("https://cdn.example.com/mara/", "")
    assert compiled(renamed) == compiled(SCRIPT)


@pytest.mark.parametrize("name", ["Lantern", "depot", "2nd", "Element3", "two words"])
async def test_rename_refuses_a_taken_or_invalid_name(client: LanguageClient, tmp_path, name):
    uri = await open_doc(client, tmp_path / "a.kscript", SCRIPT)
    doc = types.TextDocumentIdentifier(uri)
    with pytest.raises(Exception) as error:
        await client.text_document_rename_async(types.RenameParams(doc, position_of(SCRIPT, "@Mara walks", 1), name))
    assert "already" in str(error.value) or "not a valid name" in str(error.value) or "reserved" in str(error.value)


async def test_prepare_rename_refuses_plain_text(client: LanguageClient, tmp_path):
    uri = await open_doc(client, tmp_path / "a.kscript", SCRIPT)
    with pytest.raises(Exception, match="cursor on a cast member"):
        await client.text_document_prepare_rename_async(
            types.PrepareRenameParams(types.TextDocumentIdentifier(uri), position_of(SCRIPT, "walks in"))
        )


async def complete_at(client, uri, text, needle, offset):
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri), position_of(text, needle, offset))
    )
    return {item.label: item for item in result.items}


async def test_completion(client: LanguageClient, tmp_path):
    text = SCRIPT.replace("@Mara runs.", "@Mara runs past @\nAspect: \nSHO").replace("Style: 35mm film\n", "Style: 35mm film\nAsp\n")
    uri = await open_doc(client, tmp_path / "a.kscript", text)
    names = await complete_at(client, uri, text, "past @", 6)
    assert {"Mara", "Lantern", "depot"} <= set(names) and names["Mara"].detail == "courier, early 30s"
    keys = await complete_at(client, uri, text, "Asp\n", 3)
    assert "Aspect" in keys and "Namespace" in keys and "Start frame" not in keys
    scene_keys = await complete_at(client, uri, text, "INT. DEPOT - NIGHT #A1#\n", len("INT. DEPOT - NIGHT #A1#\n"))
    assert "Start frame" in scene_keys
    values = await complete_at(client, uri, text, "Aspect: \n", 8)
    assert {"16:9", "9:16", "1:1"} == set(values)
    shot = await complete_at(client, uri, text, "\nSHO", 4)
    assert shot["SHOT 5s - "].insert_text_format == types.InsertTextFormat.Snippet


async def test_code_actions_quick_fix_and_fix_all(client: LanguageClient, tmp_path):
    uri = await open_doc(client, tmp_path / "a.kscript", SCRIPT)
    diagnostic = client.diagnostics[uri][0]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri), range=diagnostic.range, context=types.CodeActionContext(diagnostics=[diagnostic])
        )
    )
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert quick and "KS204" in quick[0].title
    assert "SHOT 5s\n@Mara runs." in apply_edits(SCRIPT, quick[0].edit.changes[uri])
    fix_all = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.kscript"]),
        )
    )
    assert [a.kind for a in fix_all] == ["source.fixAll.kscript"]
    fixed = apply_edits(SCRIPT, fix_all[0].edit.changes[uri])
    assert expected(fixed) == []


async def test_symbols_hints_and_tokens(client: LanguageClient, tmp_path):
    uri = await open_doc(client, tmp_path / "a.kscript", SCRIPT)
    doc = types.TextDocumentIdentifier(uri)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(doc))
    names = [s.name for s in symbols]
    assert names == ["CAST", "IMAGES", "A1: INT. DEPOT - NIGHT", "2: EXT. STREET - DAY"]
    assert [c.name for c in symbols[2].children] == ["Shot 1", "Shot 2"] and [c.name for c in symbols[0].children] == ["MARA", "LANTERN"]
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=doc, range=types.Range(types.Position(0, 0), types.Position(100, 0)))
    )
    labels = [h.label.strip() for h in hints]
    assert labels == ["7 s · $1.57", "5 s · $1.12"]
    assert hints[0].position.line == position_of(SCRIPT, "INT. DEPOT").line
    tokens = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(doc))
    data = tokens.data
    assert len(data) % 5 == 0 and len(data) > 20
    legend = client.capabilities  # the server's legend is in its capabilities
    assert legend is not None


async def test_an_internal_error_is_logged_and_the_server_goes_on(tmp_path):
    config = ClientServerConfig(server_command=SERVER, server_env={**ENV, "KSCRIPT_LSP_FAIL_IN": "hover"})
    client = await config.start()
    try:
        await client.initialize_session(types.InitializeParams(capabilities=client_capabilities("visual-studio-code")))
        uri = await open_doc(client, tmp_path / "a.kscript", SCRIPT)
        hover = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), position_of(SCRIPT, "@Mara", 1)))
        assert hover is None
        assert any("internal error in hover" in m.message and "Traceback" in m.message for m in client.log_messages)
        symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(types.TextDocumentIdentifier(uri)))
        assert len(symbols) == 4  # still answering
        await client.shutdown_session()
    finally:
        await client.stop() if hasattr(client, "stop") else None


GARBAGE = [
    "\x00\x01\x02 [[ /* @@@ SHOT 99999999999999999999s",
    "INT.\n" * 50 + "SHOT\n" * 50,
    "Title: x\n  \n\ufeff@\u2028@\u0085 ]] */ [[kscript: ignore-file K]]\r\n\rEXT. A\rSHOT 4s - \u00e9\U0001f600\n",
    "CAST\n" + "X -\n  front: nope\n" * 20 + "INT. A\nCAST\nY\n  also: ,,,,\nSHOT 1000000000005s\n\ue000\ue001 #1# @Element9",
]


async def test_garbage_text_and_edits_never_kill_the_server(client: LanguageClient, tmp_path):
    uri = await open_doc(client, tmp_path / "g.kscript", GARBAGE[0])
    version = 1
    text = GARBAGE[0]
    for junk in GARBAGE[1:] + GARBAGE:
        version += 1
        # delete everything, then pour the junk in, in three uneven pieces
        end = types.Position(text.count("\n") + text.count("\r") + 5, 10**6)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangePartial(range=types.Range(types.Position(0, 0), end), text=junk[:7])],
            )
        )
        version += 1
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangePartial(range=types.Range(types.Position(0, 3), types.Position(0, 3)), text=junk[7:])],
            )
        )
        text = junk[:3] + junk[7:] + junk[3:7]
        await settle(client, uri)
        doc = types.TextDocumentIdentifier(uri)
        for position in (types.Position(0, 0), types.Position(2, 1), types.Position(10**5, 10**5)):
            await client.text_document_hover_async(types.HoverParams(doc, position))
            await client.text_document_completion_async(types.CompletionParams(doc, position))
        await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(doc))
        await client.text_document_document_symbol_async(types.DocumentSymbolParams(doc))
    # Everything the shared server logged so far, its start and the other tests' requests included.
    assert not [m for m in client.log_messages if m.type == types.MessageType.Error], [m.message for m in client.log_messages]
    json.dumps([d.message for d in client.diagnostics[uri]])


async def test_formatting_is_what_kscript_fmt_writes(client: LanguageClient, tmp_path):
    from kscript.formatter import format_text

    messy = SCRIPT.replace("SHOT 4s - WIDE", "shot 4s   -   WIDE").replace("Audio: on", "audio:on") + "\n\n\n"
    uri = await open_doc(client, tmp_path / "a.kscript", messy)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=types.TextDocumentIdentifier(uri), options=types.FormattingOptions(tab_size=2, insert_spaces=True))
    )
    assert format_text(messy) != messy and edits
    assert apply_edits(messy, edits) == format_text(messy)


def decoded(data: list[int], legend: types.SemanticTokensLegend, text: str) -> list[tuple[int, str, str, list[str]]]:
    """The server's relative encoding read back: (line, the text covered, type, modifiers).
    Tokens must not run past their line's end nor overlap each other."""
    lines = text.split("\n")
    out = []
    line = column = previous = 0
    for i in range(0, len(data), 5):
        d_line, d_start, length, kind, modifiers = data[i : i + 5]
        assert i == 0 or d_line > 0 or d_start >= previous, "two tokens overlap"
        line += d_line
        column = column + d_start if d_line == 0 else d_start
        previous = length
        assert column + length <= len(lines[line]), f"a token runs past the end of line {line + 1}"
        mods = [m for bit, m in enumerate(legend.token_modifiers) if modifiers & (1 << bit)]
        out.append((line + 1, lines[line][column : column + length], legend.token_types[kind], mods))
    return out


async def test_semantic_tokens_name_each_part_of_the_script(tmp_path):
    text = SCRIPT.replace("@Mara runs.", "@Mara runs. [[ a note ]]\n/* cut:\nSHOT 2s - INSERT\n*/\n\n= the end")
    config = ClientServerConfig(server_command=SERVER, server_env=ENV)
    client = await config.start()
    try:
        started = await client.initialize_session(types.InitializeParams(capabilities=client_capabilities("visual-studio-code")))
        legend = started.capabilities.semantic_tokens_provider.legend
        uri = await open_doc(client, tmp_path / "a.kscript", text)
        tokens = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(types.TextDocumentIdentifier(uri)))
    finally:
        await client.shutdown_session()
        await client.stop()
    found = decoded(tokens.data, legend, text)
    seen = {(covered, kind) for _, covered, kind, _ in found}
    for expected in [
        ("Title", "property"), ("Test", "string"), ("Style", "property"), ("35mm film", "string"),
        ("CAST", "keyword"), ("IMAGES", "keyword"), ("front", "property"),
        ("https://cdn.example.com/depot.jpg", "string"),
        ("#A1#", "number"), ("SHOT", "keyword"), ("4s", "number"), ("3s", "number"),
        ("@Lantern", "variable"), ("@depot", "variable"), ("@Mara", "variable"),
        ("MARA", "type"),  # the dialogue's cue
        ("[[ a note ]]", "comment"), ("= the end", "comment"),
    ]:
        assert expected in seen, f"no {expected[1]} token on {expected[0]!r}: {sorted(seen)}"
    declared = {covered.split(" ")[0] for _, covered, kind, mods in found if kind == "variable" and "declaration" in mods}
    assert {"MARA", "LANTERN", "depot"} <= declared
    headings = [covered for _, covered, kind, _ in found if kind == "class"]
    assert any(h.startswith("INT. DEPOT - NIGHT") for h in headings) and "EXT. STREET - DAY" in headings
    cut = text.split("\n").index("SHOT 2s - INSERT") + 1
    assert [kind for line, _, kind, _ in found if line == cut] == ["comment"]  # inside the boneyard: nothing but a comment
    assert any(kind == "parameter" and "WIDE" in covered for _, covered, kind, _ in found)  # a shot's direction
