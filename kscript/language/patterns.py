"""The patterns that read inside a line of a script: a setting's `Key: value`, a SHOT
line's duration, a scene number, a cue's extensions.

Public, because more than one pass reads the same lines: the build pass makes the
model from them, the formatter rewrites them in their canonical form, and the
language server finds names with them. One definition keeps the three in step.
"""

from __future__ import annotations

import re

# A name as the script writes it (a cast member, an image): a letter, then letters, digits or underscores.
NAME = re.compile(r"[^\W\d]\w*")
# `Key: value`, a setting or a title-page line.
KEYVAL = re.compile(r"([^:]*?)[ \t]*:[ \t]*(.*?)\s*\Z")
# A SHOT line: its duration as written (number and unit) and what follows.
SHOT = re.compile(
    r"(?i:SHOT)(?:[^\S\n]+(?P<dur>[0-9][0-9.,]*)(?P<unit>[A-Za-z]*))?(?P<rest>.*)\Z"
)
# `name: URL` (or an indented `front: URL`) before the first scene: a declaration out of place, not prologue text.
DECLARATION = re.compile(r"[ \t]*[^\W\d][\w \t\-]*:[ \t]*[A-Za-z][\w+.\-]*://")
# A cast member's line that does not read (`OLD MAN - a fisherman`), after a CAST block.
MEMBER = re.compile(r"[ \t]*\S[^\n]*?[ \t][-\u2013\u2014][ \t]")
# A scene number at the end of a heading, Fountain's `#12A#`.
SCENE_NUMBER = re.compile(r"[ \t]*#([A-Za-z0-9.\-]+)#[ \t]*\Z")
# A character cue's extensions: `(V.O.)`, `(CONT'D)`, and `^` for dual dialogue.
EXTENSION = re.compile(r"\s*(\([^()]*\)\s*)+\^?\s*\Z|\s*\^\s*\Z")
CAST_ATTRIBUTES = ("front", "also", "voice")
DASHES = "-\u2013\u2014"
