"""KS002: an unterminated `[[` note or `/*` boneyard.

A note or boneyard that is never closed would hide everything after it, so
kscript refuses to guess where it ends. The reading pass (kscript/source.py)
reports it at the opening `[[` or `/*` and reads the rest of the file as if
the opener were plain text, so that later mistakes are still found.

Bad::

    SHOT 4s - WIDE
    [[ check the lens colour with props
    @Mara walks in.

Good::

    SHOT 4s - WIDE
    [[ check the lens colour with props ]]
    @Mara walks in.
"""

CODE = "KS002"
SEVERITY = "error"
SUMMARY = "unterminated `[[` note or `/*` boneyard"
