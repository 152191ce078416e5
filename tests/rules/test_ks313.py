"""KS313: a local file the request cannot carry (positions and the scheme fix; the file
checks themselves through the CLI in tests/test_assets_lint.py)."""

from tests.rules.table import HEAD, SCENE, fixes, in_scene, table


def front(url: str) -> str:
    return HEAD.replace("https://cdn.example.com/mara.png", url) + SCENE


BAD = [
    (front("./mara-not-here.png"), [(7, 10)]),
    (front("cdn.example.com/m.png"), [(7, 10)]),
    (front("C:/images/mara.png"), [(7, 10)]),
    (in_scene("SHOT 4s\n@Mara in @depot.\n", "Start frame: frame.png\n"), [(14, 14)]),
    (in_scene("SHOT 4s\n@Mara in @depot.\n", "Start frame: tests\n"), [(14, 14)]),  # a folder
]
GOOD = [
    HEAD + SCENE,
    front("https://a.example/m.png"),
    front("ftp://a.example/m.png"),  # KS308's
    in_scene("SHOT 4s\n@Mara in @depot.\n", "Start frame: last frame of scene 1\n"),
]

test_fires, test_quiet = table("KS313", BAD, GOOD)

FIXES = [
    (front("cdn.example.com/m.png"), front("https://cdn.example.com/m.png")),
    (
        in_scene("SHOT 4s\n@Mara in @depot.\n", "Start frame:   a.example/f.png\n"),
        in_scene("SHOT 4s\n@Mara in @depot.\n", "Start frame:   https://a.example/f.png\n"),
    ),
]
# Local paths that are no host and path are never given a scheme.
FIXES += [(front(url), front(url)) for url in ("./mara.png", "mara.png", "C:/images/mara.png", "images/mara.png")]
test_fixes = fixes("KS313", FIXES)
