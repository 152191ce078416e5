"""Linting many files: in this process, or in a pool of processes past a threshold."""

from __future__ import annotations

import os

from kscript.check.runner import FileResult, Selection, lint_path

# Below this many files, starting worker processes costs more than it saves.
POOL_THRESHOLD = 64


def _lint_one(args) -> FileResult:
    path, cfg, selection = args
    result = lint_path(path, cfg, selection)
    result.source = None  # results cross a process boundary: keep them small
    result.compiled = []
    result.script = None
    return result


def lint_many(files: list[str], cfg, selection: Selection, jobs: int = 0) -> list[FileResult]:
    workers = jobs if jobs > 0 else min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(files) < POOL_THRESHOLD or "-" in files:
        return [_lint_one((f, cfg, selection)) for f in files]
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(files) // (workers * 8))
    import gc

    with ProcessPoolExecutor(max_workers=workers, initializer=gc.disable) as pool:
        return list(pool.map(_lint_one, [(f, cfg, selection) for f in files], chunksize=chunk))
