"""KS104: a setting given twice in the same place."""

from tests.rules.table import HEAD, SCENE, in_scene, table

BODY = "SHOT 4s\n@Mara waits in @depot.\n"
TWO_FRONTS = HEAD.replace(
    "  front: https://cdn.example.com/mara.png\n",
    "  front: https://cdn.example.com/mara.png\n  front: https://cdn.example.com/b.png\n",
)

BAD = [
    ("Aspect: 9:16\nAspect: 16:9\n" + HEAD + SCENE, [(2, 1)]),
    (in_scene(BODY, "Audio: on\nAudio: off\n"), [(15, 1)]),
    (in_scene(BODY, "Avoid: fog\nNegative: blur\n"), [(15, 1)]),
    (TWO_FRONTS + SCENE, [(8, 3)]),
]
GOOD = [
    "Aspect: 9:16\n" + in_scene(BODY, "Aspect: 16:9\n"),  # a scene overriding the title page
    HEAD.replace("mara.png\n", "mara.png\n  also: https://a.example/1.png\n  also: https://a.example/2.png\n") + SCENE,
]

test_fires, test_quiet = table("KS104", BAD, GOOD)
