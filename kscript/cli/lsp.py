"""`kscript lsp`: the language server, over standard input and output."""

from __future__ import annotations

import click


@click.command()
def lsp() -> None:
    """Run the language server (LSP over stdin/stdout) for editors.

    Needs pygls and lsprotocol, which are installed with kscript.
    """
    try:
        from kscript.lsp.server import main
    except ImportError as exc:
        from kscript.cli.common import Fail

        raise Fail(f"`kscript lsp` needs pygls and lsprotocol, installed with kscript ({exc.name} is missing): pip install 'pygls>=2.1,<3' 'lsprotocol>=2025.0.0'") from None
    main()
