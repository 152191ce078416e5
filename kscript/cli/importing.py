"""`kscript import`: turn request payloads into a script that compiles back to them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kscript.cli.common import Fail, print_diagnostics, use_colour
from kscript.core.atomic import write_file
from kscript.core.exits import Exit


def _title(out: str | None, payloads: tuple[str, ...]) -> str:
    """The script's title from the file written or the first payload's name; `Imported` when
    there is none, or when the name holds a character a script cannot (a control character)."""
    from kscript.formats.escape import untrusted
    from kscript.language.source import stem_of

    if out:
        title = stem_of(out)
    else:
        title = "" if payloads[0] == "-" else stem_of(payloads[0]).split(".")[0]
    return title if title.strip() and untrusted(title) == title else "Imported"


def _shown(problem) -> str:
    """An import problem as printed: what it quotes of a payload (a key, a value, a file
    name) escaped, so that it cannot move the cursor or start a line of its own."""
    from kscript.formats.escape import untrusted

    text = f"{untrusted(problem.where)}: {problem.severity}: {untrusted(problem.message)}"
    return text + (f"\n  help: {untrusted(problem.help)}" if problem.help else "")


def _write_new(target: Path, text: str, force: bool) -> None:
    """Write the script into place; never over a file unless --force."""
    if target.exists() and not force:
        raise Fail(f"{target} exists; nothing was written (choose another name, or --force to replace it)")
    write_file(target, text)


def _lint_first(name: str, text: str, found: list) -> int:
    """Lint the requests as `kscript lint` does and show its errors in lint's words: a
    request the API would refuse is not imported, and import never says otherwise than lint.
    A file of one request object is linted as written (positions in the file); each
    request of a list, JSON lines or YAML documents is linted written out alone, named
    by its place (`batch.json, request 2`)."""
    import json

    from kscript.check.config import Config
    from kscript.check.runner import lint_path

    if len(found) == 1 and name.lower().endswith(".json") and text.lstrip().startswith("{"):
        texts = [(name, text)]
    else:
        texts = [(f"{name}, request {n}", json.dumps(r.body, indent=2, ensure_ascii=False)) for n, r in enumerate(found, 1)]
    count = 0
    for where, body_text in texts:
        result = lint_path(where if where == name else "request.json", Config(), text=body_text)
        result.path = where
        for d in result.diagnostics:
            d.path = where
        # KS609 (another provider's `input` wrapper) is no obstacle here: import unwraps it.
        # Nor is a missing `model`: a script without `Model:` compiles for the default model.
        errors = [d for d in result.diagnostics if d.severity == "error" and d.code != "KS609" and d.message != "the request has no `model`"]
        if errors:
            result.diagnostics = errors
            print_diagnostics(result, "text", use_colour("auto", sys.stderr), err=True)
        count += len(errors)
    return count


def _unwrapped(request):
    """A body wrapped in another provider's `{"input": {...}}` (Replicate's and fal's
    shape) is imported from the fields inside, as lint checks them there (KS609)."""
    from kscript.importer.read import Request

    body = request.body
    inner = body.get("input")
    if not isinstance(inner, dict) or "prompt" in body or "multi_prompt" in body:
        return request
    click.echo(
        f"{request.origin}: warning: the request is wrapped in another provider's `input` object: "
        "the fields inside it are imported (the Oxen API takes them at the top level)",
        err=True,
    )
    lifted = dict(inner)
    if "model" in body and "model" not in lifted:
        lifted["model"] = body["model"]
    return Request(request.origin, lifted, request.scene_id)


@click.command(name="import")
@click.argument("payloads", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False), help="Write the script to FILE (default: standard output).")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def import_cmd(payloads: tuple[str, ...], out: str | None, force: bool) -> None:
    """Turn request payloads (JSON, JSONL or YAML; one request or a list) into a script.

    One scene per request, in the order given; the script compiles back to the
    same requests, which kscript checks before writing anything.
    """
    from kscript.check.runner import check_script, read_file
    from kscript.formatter.canonical import format_text
    from kscript.importer.read import Request, requests_of
    from kscript.importer.verify import round_trip
    from kscript.importer.write import write
    from kscript.language.source import DecodeError

    requests: list[Request] = []
    problems = []
    refused = 0
    for payload in payloads:
        name = "<stdin>.json" if payload == "-" else payload
        try:
            text = read_file(payload)
        except DecodeError as exc:
            raise Fail(f"{payload}: cannot read: {exc}") from None
        except OSError as exc:
            raise Fail(f"{payload}: cannot read: {exc.strerror or exc}") from None
        found, trouble = requests_of(name, text)
        if not trouble:
            refused += _lint_first(name, text, found)
        requests += [_unwrapped(r) for r in found]
        problems += trouble
    if refused:
        raise Fail(f"{refused} error{'s' if refused != 1 else ''} that `kscript lint` finds in the requests; nothing was written", Exit.FAIL)
    written = None
    if not problems:
        written = write(requests, _title(out, payloads))
        problems += written.problems
    for problem in problems:
        click.echo(_shown(problem), err=True)
    if written is None or written.failed:
        errors = sum(1 for p in problems if p.severity == "error")
        raise Fail(f"{errors} error{'s' if errors != 1 else ''}; nothing was written", Exit.FAIL)
    text = format_text(written.text)  # in the canonical layout, as `kscript fmt` writes it
    bugs = round_trip(text, written.expected, written.queue, [r.origin for r in requests])
    for problem in bugs:
        click.echo(_shown(problem), err=True)
    if bugs:
        raise Fail("the script would not compile back to the requests; nothing was written", Exit.FAIL)
    if out:
        try:
            _write_new(Path(out), text, force)
        except OSError as exc:
            raise Fail(f"{out}: cannot write: {exc.strerror or exc}") from None
        click.echo(out)
    else:
        click.echo(text, nl=False)
    # What the API would refuse in the requests themselves shows as the script's own diagnostics.
    result = check_script(out or "imported.kscript", text, queue=written.queue)
    shown = [d for d in result.diagnostics if d.severity != "info"]
    if shown:
        result.diagnostics = shown
        print_diagnostics(result, "text", use_colour("auto", sys.stderr), err=True)
    if any(d.severity == "error" for d in shown):
        sys.exit(Exit.FAIL)
