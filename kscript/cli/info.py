"""`kscript rules` and `kscript schema`: what kscript checks and what it sends."""

from __future__ import annotations

import click

from kscript.cli.common import Fail

_FIX_TEXT = {
    "safe": "safe (keeps what is sent; `kscript lint --fix` applies it)",
    "unsafe": "unsafe (a guess that changes what is sent; `kscript lint --fix --unsafe-fixes` applies it)",
    None: "none (fix it by hand)",
}


@click.command()
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List the lint rules, or explain one (kscript rules KS203).

    The list's columns: code, severity, fix (`safe`: `lint --fix` applies it;
    `unsafe`: only with `--unsafe-fixes`; `-`: none), summary.
    """
    from kscript.check.rules import registry
    from kscript.core.words import did_you_mean

    table = registry()
    if code is None:
        for rule in table.values():
            click.echo(f"{rule.code}  {rule.severity:<7}  {rule.fix or '-':<6}  {rule.summary}")
        return
    chosen = table.get(code.upper())
    if chosen is None:
        guess = did_you_mean(code.upper(), list(table))
        raise Fail(f"no rule {code}" + (f"; did you mean {guess}?" if guess else "; `kscript rules` lists them"))
    click.echo(f"{chosen.code} ({chosen.severity})")
    click.echo(f"Fix: {_FIX_TEXT[chosen.fix]}\n")
    click.echo(chosen.doc)


@click.command()
@click.argument("name", required=False)
def schema(name: str | None) -> None:
    """Print a JSON Schema shipped with kscript (without NAME: list them)."""
    from kscript.check import schemas

    available = schemas.names()
    if name is None:
        for n in available:
            click.echo(n)
        return
    key = name.removesuffix(".json").removesuffix(".schema")
    if key not in available:
        raise Fail(f"no schema {name!r}; available: {', '.join(available)}")
    click.echo(schemas.text(key), nl=False)
