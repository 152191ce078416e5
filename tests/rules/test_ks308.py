"""KS308: not a valid `https`/`http` URL."""

from tests.rules.table import HEAD, MODEL, SCENE, fixes, in_scene, table


def front(url: str) -> str:
    return HEAD.replace("https://cdn.example.com/mara.png", url) + SCENE


BAD = [
    (front("ftp://a.example/m.png"), [(7, 10)]),
    (front("https://"), [(7, 10)]),
    (front("https://a b/m.png"), [(7, 10)]),
    (front("https://a.example:99999/m.png"), [(7, 10)]),
    (in_scene("SHOT 4s\n@Mara in @depot.\n", "Start frame: file:///tmp/frame.png\n"), [(14, 14)]),
    # A payload is sent as written: a local path there is no address.
    ("{" + MODEL + ', "prompt": "x", "input_image": ["file.png"]}', [(1, 83)], "p.json"),
]
GOOD = [
    HEAD + SCENE,
    # In a script, a value without a scheme is a local file (KS313), a chain is a chain (KS107).
    front("./mara.png"),
    front("cdn.example.com/m.png"),
    front("C:/images/mara.png"),
    in_scene("SHOT 4s\n@Mara in @depot.\n", "Start frame: last frame of scene 1\n"),
    front("https://a.example:8443/m.png?sig=1#x"),
    front("https://[2001:db8::1]/m.png"),
    front("http://user@a.example/m.png"),
]

test_fires, test_quiet = table("KS308", BAD, GOOD)


# A host and path without a scheme is a local path in a script (KS313 fixes it there); with a port it reads as a scheme.
FIXES = [
    (front("www.example.co.uk:8080/a/b.png?x=1"), front("https://www.example.co.uk:8080/a/b.png?x=1")),
    ("{" + MODEL + ', "prompt": "x", "input_image": ["a.example/i.png"]}', "{" + MODEL + ', "prompt": "x", "input_image": ["https://a.example/i.png"]}', "p.json"),
    ("model: m\nprompt: x\nstart_image_url: a.example/s.png\n", "model: m\nprompt: x\nstart_image_url: \"https://a.example/s.png\"\n", "p.yaml"),
]
FIXES += [(front(url), front(url)) for url in ("ftp://a.example/m.png", "cdn.example.com/m.png")]
test_fixes = fixes("KS308", FIXES)
