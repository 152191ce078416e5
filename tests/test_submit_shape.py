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


# The wait (wait.py) is left out: finish_wait and wait_for take seven, the last three
# keyword-only options (stream, max_bytes, the resume command).
FLOW = ["kscript/oxen/submit.py", "kscript/oxen/submission.py", "kscript/oxen/plan.py", "kscript/oxen/reconcile.py",
        "kscript/oxen/progress.py", "kscript/oxen/pricing.py", "kscript/cli/submit_text.py"]


def test_no_function_of_the_flow_takes_more_than_six_parameters():
    wide = []
    for name in FLOW:
        for node in ast.walk(ast.parse((ROOT / name).read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                params = [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs if a.arg not in ("self", "cls")]
                if len(params) > 6:
                    wide.append(f"{name}: {node.name}({', '.join(params)})")
    assert wide == []


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
