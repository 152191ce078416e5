"""`kscript lsp`: the language server, over standard input and output."""

from __future__ import annotations

import click


@click.command()
def lsp() -> None:
    """Run the language server (LSP over stdin/stdout) for editors.

    Needs pygls and lsprotocol: pip install 'kscript[lsp]'.
    """
    try:
        from kscript.lsp.server import main
    except ImportError as exc:
        from kscript.cli.common import Fail

        raise Fail(f"`kscript lsp` needs the language-server packages ({exc.name} is missing): pip install 'kscript[lsp]'") from None
    main()
