"""The README's promises stay true: its example output and its two quick-start commands."""

import json
import re

from click.testing import CliRunner

from kscript.cli.main import cli
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_shows_what_the_example_really_compiles_to():
    shown = re.search(r"`kscript compile examples/one-shot.kscript --scene 1` prints:\n\n```json\n(.*?)```", README, re.S)
    assert shown is not None
    result = CliRunner().invoke(cli, ["compile", str(ROOT / "examples" / "one-shot.kscript"), "--scene", "1"])
    assert json.loads(shown.group(1)) == json.loads(result.stdout)
    script = re.search(r"## A script and what it compiles to\n\n```\n(.*?)```", README, re.S).group(1)
    assert script == (ROOT / "examples" / "one-shot.kscript").read_text(encoding="utf-8")


def test_quick_start_is_two_one_line_commands_and_ci_runs_the_test_one():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick, re.S)
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    install, test = commands
    assert install.startswith("pip install . && kscript compile examples/")
    assert "pytest" in test
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
