"""Submit's shape (issue 20, item 4): a request in, an outcome out, events in between, used
from Python against the local server as the command line uses it; every function of the
flow takes at most six parameters, and the exit codes are named in one place."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from tests.conftest import KEY
from tests.helpers import EXAMPLES, ROOT
from tests.oxen_server import Fault

TRAM = "the-last-tram.kscript"


class Collected:
    """An Events sink that keeps every event and answers the question with `answer`."""

    def __init__(self, answer: bool = True) -> None:
        self.events: list = []
        self.questions: list[str] = []
        self.answer = answer

    def emit(self, event) -> None:
        self.events.append(event)

    def confirm(self, question: str) -> bool:
        self.questions.append(question)
        return self.answer

    def of(self, kind) -> list:
        return [e for e in self.events if isinstance(e, kind)]


def request_for(tmp_path: Path, server, **options):
    from kscript.check.config import Config
    from kscript.check.gate import gate
    from kscript.oxen.submission import SubmitOptions, SubmitRequest

    shutil.copy(EXAMPLES / TRAM, tmp_path / TRAM)
    passed = gate(TRAM, Config(), queue=True)
    assert passed.refusal is None
    return SubmitRequest(TRAM, passed.compiled, server.base_url, SubmitOptions(**options))


def test_a_request_in_an_outcome_out_and_events_between(server, api_env, tmp_path):
    from kscript.core.exits import Exit
    from kscript.oxen.api import ApiError, Client
    from kscript.oxen.submission import Held, Planned, Queued
    from kscript.oxen.submit import plan_command, submit

    request = request_for(tmp_path, server)
    with Client(server.base_url, KEY) as client:
        events = Collected()
        outcome = submit(request, client, events)
        assert outcome.exit == Exit.OK and outcome.sent == ["1", "2"] and outcome.skipped == []
        assert sorted(outcome.generation_ids) == sorted(server.generations)
        assert outcome.cost == sum(p.cost for p in events.of(Planned)[0].plans) > 0
        assert [e.entry.generation_id for e in events.of(Queued)] == outcome.generation_ids
        assert events.questions == ["Send 2 scenes for about $4.93?"]

        # Scene 1's next enqueue is enqueued but its answer lost: adopted by the next run, with proof.
        edited = tmp_path / TRAM
        edited.write_text(edited.read_text().replace("Rain drums", "Hail drums"))
        request = request_for_again(tmp_path, server)
        server.fault("enqueue", Fault("lost"))
        with pytest.raises(ApiError) as lost:  # the command line reports it (exit 3)
            submit(request, client, Collected())
        assert "found on the API and journalled" in lost.value.message
        again = Collected()
        outcome = submit(request, client, again)
        assert outcome.exit == Exit.OK and outcome.sent == [] and outcome.skipped == ["1", "2"]
        assert outcome.generation_ids == [] and outcome.cost == 0 and again.questions == []
        assert again.of(Held) == []

        planned = Collected()
        outcome = plan_command(request, client, planned)
        (plan,) = planned.of(Planned)
        assert plan.result and [p.action for p in plan.plans] == ["unchanged", "unchanged"]
        assert "adopted: the request matches field for field" in plan.plans[0].note
        assert outcome.exit == Exit.OK and outcome.skipped == ["1", "2"]


def request_for_again(tmp_path: Path, server):
    from kscript.check.config import Config
    from kscript.check.gate import gate
    from kscript.oxen.submission import SubmitRequest

    passed = gate(TRAM, Config(), queue=True)
    return SubmitRequest(TRAM, passed.compiled, server.base_url)


def test_a_refused_question_sends_nothing_and_says_so(server, api_env, tmp_path):
    from kscript.core.exits import Exit
    from kscript.oxen.api import Client
    from kscript.oxen.submission import Said
    from kscript.oxen.submit import submit

    request = request_for(tmp_path, server)
    with Client(server.base_url, KEY) as client:
        events = Collected(answer=False)
        outcome = submit(request, client, events)
    assert outcome.exit == Exit.FAIL and outcome.sent == [] and server.enqueued == 0
    assert events.of(Said)[-1].text == "nothing was sent"


def test_a_dry_run_needs_no_client_and_shows_the_requests(server, api_env, tmp_path):
    from kscript.oxen.submission import WouldSend
    from kscript.oxen.submit import submit

    request = request_for(tmp_path, server, dry_run=True, generations=2)
    events = Collected()
    outcome = submit(request, None, events)
    sent = events.of(WouldSend)
    assert [e.url for e in sent] == [f"POST {server.base_url}/api/ai/queue"] * 2
    assert all(e.body["num_generations"] == 2 for e in sent) and outcome.sent == [] and server.log == []


def test_a_wait_ends_in_events(server, api_env, tmp_path, monkeypatch, capsys):
    """`--wait` from Python: its progress as events (the generations, their states, the end),
    each saved video a VideoSaved event, the exit code in the outcome; nothing printed."""
    from kscript.core.exits import Exit
    from kscript.oxen.api import Client
    from kscript.oxen.submission import GenerationState, Said, VideoSaved, WaitBegan, WaitEnded
    from kscript.oxen.submit import submit

    monkeypatch.setenv("KSCRIPT_POLL_INTERVAL", "0.05")
    server.tick = 0.05
    request = request_for(tmp_path, server, wait=True, yes=True, out=tmp_path / "v")
    events = Collected()
    with Client(server.base_url, KEY) as client:
        outcome = submit(request, client, events)
    saved = [e.path for e in events.of(VideoSaved)]
    assert outcome.exit == Exit.OK and len(saved) == 2 and sorted(saved) == sorted((tmp_path / "v").iterdir())
    assert not any("error" in e.text for e in events.of(Said))
    (began,) = events.of(WaitBegan)
    assert sorted(began.labels) == sorted(outcome.generation_ids)
    assert all(label.startswith("the-last-tram scene ") for label in began.labels.values())
    last = {e.gid: e.state for e in events.of(GenerationState)}
    assert sorted(last.values()) == sorted(f"saved {path}" for path in saved)
    order = [type(e) for e in events.events]
    assert order.count(WaitEnded) == 1 and order.index(WaitBegan) < order.index(WaitEnded) < order.index(VideoSaved)
    out, err = capsys.readouterr()
    assert out == err == ""


def test_status_and_download_speak_through_events(server, api_env, tmp_path, monkeypatch, capsys):
    """`status` and `download --wait` from Python: their lines are Said events (the table as
    results), each video a VideoSaved; the exit codes are Exit's."""
    from kscript.core.exits import Exit
    from kscript.oxen import commands
    from kscript.oxen.api import Client
    from kscript.oxen.submission import Said, VideoSaved, WaitBegan
    from kscript.oxen.submit import submit
    from kscript.oxen.wait import WaitOptions

    monkeypatch.setenv("KSCRIPT_POLL_INTERVAL", "0.05")
    server.tick = 0.05
    with Client(server.base_url, KEY) as client:
        outcome = submit(request_for(tmp_path, server, yes=True), client, Collected())
        events = Collected()
        assert commands.download(client, outcome.generation_ids, WaitOptions(tmp_path / "v"), events, wait=True) == Exit.OK
        assert len(events.of(WaitBegan)) == 1 and sorted(e.path for e in events.of(VideoSaved)) == sorted((tmp_path / "v").iterdir())
        listed = Collected()
        assert commands.status(client, [], listed) == Exit.OK
    table = [e.text for e in listed.of(Said) if e.result]
    assert table[0].split()[:4] == ["scene", "generation", "status", "file"] and len(table) == 3
    assert all("succeeded" in row for row in table[1:])
    assert capsys.readouterr().out == ""


def test_the_uploads_speak_through_events(server, api_env, tmp_path):
    """Uploads before the first enqueue are events, not printed lines: the repository created,
    each file uploaded (or found there already), and an address that needs the key."""
    from kscript.check import config
    from kscript.check.gate import gate
    from kscript.core.exits import Exit
    from kscript.oxen.api import Client
    from kscript.oxen.submission import NotPublic, Planned, RepoCreated, SubmitOptions, SubmitRequest, Uploaded
    from kscript.oxen.submit import submit
    from tests.test_assets_lint import SCRIPT, png

    png(tmp_path / "mara.png")
    png(tmp_path / "depot.png", (800, 600), (10, 200, 10))
    (tmp_path / "film.kscript").write_text(SCRIPT.format(front="mara.png", depot="depot.png", start="last frame of scene 1"))
    (tmp_path / "kscript.toml").write_text('assets-repo = "me/film-assets"\n')
    server.private_repos.add("me/film-assets")

    def run(events: Collected):
        passed = gate("film.kscript", config.load(), queue=True, scenes=("1",), base_url=server.base_url)
        assert passed.refusal is None
        request = SubmitRequest("film.kscript", passed.compiled, server.base_url, SubmitOptions(yes=True), passed.result.assets)
        with Client(server.base_url, KEY) as client:
            return submit(request, client, events)

    events = Collected()
    outcome = run(events)
    assert outcome.exit == Exit.OK and sorted(Path(f).name for f in outcome.uploaded) == ["depot.png", "mara.png"]
    (plan,) = events.of(Planned)
    assert sorted(a.value for a in plan.uploads) == ["depot.png", "mara.png"] and plan.repo == "me/film-assets"
    assert events.of(RepoCreated) == [RepoCreated("me/film-assets")]
    uploaded = events.of(Uploaded)
    assert sorted(e.asset.value for e in uploaded) == ["depot.png", "mara.png"] and not any(e.already for e in uploaded)
    assert sorted((e.asset.value, e.status) for e in events.of(NotPublic)) == [("depot.png", 404), ("mara.png", 404)]
    assert server.count("upload") == 2

    # Journalled, so a second run with a new request uploads nothing and says nothing of uploads.
    (tmp_path / "film.kscript").write_text((tmp_path / "film.kscript").read_text().replace("walks through", "runs through"))
    again = Collected()
    assert run(again).exit == Exit.OK and again.of(Uploaded) == again.of(RepoCreated) == [] and server.count("upload") == 2


# The flow: every module of kscript/oxen/ (plan, submit, the wait, the uploads, the journal, the
# transfers, the HTTP client) and the text its events become. Data classes are left out by
# construction: their generated __init__ is no function in the source.
FLOW = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "kscript" / "oxen").glob("*.py")) + ["kscript/cli/submit_text.py"]


def test_no_function_of_the_flow_takes_more_than_six_parameters():
    assert "kscript/oxen/wait.py" in FLOW and "kscript/oxen/journal.py" in FLOW and len(FLOW) > 15
    wide = []
    for name in FLOW:
        for node in ast.walk(ast.parse((ROOT / name).read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                params = [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs if a.arg not in ("self", "cls")]
                if len(params) > 6:
                    wide.append(f"{name}: {node.name}({', '.join(params)})")
    assert wide == []


# Nothing in kscript/oxen/ prints: it tells the user what happens through events
# (kscript/oxen/submission.py), which kscript/cli/ turns into text (submit_text.py, console.py)
# and progress (progress.py).
PRINTING_NAMES = {"echo", "secho", "print"}


def printing_calls(tree: ast.AST) -> list[int]:
    """Lines that print: echo(...), print(...), click.echo(...), console.echo(...),
    sys.stdout.write(...), sys.stderr.write(...), or an import of `echo`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in PRINTING_NAMES or isinstance(f, ast.Attribute) and f.attr in PRINTING_NAMES:
                found.append(node.lineno)
            elif (isinstance(f, ast.Attribute) and f.attr in ("write", "flush") and isinstance(f.value, ast.Attribute)
                  and f.value.attr in ("stdout", "stderr") and getattr(f.value.value, "id", None) == "sys"):
                found.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and any(a.name in PRINTING_NAMES for a in node.names) or isinstance(node, ast.Import) and any(
                a.name == "click" for a in node.names):
            found.append(node.lineno)
    return sorted(found)


def test_the_flow_prints_nothing_itself():
    """No module of kscript/oxen/ prints (echo, print, click, sys.stdout/stderr); the check
    itself finds a print where there is one."""
    assert printing_calls(ast.parse("from kscript.cli.console import echo\necho('x', err=True)\n")) == [1, 2]
    assert printing_calls(ast.parse("import sys, click\nclick.echo('x')\nsys.stderr.write('x')\nprint(1)\n")) == [1, 2, 3, 4]
    assert printing_calls(ast.parse((ROOT / "kscript/cli/console.py").read_text()))  # where the printing went
    assert printing_calls(ast.parse((ROOT / "kscript/cli/progress.py").read_text()))
    printing = {}
    for path in sorted((ROOT / "kscript" / "oxen").glob("*.py")):
        lines = printing_calls(ast.parse(path.read_text()))
        if lines:
            printing[str(path.relative_to(ROOT))] = lines
    assert printing == {}


def test_exit_codes_are_named_in_one_place():
    """No `exit_code=3`, `== 3`, `return 130` or `sys.exit(1)` literal outside kscript/core/exits.py."""
    literal = []
    for path in sorted((ROOT / "kscript").rglob("*.py")):
        if path.name == "exits.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            values = []
            if isinstance(node, ast.keyword) and node.arg in ("exit_code", "code"):
                values.append(node.value)
            elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "exit_code":
                values.extend(node.comparators)
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "exit" and node.args:
                values.append(node.args[0])
            literal += [f"{path.relative_to(ROOT)}:{v.lineno}" for v in values if isinstance(v, ast.Constant) and isinstance(v.value, int)]
    assert literal == []
