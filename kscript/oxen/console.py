"""Printing and asking for the API flows, without the command-line toolkit.

Results go to standard output, progress and questions to standard error, so a
pipeline can read the results while a person watches the progress.
"""

from __future__ import annotations

import sys


def echo(message: str = "", err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(message + "\n")
    stream.flush()


def confirm(question: str, default: bool = False) -> bool:
    """Ask a yes/no question on the terminal; end of input counts as the default."""
    choices = "[Y/n]" if default else "[y/N]"
    while True:
        sys.stderr.write(f"{question} {choices}: ")
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
