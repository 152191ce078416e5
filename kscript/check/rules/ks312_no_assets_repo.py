"""KS312: local files, and no `assets-repo` configured.

The model service fetches every image and video itself, from an address.
kscript uploads the script's local files to an Oxen repository and sends
their addresses there (`{base}/api/repos/{namespace}/{name}/file/main/kscript/...`),
which the configuration names: `assets-repo = "namespace/name"` in kscript.toml
or in `[tool.kscript]` of pyproject.toml. Without it the addresses cannot be
written, so nothing is compiled or sent. Submit creates the repository when
it is missing.

Bad::

    CAST

    MARA - courier
      front: mara.png

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
"""

CODE = "KS312"
SEVERITY = "error"
SUMMARY = "local files without an `assets-repo` to upload them to"
