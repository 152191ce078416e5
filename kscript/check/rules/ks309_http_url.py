"""KS309: an `http` URL.

An `http://` image is fetched in clear, and many hosts refuse or redirect it.
`https://` is the safe choice.

Bad::

    front: http://cdn.example.com/mara.png

Good::

    front: https://cdn.example.com/mara.png
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.check.context import ScriptContext
from kscript.check.diagnostics import Diagnostic
from kscript.check.rules.ks308_invalid_url import script_urls
from kscript.language.urls import is_http, url_problem

CODE = "KS309"
SEVERITY = "warning"
SUMMARY = "`http` URL (sent in clear; many hosts refuse it)"
HELP = "use `https://` if the host serves it"


def check(ctx: ScriptContext) -> Iterator[Diagnostic]:
    for url, span, what in script_urls(ctx):
        if is_http(url) and url_problem(url) is None:
            yield ctx.report(CODE, f"{what} is an `http` URL, fetched in clear", span, HELP)


def check_payload(ctx) -> Iterator[Diagnostic]:
    for path, url in ctx.urls():
        if is_http(url) and url_problem(url) is None:
            yield ctx.report(CODE, f"`{url}` is an `http` URL, fetched in clear", ctx.span(path), HELP)
