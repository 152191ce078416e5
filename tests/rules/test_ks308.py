"""KS308: not a valid `https`/`http` URL."""

from tests.rules.table import HEAD, MODEL, SCENE, fixes, in_scene, table


def front(url: str) -> str:
    return HEAD.replace("https://cdn.example.com/mara.png", url) + SCENE


BAD = [
    (front("./mara.png"), [(7, 10)]),
    (front("cdn.example.com/m.png"), [(7, 10)]),
    (front("ftp://a.example/m.png"), [(7, 10)]),
    (front("https://"), [(7, 10)]),
    (front("https://a b/m.png"), [(7, 10)]),
    (front("C:/images/mara.png"), [(7, 10)]),
    (front("https://a.example:99999/m.png"), [(7, 10)]),
    (in_scene("SHOT 4s\n@Mara in @depot.\n", "Start frame: frame.png\n"), [(14, 14)]),
    ("{" + MODEL + ', "prompt": "x", "input_image": ["file.png"]}', [(1, 83)], "p.json"),
]
GOOD = [
    HEAD + SCENE,
    front("https://a.example:8443/m.png?sig=1#x"),
    front("https://[2001:db8::1]/m.png"),
    front("http://user@a.example/m.png"),
]

test_fires, test_quiet = table("KS308", BAD, GOOD)


FIXES = [
    (front("cdn.example.com/m.png"), front("https://cdn.example.com/m.png")),
    (front("www.example.co.uk:8080/a/b.png?x=1"), front("https://www.example.co.uk:8080/a/b.png?x=1")),
    (
        in_scene("SHOT 4s\n@Mara in @depot.\n", "Start frame:   a.example/f.png\n"),
        in_scene("SHOT 4s\n@Mara in @depot.\n", "Start frame:   https://a.example/f.png\n"),
    ),
    ("{" + MODEL + ', "prompt": "x", "input_image": ["a.example/i.png"]}', "{" + MODEL + ', "prompt": "x", "input_image": ["https://a.example/i.png"]}', "p.json"),
    ("model: m\nprompt: x\nstart_image_url: a.example/s.png\n", "model: m\nprompt: x\nstart_image_url: \"https://a.example/s.png\"\n", "p.yaml"),
]
# Local paths, other schemes and file names are never given a scheme.
FIXES += [(front(url), front(url)) for url in ("./mara.png", "mara.png", "C:/images/mara.png", "ftp://a.example/m.png", "images/mara.png")]
test_fixes = fixes("KS308", FIXES)
