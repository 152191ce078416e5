"""KS604: `@ElementN` / `@ImageN` with no element or image of that number (payload files).

In a payload the positional references are right, but each must point at
something: `@Element2` needs two `elements`, `@Image1` one `input_image`.

Bad::

    {"prompt": "@Element2 walks past @Image1.", "elements": [{"frontal_image_url": "https://…"}]}

Good::

    {"prompt": "@Element1 walks past @Image1.",
     "elements": [{"frontal_image_url": "https://…"}], "input_image": ["https://…"]}
"""

from __future__ import annotations

from collections.abc import Iterator

from kscript.core.diagnostics import Diagnostic
from kscript.language.references import RESERVED, scan

CODE = "KS604"
SEVERITY = "error"
SUMMARY = "`@ElementN` / `@ImageN` with no element or image of that number (payload files)"


def check_payload(ctx) -> Iterator[Diagnostic]:
    counts = {}
    for key, kind in (("elements", "element"), ("input_image", "image")):
        value = ctx.data.get(key)
        counts[kind] = len(value) if isinstance(value, list) else 0
    for path, prompt in ctx.prompts():
        for _, _, name in scan(prompt):
            match = RESERVED.match(name or "")
            if match is None:
                continue
            kind = match.group(1).lower()
            number = int(match.group(2))
            have = counts[kind]
            if number < 1 or number > have:
                where = "elements" if kind == "element" else "input_image"
                yield ctx.report(
                    CODE,
                    f"`@{name}` refers to {kind} {number}, but `{where}` has {have}",
                    ctx.span(path),
                    f"add {kind} {number} to `{where}`, or refer to one from 1 to {have}" if have else f"add `{where}` with the {kind}s the prompt refers to",
                )
