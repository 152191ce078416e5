"""KS310: the same image URL sent twice in one scene."""

from tests.rules.table import HEAD, MODEL, SCENE, in_scene, table

URL = "https://cdn.example.com/mara.png"
BAD = [
    (HEAD.replace("https://cdn.example.com/depot.jpg", URL) + SCENE, [(11, 8)]),
    (HEAD.replace("mara.png\n", f"mara.png\n  also: {URL}\n") + SCENE, [(8, 9)]),
    ("{" + MODEL + f', "prompt": "x", "input_image": ["{URL}", "{URL}"]}}', [(1, 119)], "p.json"),
]
GOOD = [
    HEAD + SCENE,
    in_scene("SHOT 4s\n@Mara in @depot.\n", f"Start frame: {URL.replace('mara', 'f')}\nEnd frame: {URL.replace('mara', 'f')}\n"),  # a loop
    HEAD.replace("https://cdn.example.com/depot.jpg", URL) + SCENE.replace(" in @depot", "") + "\nEXT. YARD - DAY\n\nSHOT 4s\n@depot.\n",  # different scenes
]

test_fires, test_quiet = table("KS310", BAD, GOOD)
