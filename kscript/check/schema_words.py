"""What the JSON Schema validator finds in a payload, said in kscript's words (KS605).

jsonschema speaks of itself: `['https://…'] is too long`, `'model' is a
required property`, `'yes' is not of type 'boolean'`. A user needs what is
wrong, where, and what to write instead, so each finding is translated here
from the error's data (validator, path, instance, schema), never from its
text. Findings of one kind at the same place in several items (an unknown
key in every shot of `multi_prompt`, an element without its front image in
each element) are grouped and said once, at the first, with the count.

Pure functions over the validator's errors and the payload context; only
KS605 calls them, on the payload path (jsonschema is imported there).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple

from kscript.check.fixes import Fix
from kscript.core.words import counted, did_you_mean

Path = tuple[str | int, ...]

_TYPE_WORDS = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "`true` or `false`",
    "array": "a list",
    "object": "an object",
    "null": "`null`",
}
# What one item of a list is called, by the list's key.
_ITEM_WORDS = {
    "multi_prompt": ("shot", "shots"),
    "elements": ("element", "elements"),
    "input_image": ("input image", "input images"),
    "reference_image_urls": ("reference image", "reference images"),
}
_URL_FIELDS = {"input_image", "input_video", "start_image_url", "tail_image_url", "frontal_image_url", "reference_image_urls"}
_EXAMPLES = {
    "multi_prompt": '{"prompt": "…", "duration": 4}',
    "elements": '{"frontal_image_url": "https://…"}',
}


class Said(NamedTuple):
    """One diagnostic's worth: where (the path, and whether at the key), what, what to do."""

    path: Path
    key: bool
    message: str
    help: str
    fix: Fix | None = None


class Finding(NamedTuple):
    kind: str  # "unknown", "missing" or the validator's name
    path: Path  # where it is said: the key (unknown), the object (missing) or the value
    detail: Any  # the unknown key, the missing field, or what the validator wanted
    error: Any  # the jsonschema error it came from


def pattern(path: Path) -> tuple:
    """A path with its list indices left out: the same place in every item."""
    return tuple(None if isinstance(p, int) else p for p in path)


def findings(errors, family_fields: tuple[str, ...] = ()) -> list[Finding]:
    """Each schema error as the findings it holds (one per unknown key, one per missing
    field); top-level keys in `family_fields` are left out (KS701 says them)."""
    out: list[Finding] = []
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            allowed = error.schema.get("properties", {})
            skip = family_fields if not path else ()
            out.extend(Finding("unknown", (*path, key), key, error) for key in error.instance if key not in allowed and key not in skip)
        elif error.validator == "required":
            out.extend(Finding("missing", path, f, error) for f in error.validator_value if isinstance(error.instance, dict) and f not in error.instance)
        else:
            out.append(Finding(str(error.validator), path, error.validator_value, error))
    return out


def grouped(found: list[Finding]) -> list[list[Finding]]:
    """Findings of one kind and detail at the same place in several items, together, in file order of the first."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in found:
        shape = pattern(finding.path)
        key = (finding.kind, shape, _hashable(finding.detail)) if None in shape else (id(finding),)
        groups.setdefault(key, []).append(finding)
    return list(groups.values())


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return json.dumps(value, sort_keys=True, default=str)
    return value


# -- naming places ------------------------------------------------------------


def item_name(path: Path) -> str:
    """How a message names the item or field at `path`: `shot 2`, `element 1's reference image 3`, `cfg_scale`."""
    names: list[str] = []
    i = 0
    while i < len(path):
        part = path[i]
        following = path[i + 1] if i + 1 < len(path) else None
        if isinstance(part, str) and isinstance(following, int) and part in _ITEM_WORDS:
            names.append(f"{_ITEM_WORDS[part][0]} {following + 1}")
            i += 2
            continue
        names.append(f"`{part}`" if isinstance(part, str) else f"item {part + 1}")
        i += 1
    return "'s ".join(names) if names else "the request"


def field_name(path: Path) -> str:
    """The last key of `path` (the list's key for an item), for help lines."""
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return ""


def many(path: Path, count: int) -> str:
    """`5 shots`, `3 elements`: the items that `count` findings at `path`'s place stand in."""
    for i in range(len(path) - 1, 0, -1):
        if isinstance(path[i], int) and isinstance(path[i - 1], str):
            words = _ITEM_WORDS.get(str(path[i - 1]))
            return counted(count, *words) if words else counted(count, "item") + f" of `{path[i - 1]}`"
    return f"{count} places"


def described(value: Any) -> str:
    """A value as a message shows it: `null`, `true`, the number `12`, the string `"yes"`, a list, an object."""
    if value is None:
        return "`null`"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, (int, float)):
        return f"the number `{value}`"
    if isinstance(value, str):
        shown = json.dumps(value, ensure_ascii=False)
        return "an empty string" if not value else f"the string `{shown if len(shown) <= 40 else shown[:30] + '…' + shown[-8:]}`"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    return "an object"


def _choices(values: list[Any]) -> str:
    shown = [f"`{v}`" if isinstance(v, str) else f"`{json.dumps(v)}`" for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


# -- saying each kind ----------------------------------------------------------


def say(group: list[Finding], ctx, model: str, properties: list[str], who: str) -> Said | None:
    """The one diagnostic for a group of findings, or None when another diagnostic says it."""
    first = group[0]
    if first.kind == "unknown":
        return _unknown(group, ctx, who, properties)
    if first.kind == "missing":
        return _missing(group, ctx, model)
    said = _value(first, ctx, model, who)
    if said is not None and len(group) > 1:
        said = said._replace(message=f"{said.message} (the same in {many(first.path, len(group))})")
    return said


def _unknown(group: list[Finding], ctx, who: str, properties: list[str]) -> Said:
    from kscript.models.other_names import meant
    from kscript.models.profiles import PROFILES

    first = group[0]
    key = str(first.detail)
    container = first.path[:-1]
    holder = first.error.instance
    allowed = list(first.error.schema.get("properties", {})) or properties
    top = not container
    if top:
        means = meant(key)
        target = meant(key, allowed)
        if target is not None:
            if target in holder:
                return Said(first.path, True, f"`{key}` is not a field of the Oxen API (it calls it `{target}`)", f"remove `{key}`: `{target}` is given already")
            return Said(
                first.path,
                True,
                f"`{key}` is another provider's name: the Oxen API calls it `{target}`",
                f"did you mean `{target}`?",
                ctx.rename_key(first.path, target) if _first_to(key, target, holder, allowed, top) else None,
            )
        if means is not None:
            takers = [p.id for p in PROFILES if p.takes(means)]
            return Said(
                first.path,
                True,
                f"`{key}` is another provider's name: the Oxen API calls it `{means}`, which {who} does not take",
                f"remove it, or use a model that takes `{means}`: " + ", ".join(f"`{t}`" for t in takers),
            )
    guess = did_you_mean(key, allowed)
    fix = None
    if guess is not None and guess not in holder:
        fixes = [ctx.rename_key(f.path, guess) for f in group if guess not in f.error.instance and _first_to(key, guess, f.error.instance, allowed, top)]
        if fixes and all(f is not None for f in fixes):
            fix = Fix(tuple(e for f in fixes for e in f.edits), "unsafe", f"rename `{key}` to `{guess}`" + (f" in {many(first.path, len(group))}" if len(group) > 1 else ""))
    if top:
        from kscript.models.other_names import NO_FIELD
        from kscript.models.profiles import FIELD_ORDER

        default = who == "the model"  # no model, or one kscript does not know: the default model's schema
        if key in NO_FIELD:
            fix, help = None, f"remove it: {NO_FIELD[key]}"
        elif guess is None and ctx.wrapper is not None and key not in ctx.lifted:
            help = f"remove it: beside `{ctx.wrapper}` it belongs to the other provider's envelope, not to the request"
        elif guess is not None:
            help = f"did you mean `{guess}`?"
        elif default and key in FIELD_ORDER:
            takers = [p.id for p in PROFILES if p.takes(key)]
            help = "name a model that takes it (" + ", ".join(f"`{t}`" for t in takers) + "), or remove it"
        else:
            help = f"remove it; {'the default model' if default else who} takes " + ", ".join(f"`{k}`" for k in allowed)
        if default and key in FIELD_ORDER:
            owner = f"the default model, `{ctx.profile.id}`, does not take it (the request names no model kscript knows)"
        else:
            owner = f"{who} has no such field" if not default else "no Kling model on Oxen has such a field"
        return Said(first.path, True, f"unknown key `{key}`: {owner}", help, fix)
    where = many(first.path, len(group)) if len(group) > 1 else item_name(container)
    takes = "takes only " + _choices_and(allowed)
    kind = _ITEM_WORDS.get(field_name(container), ("item", "items"))[0]
    message = (f"`{key}` appears in {where}" if len(group) > 1 else f"unknown key `{key}` in {where}") + f"; a{'n' if kind[0] in 'aeiou' else ''} {kind} {takes}"
    elsewhere = meant(key, properties) or (key if key in properties else None) or did_you_mean(key, [p for p in properties if p not in allowed])
    if guess is not None:
        help = f"did you mean `{guess}`?"
    elif elsewhere is not None and field_name(container) == "multi_prompt":
        help = f"`{elsewhere}` belongs to the whole request: write it once at the top level, and remove `{key}` from the shots"
    else:
        help = f"remove `{key}`" + (" from each of them" if len(group) > 1 else "")
    return Said(first.path, True, message, help, fix)


def _rename_target(key: str, allowed: list[str], top: bool) -> str | None:
    from kscript.models.other_names import meant

    return (meant(key, allowed) if top else None) or did_you_mean(key, allowed)


def _first_to(key: str, target: str, holder: dict, allowed: list[str], top: bool) -> bool:
    """Whether `key` is the first unknown key of its object to be renamed to `target`:
    two renamed to one name (`image_urls` and `image_url`) would give it twice."""
    for other in holder:
        if other not in allowed and _rename_target(other, allowed, top) == target:
            return other == key
    return True


def _choices_and(values: list[str]) -> str:
    shown = [f"`{v}`" for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _missing(group: list[Finding], ctx, model: str) -> Said | None:
    from kscript.models.other_names import guessed_model, meant
    from kscript.models.profiles import DEFAULT_MODEL

    first = group[0]
    missing = str(first.detail)
    if not first.path:
        if missing == "model":
            if any(meant(k) == "model" or did_you_mean(k, ["model"]) for k in ctx.data if k != "model"):
                return None  # a key that means `model` is there: its diagnostic says to rename it
            guess = guessed_model(ctx.data)
            if guess is not None:
                return Said((), False, "the request has no `model`", f'add `"model": "{guess}"`: its fields are that model\'s (`kscript models` lists the others)')
            return Said((), False, "the request has no `model`", f'add `"model": "{DEFAULT_MODEL}"` (`kscript models` lists the others)')
        if any(meant(k) == missing for k in ctx.data):
            return None  # another provider's name for it is there (`video_url`): its diagnostic says to rename it
        return Said((), False, f"the request has no `{missing}`", f'add `"{missing}": …` (`kscript schema {model}` shows what it takes)')
    example = '"https://…"' if missing in _URL_FIELDS else "…"
    what = "its front image" if missing == "frontal_image_url" else None
    help = f'add `"{missing}": {example}`' + (f": {what}" if what else "")
    if len(group) > 1:
        return Said(first.path, False, f"{many(first.path, len(group))} have no `{missing}` (the first here)", help + " to each")
    return Said(first.path, False, f"{item_name(first.path)} has no `{missing}`", help)


def _value(finding: Finding, ctx, model: str, who: str) -> Said | None:
    error = finding.error
    path = finding.path
    name = item_name(path)
    field = field_name(path)
    value = error.instance
    kind = finding.kind
    if kind == "type":
        wanted = finding.detail if isinstance(finding.detail, list) else [finding.detail]
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wanted)
        return Said(path, False, f"{name} is {described(value)}; it must be {words}", _type_help(wanted[0], field, value, path))
    if kind in ("enum", "const"):
        allowed = list(finding.detail) if kind == "enum" else [finding.detail]
        guess = did_you_mean(value, [a for a in allowed if isinstance(a, str)]) if isinstance(value, str) else None
        fix = ctx.rewrite_string(path, guess, f"write `{guess}`") if guess else None
        return Said(
            path,
            False,
            f"{name} is {described(value)}; {who} takes {_choices(allowed)}",
            f"did you mean `{guess}`?" if guess else f"write {_choices(allowed)}",
            fix,
        )
    if kind == "minLength":
        what = "the URL" if field in _URL_FIELDS else "a value"
        return Said(path, False, f"{name} is empty", f"write {what}, or remove `{field}`" if isinstance(path[-1], str) else f"write {what}, or remove the item")
    if kind == "maxLength":
        return Said(path, False, f"{name} has {len(value)} characters; {who} takes at most {finding.detail}", f"cut {len(value) - finding.detail}")
    if kind in ("minItems", "maxItems"):
        words = _ITEM_WORDS.get(field, ("item", "items"))
        count = len(value) if isinstance(value, list) else 0
        limit = finding.detail
        if kind == "maxItems":
            holder = f"an element takes at most {limit}" if field == "reference_image_urls" else f"{who} takes at most {limit}"
            return Said(path, False, f"{name} has {counted(count, *words)}; {holder}", f"remove {count - limit}")
        return Said(path, False, f"{name} has {counted(count, *words)}; it needs at least {limit}", f"add {limit - count}, or remove `{field}`")
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        bounds = f"from {low} to {high}" if low is not None and high is not None else (f"at least {low}" if low is not None else f"at most {high}")
        return Said(path, False, f"{name} is {value}; it must be {bounds}", f"use a number {bounds}")
    return Said(path, False, f"{name} is not what {who} takes there", f"`kscript schema {model}` shows what each field takes")


def _type_help(wanted: str, field: str, value: Any, path: Path) -> str:
    if wanted == "boolean":
        return "write `true` or `false`, without quotes"
    if wanted == "integer":
        return "write a whole number without quotes, such as `5`"
    if wanted == "number":
        return "write a number without quotes, such as `0.5`"
    if wanted == "string":
        if field in _URL_FIELDS:
            return 'write the URL in quotes: `"https://…"`'
        return 'write it in quotes: `"…"`'
    if wanted == "array":
        if isinstance(value, str):
            shown = json.dumps(value, ensure_ascii=False)
            return f"put it in a list: `[{shown if len(shown) <= 40 else shown[:30] + '…' + shown[-8:]}]`"
        return f"write a list: `[{_EXAMPLES.get(field, '…')}]`"
    if wanted == "object":
        owner = next((p for p in reversed(path) if isinstance(p, str)), "")
        return f"write `{_EXAMPLES[owner]}`" if owner in _EXAMPLES else "write an object: `{…}`"
    return f"write {_TYPE_WORDS.get(wanted, wanted)}"


def said_all(errors, ctx, model: str, properties: list[str], known: bool) -> Iterator[Said]:
    """The diagnostics for the schema's `errors` against `model`'s schema (the default
    model's when the payload's is unknown: `known` False, and messages do not name it)."""
    from kscript.models.profiles import FIELD_ORDER

    for group in grouped(findings(errors, FIELD_ORDER if known else ())):
        said = say(group, ctx, model, properties, f"`{model}`" if known else "the model")
        if said is not None:
            yield said
