"""Printing and asking for the API flows (their events, kscript/cli/submit_text.py), without
the command-line toolkit.

Results go to standard output, progress and questions to standard error, so a
pipeline can read the results while a person watches the progress.

The API's words (error messages, statuses, ids, model names, URLs) and a journal
written from them are shown through `kscript.formats.escape.untrusted` where they
are put into a line, so they cannot start a line of their own; `echo` escapes
every other control or invisible character of a line as well, a second guard
for a value that reaches it unescaped.
"""

from __future__ import annotations

import sys

from kscript.formats.escape import untrusted


def echo(message: str = "", err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(untrusted(message, keep="\n\t") + "\n")
    stream.flush()


def confirm(question: str, default: bool = False) -> bool:
    """Ask a yes/no question on the terminal; end of input counts as the default."""
    choices = "[Y/n]" if default else "[y/N]"
    while True:
        sys.stderr.write(f"{untrusted(question)} {choices}: ")
        sys.stderr.flush()
        answer = sys.stdin.readline()
        if not answer:
            sys.stderr.write("\n")
            return default
        answer = answer.strip().lower()
        if not answer:
            return default
        if answer in ("y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
