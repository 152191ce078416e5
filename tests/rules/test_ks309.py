"""KS309: an `http` URL."""

from tests.rules.table import HEAD, MODEL, SCENE, table

BAD = [
    (HEAD.replace("https://cdn.example.com/depot.jpg", "http://cdn.example.com/depot.jpg") + SCENE, [(11, 8)]),
    ("{" + MODEL + ', "prompt": "x", "start_image_url": "http://a.example/s.png"}', [(1, 86)], "p.json"),
]
GOOD = [HEAD + SCENE, HEAD.replace("https://cdn.example.com/depot.jpg", "http:/broken") + SCENE]

test_fires, test_quiet = table("KS309", BAD, GOOD)
