"""KS002: an unterminated `[[` note or `/*` boneyard.

A note or boneyard that is never closed would hide everything after it, so
kscript refuses to guess where it ends. The reading pass (kscript/source.py)
reports it at the opening `[[` or `/*` and reads the rest of the file as if
the opener were plain text, so that later mistakes are still found.

Bad::

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    [[ check the lens colour with props
    Rain drums on the roof.

Good::

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    [[ check the lens colour with props ]]
    Rain drums on the roof.
"""

CODE = "KS002"
SEVERITY = "error"
SUMMARY = "unterminated `[[` note or `/*` boneyard"
