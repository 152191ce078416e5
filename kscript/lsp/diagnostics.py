"""Diagnostics: the findings of `kscript lint` for the document, as the client shows them.

Each carries its code, a severity, the exact range and a link to the rule's
documentation (`codeDescription`): the rules page shipped in the package
(docs/RULES.md, one heading per code) as a `file:` link, so that it opens
offline and shows the rules of the kscript that found them.
"""

from __future__ import annotations

from lsprotocol import types

from kscript.core.diagnostics import Diagnostic
from kscript.lsp.state import Open


def _rules_page() -> str:
    from pathlib import Path

    from kscript.core.resources import rules_page_path

    return Path(rules_page_path()).as_uri()


RULES_PAGE = _rules_page()

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def rule_url(code: str) -> str:
    return f"{RULES_PAGE}#{code.lower()}"


def selected(state: Open, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The findings `kscript lint` prints for this file: the configuration's selection and ignores, in order."""
    from kscript.check.runner import Selection

    cfg = state.config
    selection = Selection(cfg.select, cfg.ignore)
    ignores = cfg.ignored_for(state.path) if state.path.startswith("/") else []
    wanted: dict[str, bool] = {}  # by code: a hostile file has 200,000 diagnostics of one code
    for code in {d.code for d in diagnostics}:
        wanted[code] = selection.enabled(code) and not any(code.startswith(i) for i in ignores)
    return sorted((d for d in diagnostics if wanted[d.code]), key=Diagnostic.sort_key)


def to_lsp(state: Open, d: Diagnostic) -> types.Diagnostic:
    (sl, sc), (el, ec) = state.lsp_range(d.span)
    message = d.message + (f"\nhelp: {d.help}" if d.help else "")
    return types.Diagnostic(
        range=types.Range(types.Position(sl, sc), types.Position(el, ec)),
        message=message,
        severity=SEVERITY.get(d.severity, types.DiagnosticSeverity.Information),
        code=d.code,
        code_description=types.CodeDescription(href=rule_url(d.code)),
        source="kscript",
    )


def current(state: Open) -> list[Diagnostic]:
    """The document's findings now, selected as lint selects them."""
    if state.payload:
        from kscript.check.runner import lint_path

        return lint_path(state.path, state.config, text=state.document.text).diagnostics
    assert state.analysis is not None
    return selected(state, state.analysis.diagnostics)


# An editor shows no more usefully, and a hostile file (200,000 unclosed `[[`) would
# otherwise cost five times its lint to send: `kscript lint` lists them all.
MOST_PUBLISHED = 1_000


def publish(server, state: Open) -> None:
    everything = current(state)
    found = [to_lsp(state, d) for d in everything[:MOST_PUBLISHED]]
    if len(everything) > MOST_PUBLISHED:
        more = len(everything) - MOST_PUBLISHED
        found.append(
            types.Diagnostic(
                range=found[-1].range,
                message=f"{more:,} more diagnostics are not shown here; `kscript lint {state.path}` lists them all",
                severity=types.DiagnosticSeverity.Information,
                source="kscript",
            )
        )
    if state.config_error:
        found.insert(
            0,
            types.Diagnostic(
                range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                message=f"the configuration cannot be used, so kscript's defaults apply: {state.config_error}",
                severity=types.DiagnosticSeverity.Error,
                source="kscript",
            ),
        )
    server.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=state.document.uri, diagnostics=found, version=state.document.version)
    )


def rules_page() -> str:
    """docs/RULES.md: one section per rule, the target of each diagnostic's link (see tests/test_lsp_docs.py)."""
    from kscript.check.rules import registry

    out = [
        "# kscript's rules",
        "",
        "One section per diagnostic code, as `kscript rules CODE` prints it. Editors",
        "link each diagnostic here (`codeDescription` in `kscript lsp`).",
        "Written from the rules' own documentation by",
        "`python -c 'from kscript.lsp.diagnostics import rules_page; print(rules_page(), end=\"\")' > docs/RULES.md`.",
        "",
    ]
    for rule in registry().values():
        out += [f"## {rule.code}", "", f"**{rule.severity}**: {rule.summary}", "", "```text", rule.doc, "```", ""]
    return "\n".join(out)
