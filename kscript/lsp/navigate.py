"""Go to definition, find references and rename, for cast members and images.

A name's uses are its `@name` references in sent text and the dialogue cues
of a cast member, never plain words that happen to match. Rename writes the
new name in the case each occurrence was written in (`MARA` in a cue or the
cast, `@Mara` in action), and is refused where the script would then be read
otherwise than with the name changed (kscript/lsp/rename.py).
"""

from __future__ import annotations

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from kscript.check.incremental import Analysis
from kscript.lsp import lookup, rename


class Refused(JsonRpcException):
    """A rename that cannot be done; the client shows the message."""

    CODE = -32803  # LSP's RequestFailed


def uses(analysis: Analysis, declaration) -> list[lookup.Occurrence]:
    return [o for o in lookup.occurrences(analysis) if o.declaration is declaration]


def rename_edits(analysis: Analysis, declaration, new: str) -> list[tuple[object, str]]:
    """(span, text) for the declaration and every use; Refused where the rename would change
    how the script is read (kscript/lsp/rename.py says how that is found)."""
    context = analysis.context
    try:
        return rename.rename(
            analysis.text,
            analysis.path,
            uses(analysis, declaration),
            declaration,
            lookup.declared(analysis),
            new,
            image_count=context.image_count,
            defaults=context.defaults,
        )
    except rename.RenameRefused as refused:
        raise Refused(str(refused)) from None


def register(server) -> None:
    def target(params):
        state = server.state(params.text_document.uri)
        if state is None or state.analysis is None or state.payload:
            return None, None
        line, column = state.kscript_position(params.position.line, params.position.character)
        return state, lookup.occurrence_at(state.analysis, line, column)

    def location(state, span) -> types.Location:
        (sl, sc), (el, ec) = state.lsp_range(span)
        return types.Location(state.document.uri, types.Range(types.Position(sl, sc), types.Position(el, ec)))

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @server.guarded("definition")
    def definition(params: types.DefinitionParams):
        state, occ = target(params)
        if occ is None or occ.declaration is None:
            return None
        return [location(state, occ.declaration.span)]

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @server.guarded("references")
    def references(params: types.ReferenceParams):
        state, occ = target(params)
        if occ is None or occ.declaration is None:
            return None
        include = params.context.include_declaration
        return [location(state, o.span) for o in uses(state.analysis, occ.declaration) if include or o.kind != "declaration"]

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    @server.guarded("prepareRename")
    def prepare_rename(params: types.PrepareRenameParams):
        state, occ = target(params)
        if occ is None:
            raise Refused("put the cursor on a cast member's or an image's name to rename it")
        if occ.declaration is None:
            raise Refused(f"`{occ.name}` is not declared, so there is nothing to rename")
        (sl, sc), (el, ec) = state.lsp_range(occ.span)
        return types.PrepareRenamePlaceholder(types.Range(types.Position(sl, sc), types.Position(el, ec)), occ.name)

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    @server.guarded("rename")
    def rename(params: types.RenameParams):
        state, occ = target(params)
        if occ is None or occ.declaration is None:
            raise Refused("put the cursor on a cast member's or an image's name to rename it")
        edits = []
        for span, text in rename_edits(state.analysis, occ.declaration, params.new_name.strip()):
            (sl, sc), (el, ec) = state.lsp_range(span)
            edits.append(types.TextEdit(types.Range(types.Position(sl, sc), types.Position(el, ec)), text))
        return types.WorkspaceEdit(changes={state.document.uri: edits})
