"""Machine-readable formats: JSON, GitHub workflow commands and SARIF 2.1.0."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kscript.core.diagnostics import Diagnostic
from kscript.formats.escape import json_text, visible


def as_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "path": d.path,
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "code": d.code,
        "severity": d.severity,
        "message": d.message,
        "help": d.help,
    }


def to_json(diagnostics: list[Diagnostic]) -> str:
    return json_text(json.dumps([as_dict(d) for d in diagnostics], indent=2, ensure_ascii=False))


def _escape_data(text: str) -> str:
    # Line breaks as GitHub decodes them; every other control character as a visible escape.
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def github(d: Diagnostic) -> str:
    props = ",".join(
        [
            f"file={_escape_property(d.path)}",
            f"line={d.span.line}",
            f"col={d.span.column}",
            f"endLine={d.span.end_line}",
            f"endColumn={d.span.end_column}",
            f"title={_escape_property(d.code)}",
        ]
    )
    message = d.message + (f"\nhelp: {d.help}" if d.help else "")
    return f"::{_GITHUB_LEVEL[d.severity]} {props}::{_escape_data(message)}"


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    """A relative URI reference (to %SRCROOT%, the folder kscript ran in) where possible."""
    from urllib.parse import quote

    p = Path(path)
    if p.is_absolute():
        try:
            return quote(p.relative_to(Path.cwd()).as_posix())
        except ValueError:
            return p.as_uri()
    return quote(p.as_posix())


def _sarif_fix(d: Diagnostic) -> dict[str, Any]:
    """A SARIF 2.1.0 fix object (section 3.55): each edit a replacement of a text region.

    The regions count lines and columns as the results' own regions do (an
    insertion is an empty region: endColumn == startColumn). Whether the fix
    is safe goes in the property bag, which SARIF leaves to tools.
    """
    assert d.fix is not None
    replacements = []
    for edit in d.fix.edits:
        span = edit.span
        region: dict[str, int] = (
            {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column}
            if span is not None
            else {"charOffset": edit.start, "charLength": edit.end - edit.start}
        )
        replacements.append({"deletedRegion": region, "insertedContent": {"text": edit.text}})
    return {
        "description": {"text": d.fix.message},
        "artifactChanges": [{"artifactLocation": {"uri": _uri(d.path), "uriBaseId": "%SRCROOT%"}, "replacements": replacements}],
        "properties": {"applicability": d.fix.applicability},
    }


def sarif(diagnostics: list[Diagnostic]) -> str:
    from kscript.check.rules import registry
    from kscript.core.version import __version__

    rules = list(registry().values())
    index = {rule.code: i for i, rule in enumerate(rules)}
    driver = {
        "name": "kscript",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": "https://github.com/kscript/kscript",
        "rules": [
            {
                "id": rule.code,
                "name": rule.module.__name__.rsplit(".", 1)[-1].split("_", 1)[-1],
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.doc.split("\n\n", 1)[-1].split("\n\n")[0].replace("\n", " ")},
                "help": {"text": rule.doc, "markdown": rule.doc},
                "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
                "properties": {"tags": ["kscript"], **({"fix": rule.fix} if rule.fix else {})},
            }
            for rule in rules
        ],
    }
    results = []
    for d in diagnostics:
        text = d.message + (f"\nhelp: {d.help}" if d.help else "")
        result: dict[str, Any] = {
            "ruleId": d.code,
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": text},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(d.path), "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": d.span.line,
                            "startColumn": d.span.column,
                            "endLine": d.span.end_line,
                            "endColumn": d.span.end_column,
                        },
                    }
                }
            ],
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        if d.fix is not None:
            result["fixes"] = [_sarif_fix(d)]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}],
    }
    return json_text(json.dumps(log, indent=2, ensure_ascii=False))
