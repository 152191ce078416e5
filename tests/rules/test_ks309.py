"""KS309: an `http` URL."""

from tests.rules.table import HEAD, MODEL, SCENE, fixes, table

BAD = [
    (HEAD.replace("https://cdn.example.com/depot.jpg", "http://cdn.example.com/depot.jpg") + SCENE, [(11, 8)]),
    ("{" + MODEL + ', "prompt": "x", "start_image_url": "http://a.example/s.png"}', [(1, 86)], "p.json"),
]
GOOD = [HEAD + SCENE, HEAD.replace("https://cdn.example.com/depot.jpg", "http:/broken") + SCENE]

test_fires, test_quiet = table("KS309", BAD, GOOD)

HTTP = HEAD.replace("https://cdn.example.com/depot.jpg", "HTTP://cdn.example.com/depot.jpg") + SCENE
PAYLOAD = "{" + MODEL + ', "prompt": "x", "start_image_url": "http://a.example/s.png"}'
YAML = "model: m\nprompt: x\nelements:\n  - frontal_image_url: 'http://a.example/f.png'\n"
FIXES = [
    (HTTP, HEAD + SCENE),
    (PAYLOAD, PAYLOAD.replace("http:", "https:"), "p.json"),
    (YAML, YAML.replace("http:", "https:"), "p.yaml"),
]
test_fixes = fixes("KS309", FIXES)
