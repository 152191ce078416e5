"""KS310: the same image URL sent twice in one scene."""

from tests.helpers import lint
from tests.rules.table import HEAD, MODEL, SCENE, in_scene, table

URL = "https://cdn.example.com/mara.png"
BAD = [
    (HEAD.replace("https://cdn.example.com/depot.jpg", URL) + SCENE, [(11, 8)]),
    (HEAD.replace("mara.png\n", f"mara.png\n  also: {URL}\n") + SCENE, [(8, 9)]),
    ("{" + MODEL + f', "prompt": "x", "input_image": ["{URL}", "{URL}"]}}', [(1, 119)], "p.json"),
    ("{" + MODEL + f', "prompt": "x", "input_image": ["{URL}", "{URL}", "{URL}", "{URL}"]}}', [(1, 119)], "p.json"),  # once
]
GOOD = [
    HEAD + SCENE,
    in_scene("SHOT 4s\n@Mara in @depot.\n", f"Start frame: {URL.replace('mara', 'f')}\nEnd frame: {URL.replace('mara', 'f')}\n"),  # a loop
    HEAD.replace("https://cdn.example.com/depot.jpg", URL) + SCENE.replace(" in @depot", "") + "\nEXT. YARD - DAY\n\nSHOT 4s\n@depot.\n",  # different scenes
]

test_fires, test_quiet = table("KS310", BAD, GOOD)


def test_a_url_repeated_in_a_payload_is_said_once_with_the_count():
    text = "{" + MODEL + f', "prompt": "x", "input_image": ["{URL}", "{URL}"], "elements": [{{"frontal_image_url": "{URL}"}}]}}'
    (d,) = [d for d in lint(text, "p.json") if d.code == "KS310"]
    assert d.message == f"`{URL}` is sent 3 times (first at `input_image[0]`)"
