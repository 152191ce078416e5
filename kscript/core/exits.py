"""Every command's exit codes, named once (docs/CLI.md, "Exit codes")."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    FAIL = 1  # lint errors; a refused compile or submit; a generation that failed
    USAGE = 2  # bad usage or an unreadable file
    API = 3  # the API could not be reached, refused the key, or refused for billing
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
