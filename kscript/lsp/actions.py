"""Code actions: each diagnostic's fix as a quick fix, and "fix all safe" (`source.fixAll.kscript`).

A quick fix applies one diagnostic's edits. Fix all runs what `kscript lint
--fix` runs (kscript/check/fixes.py: lint, apply the safe fixes, lint again,
until none is left) on the document's text and answers with the result.
"""

from __future__ import annotations

from lsprotocol import types

from kscript.lsp import diagnostics as diag
from kscript.lsp.state import Open

FIX_ALL = "source.fixAll.kscript"


def _range(state: Open, edit) -> types.Range:
    if edit.span is not None:
        (sl, sc), (el, ec) = state.lsp_range(edit.span)
    else:
        sl, sc = state.document.position(edit.start, state.encoding)
        el, ec = state.document.position(edit.end, state.encoding)
    return types.Range(types.Position(sl, sc), types.Position(el, ec))


def fixed_text(state: Open) -> str:
    from kscript.check.fixes import fix_text
    from kscript.check.runner import lint_path

    return fix_text(state.document.text, lambda text: lint_path(state.path, state.config, text=text).diagnostics).text


def whole_document_edit(state: Open, new_text: str) -> types.WorkspaceEdit | None:
    old = state.document.text
    if new_text == old:
        return None
    # Replace only what changed, from the first differing character to the last.
    start = 0
    limit = min(len(old), len(new_text))
    while start < limit and old[start] == new_text[start]:
        start += 1
    end_old, end_new = len(old), len(new_text)
    while end_old > start and end_new > start and old[end_old - 1] == new_text[end_new - 1]:
        end_old -= 1
        end_new -= 1
    sl, sc = state.document.position(start, state.encoding)
    el, ec = state.document.position(end_old, state.encoding)
    edit = types.TextEdit(types.Range(types.Position(sl, sc), types.Position(el, ec)), new_text[start:end_new])
    return types.WorkspaceEdit(changes={state.document.uri: [edit]})


def wants(only: list[str] | None, kind: str) -> bool:
    return only is None or any(kind == k or kind.startswith(k + ".") for k in only)


def register(server) -> None:
    options = types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL])

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)
    @server.guarded("codeAction", default=[])
    def on_code_action(params: types.CodeActionParams):
        state = server.state(params.text_document.uri)
        if state is None or state.analysis is None:
            return []
        only = params.context.only
        actions: list[types.CodeAction] = []
        current = diag.current(state)
        if wants(only, types.CodeActionKind.QuickFix):
            asked = {(d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character): d for d in params.context.diagnostics}
            for d in current:
                if d.fix is None:
                    continue
                shown = diag.to_lsp(state, d)
                r = shown.range
                key = (d.code, r.start.line, r.start.character, r.end.line, r.end.character)
                within = r.start.line <= params.range.end.line and r.end.line >= params.range.start.line
                if key not in asked and not within:
                    continue
                edits = [types.TextEdit(_range(state, e), e.text) for e in d.fix.edits]
                title = d.fix.message[:1].upper() + d.fix.message[1:] + (" (unsafe: changes what is sent)" if d.fix.applicability == "unsafe" else "")
                actions.append(
                    types.CodeAction(
                        title=f"{title} ({d.code})",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[asked.get(key, shown)],
                        edit=types.WorkspaceEdit(changes={state.document.uri: edits}),
                        is_preferred=d.fix.applicability == "safe",
                    )
                )
        if wants(only, FIX_ALL) and any(d.fix is not None and d.fix.applicability == "safe" for d in current):
            edit = whole_document_edit(state, fixed_text(state))
            if edit is not None:
                actions.append(types.CodeAction(title="Fix all safe kscript problems", kind=FIX_ALL, edit=edit))
        return actions
