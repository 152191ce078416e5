"""KS001: the text cannot be parsed here.

A line stands where that kind of line cannot: a SHOT line before any scene
heading, free text between the declarations, a cast member outside a CAST
block, or a line whose inside does not read (`SHOT 4 seconds`). The message
says what was expected at that line and column, in a writer's words.

Bad::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    SHOT 4s - WIDE
    Mara runs.

Good::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    INT. KITCHEN - DAY

    SHOT 4s - WIDE
    @Mara runs.
"""

from __future__ import annotations

CODE = "KS001"
SEVERITY = "error"
SUMMARY = "the text cannot be parsed here"

# No check here: the reading pass finds these, worded by kscript/language/syntax_errors.py.
