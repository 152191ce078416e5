"""KS012: a control character in the script.

A NUL, a bell, an escape or any other C0 or C1 control character (tab and
line ends aside) is invisible in most editors and means nothing to the model.
kscript never sends it, and never swaps it silently for U+FFFD: the reading
pass reports each line that holds one, at the first, with how many more the
line holds. It is an error, so a script holding one is not compiled.

Bad::

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    Rain drums on the roof.\x07

Good::

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    Rain drums on the roof.
"""

CODE = "KS012"
SEVERITY = "error"
SUMMARY = "a control character in the script"
