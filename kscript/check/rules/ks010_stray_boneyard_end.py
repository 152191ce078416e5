"""KS010: a `*/` that closes no boneyard.

Boneyards do not nest: in `/* one /* two */ three */` the first `*/` ends the
boneyard, and `three */` is text again, sent in the prompt with a stray `*/`.
The reading pass reports each `*/` left once boneyards are hidden.

Bad::

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    Rain drums on the roof.
    /* cut: /* the lantern falls */ and breaks */

Good::

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    Rain drums on the roof.
    /* cut: the lantern falls and breaks */
"""

CODE = "KS010"
SEVERITY = "warning"
SUMMARY = "a `*/` that closes no boneyard"
