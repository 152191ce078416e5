"""`kscript lsp`: the language server (pygls), one module per group of features.

server.py starts it, keeps the open documents (state.py) and merges the
edits that come faster than they are checked; the checking itself is
kscript/check/incremental.py's (the checker `lint` uses, reading again only
the scene an edit changed); the features read its Analysis: diagnostics.py, hover.py, navigate.py
(definition, references, rename), complete.py, symbols.py, hints.py,
tokens.py, actions.py (quick fixes, fix all), formatting.py. Only this
package imports pygls and lsprotocol, and nothing outside it imports this
package but the `lsp` command.
"""
