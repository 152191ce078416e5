"""`kscript compile`: print or write the API requests of a script's scenes."""

from __future__ import annotations

from typing import Any

import click

from kscript.cli.common import Fail, checked_scenes, draft_option, drafted, dump_json, load_config
from kscript.core.atomic import write_file
from kscript.core.exits import Exit
from kscript.formats.yaml_dump import dump_yaml


@click.command(name="compile")
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--scene", "scenes", multiple=True, metavar="ID", help="Only this scene (repeatable).")
@click.option("--jsonl", is_flag=True, help="One compact request per line.")
@click.option("--format", "fmt", type=click.Choice(["json", "yaml"]), default="json", show_default=True)
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), help="Write one file per scene into DIR.")
@click.option("--queue", is_flag=True, help="Shape the requests for POST /api/ai/queue.")
@draft_option
def compile_cmd(file, scenes, jsonl, fmt, out_dir, queue, draft) -> None:
    """Print the API requests of FILE's scenes (- for standard input)."""
    cfg = load_config()
    result, compiled = checked_scenes(file, cfg, queue=queue, scenes=scenes)
    for c in compiled:
        if c.waiting:
            upstream = c.waiting[0]
            raise Fail(
                f"scene {c.scene.id} starts from the last frame of scene {upstream}, which has no downloaded video yet: "
                f"`kscript submit --wait {file}` sends scene {upstream} first, then scene {c.scene.id}"
                + ("" if len(scenes) == 1 else " (`--scene` compiles the others alone)"),
                Exit.FAIL,
            )
    if draft:
        compiled = [d.scene for d in drafted(result, compiled)]
    requests = [c.request for c in compiled]
    if out_dir:
        from pathlib import Path

        from kscript.formats.escape import visible
        from kscript.language.source import stem_of

        folder = Path(out_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for c in compiled:
                suffix = "yaml" if fmt == "yaml" else "json"
                target = folder / f"{stem_of(file)}.{c.scene.id}{'.draft' if draft else ''}.{suffix}"
                body = dump_yaml(c.request) if fmt == "yaml" else dump_json(c.request) + "\n"
                write_file(target, body)
                click.echo(visible(str(target)))
        except OSError as exc:
            raise Fail(f"{out_dir}: cannot write: {exc.strerror or exc}") from None  # Fail escapes it
        return
    if jsonl:
        for request in requests:
            click.echo(dump_json(request, compact=True))
        return
    data: Any = requests[0] if len(set(scenes)) == 1 else requests
    click.echo(dump_yaml(data).rstrip("\n") if fmt == "yaml" else dump_json(data))
