"""`kscript lsp`: the language server (pygls), one module per group of features.

server.py starts it and keeps the open documents (state.py); incremental.py
checks a document again after each edit, reading only the scene that changed;
the features read its Analysis: diagnostics.py, hover.py, navigate.py
(definition, references, rename), complete.py, symbols.py, hints.py,
tokens.py, actions.py (quick fixes, fix all), formatting.py. Only this
package imports pygls and lsprotocol, and nothing outside it imports this
package but the `lsp` command.
"""
