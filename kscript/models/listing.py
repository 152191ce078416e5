"""The profiles as rows: what `kscript models` prints and docs/MODELS.md shows."""

from __future__ import annotations

from typing import Any

from kscript.language.settings import SPECS
from kscript.models.profiles import PROFILES, Profile


def durations_text(prof: Profile) -> str:
    if prof.durations is None:
        return "none (the input video's length)"
    return prof.durations.text()


def slots_text(prof: Profile) -> str:
    slots = prof.slots
    if slots.total == 0:
        return "0"
    if not slots.images:
        return f"{slots.total} element" + ("s" if slots.total != 1 else "")
    text = str(slots.total)
    if slots.with_video is not None:
        text += f" ({slots.with_video} with a video)"
    return text


def settings_text(prof: Profile) -> list[str]:
    return [f"{SPECS[key].name} -> {field}" if field else SPECS[key].name for key, field in prof.settings]


def required_text(prof: Profile) -> list[str]:
    out = []
    for field in prof.required:
        setting = prof.setting_for(field)
        out.append(f"{field} ({SPECS[setting].name})" if setting else field)
    return out


def row(prof: Profile) -> dict[str, Any]:
    """One profile as plain data (`kscript models --format json`)."""
    return {
        "id": prof.id,
        "label": prof.label,
        "inputs": prof.inputs,
        "price_per_second": prof.price,
        "price_confirmed": prof.price_confirmed,
        "durations": None
        if prof.durations is None
        else {"choices": list(prof.durations.choices)}
        if prof.durations.choices
        else {"shot": list(prof.durations.shot), "total": list(prof.durations.total)},
        "multi_shot": prof.multi_shot,
        "max_shots": prof.max_shots,
        "reference_slots": {"total": prof.slots.total, "with_video": prof.slots.with_video, "elements": prof.slots.elements, "images": prof.slots.takes_images},
        "fields": list(prof.fields),
        "settings": {key: field or None for key, field in prof.settings},
        "required": list(prof.required),
        "refused": [{"field": r.field, "value": r.value, "with": r.with_field, "with_value": r.with_value, "why": r.why} for r in prof.refused],
        "successor": prof.successor,
        "unconfirmed": list(prof.unconfirmed),
    }


def markdown() -> str:
    """The table docs/MODELS.md carries between its markers (a test keeps them equal)."""
    lines = [
        "| model | inputs | $/s | duration | shots | reference slots | settings (-> field) | required |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for prof in PROFILES:
        price = f"{prof.price:.3f}" + ("" if prof.price_confirmed else " (unconfirmed)")
        lines.append(
            f"| `{prof.id}` | {prof.inputs} | {price} | {durations_text(prof)} | {prof.max_shots} | {slots_text(prof)} | "
            + ", ".join(f"`{s}`" for s in settings_text(prof))
            + " | "
            + ", ".join(f"`{r}`" for r in required_text(prof))
            + " |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import re
    import sys

    from kscript.core.resources import resource_dir

    path = sys.argv[1] if len(sys.argv) > 1 else resource_dir("docs") + "/MODELS.md"
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    text = re.sub(r"(<!-- models:begin[^\n]*-->\n).*?(<!-- models:end -->)", lambda m: m.group(1) + markdown() + m.group(2), text, flags=re.S)
    from kscript.core.atomic import write_file

    write_file(path, text)
