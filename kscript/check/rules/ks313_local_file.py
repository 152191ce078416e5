"""KS313: a local file the request cannot carry.

A path where an address is taken (`front:`, `also:`, an IMAGES entry,
`Start frame`, `End frame`, `Video`) names a file relative to the script's
folder, which kscript uploads to the assets repository before the scenes that
name it are sent. Lint reads the file, offline, and refuses it here rather
than let the model fail the paid job: the file must exist and be a regular
file; its type, read from its bytes and never its name, must be one the
scene's model takes (JPEG or PNG images, and GIF or WebP where the model
takes them; MP4 or MOV videos); an image must be at most 10 MB, at least
300 px on its shorter side, with an aspect ratio between 1:2.5 and 2.5:1; a
video at most 200 MB, as long and as large as the model takes
(ASSETS.md). The message names the file and the limit.

The check runs in the assets pass (kscript/assets/resolve.py), only for a
script that names a local file, so that a script of URLs never reads a
file.

Bad::

    CAST

    MARA - courier
      front: photos/mara-front-that-is-not-there.png

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara waits by the tram.

Good::

    CAST

    MARA - courier
      front: https://cdn.example.com/mara.png

    INT. DEPOT - NIGHT

    SHOT 4s - WIDE
    @Mara waits by the tram.

Fix (unsafe): for a path that does not exist but starts with a host name
and a path (`cdn.example.com/depot.jpg`), writes `https://` before it.
Whether the host serves the image over `https` is for you to check.
"""

CODE = "KS313"
SEVERITY = "error"
SUMMARY = "a local file the request cannot carry (missing, wrong type, outside the limits)"
FIX = "unsafe"
