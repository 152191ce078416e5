"""KS308: not a valid `https`/`http` URL."""

from tests.rules.table import HEAD, MODEL, SCENE, in_scene, table


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
