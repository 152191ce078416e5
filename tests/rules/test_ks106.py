"""KS106: a model other than the supported one."""

from tests.rules.table import HEAD, SCENE, table

BAD = [
    ("Model: kling-video-o3-omni\n" + HEAD + SCENE, [(1, 8)]),
    ('{"model": "other", "prompt": "x"}', [(1, 11)], "p.json"),
]
GOOD = [
    "Model: kling-video-o3-pro-reference-to-video\n" + HEAD + SCENE,
    HEAD + SCENE,
    ('{"model": "kling-video-o3-pro-reference-to-video", "prompt": "x"}', "p.json"),
]

test_fires, test_quiet = table("KS106", BAD, GOOD)
