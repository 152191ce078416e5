"""Scripts on any model for the rule tests by model (KS7xx).

`script(model, ...)`: line 1 `Model: model`, then the `title` lines; the scene
heading stands on line 13 + the number of title lines, its settings right
under it, then a blank line and the shots (each followed by a blank line)."""

from __future__ import annotations

CAST = """\
CAST

MARA - courier
  front: https://cdn.example.com/mara.png
LUKA - driver
  front: https://cdn.example.com/luka.png

IMAGES
depot: https://cdn.example.com/depot.jpg
"""

TEXT = "kling-video-v2-6-pro-text-to-video"
I2V = "kling-video-v2-6-pro-image-to-video"
O3I2V = "kling-video-o3-pro-image-to-video"
REF = "kling-video-o3-pro-reference-to-video"
EDIT = "kling-video-o3-pro-video-to-video-edit"
MOTION = "kling-video-v3-pro-motion-control"
OMNI = "kling-video-o3-omni"

START = "Start frame: https://cdn.example.com/first.png\n"
VIDEO = "Video: https://cdn.example.com/take.mp4\n"


def script(model: str, *shots: str, settings: str = "", title: str = "") -> str:
    """Title page `Model: model` (+ `title` lines), CAST and IMAGES, then one scene."""
    head = f"Model: {model}\n{title}\n{CAST}\n"
    body = "".join(f"SHOT {s}\n\n" for s in shots) if shots else "SHOT 5s\nA tram.\n"
    return head + "INT. DEPOT - NIGHT\n" + settings + "\n" + body


def payload(model: str, fields: str) -> str:
    return '{"model": "' + model + '", ' + fields + "}"
