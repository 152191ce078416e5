"""Checking an import's own work: the written script must compile to the requests it came from."""

from __future__ import annotations

from typing import Any

from kscript.importer.problems import Problem


def first_difference(got: Any, want: Any, path: str = "") -> str | None:
    """Where two request bodies first differ, or None."""
    if isinstance(got, dict) and isinstance(want, dict):
        # Key order is the compiler's (the API reads keys by name); the tests hold it to the input's.
        missing = [k for k in want if k not in got]
        extra = [k for k in got if k not in want]
        if missing:
            return f"{path or 'the request'}: `{missing[0]}` is missing"
        if extra:
            return f"{path or 'the request'}: `{extra[0]}` is added"
        for key in want:
            found = first_difference(got[key], want[key], f"{path}.{key}" if path else key)
            if found:
                return found
        return None
    if isinstance(got, list) and isinstance(want, list):
        if len(got) != len(want):
            return f"{path}: {len(got)} items instead of {len(want)}"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            found = first_difference(g, w, f"{path}[{i}]")
            if found:
                return found
        return None
    if got != want or type(got) is not type(want):
        return f"{path}: {got!r} instead of {want!r}"
    return None


def round_trip(text: str, expected: list[dict[str, Any]], queue: bool, origins: list[str]) -> list[Problem]:
    """Compile `text` as `kscript compile` would and compare each scene with what it must be."""
    from kscript.check.runner import check_script

    result = check_script("imported.kscript", text, queue=queue)
    compiled = [c.request for c in result.compiled]
    if len(compiled) != len(expected):
        return [Problem("import", f"the script has {len(compiled)} scenes for {len(expected)} requests (a bug in kscript import: please report it)")]
    problems = []
    for origin, got, want in zip(origins, compiled, expected, strict=True):
        where = first_difference(got, want)
        if where is not None:
            problems.append(Problem(origin, f"the written script would not compile back to this request: {where} (a bug in kscript import: please report it)"))
    return problems
