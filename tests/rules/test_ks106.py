"""KS106: an unknown model."""

from tests.helpers import lint
from tests.rules.table import HEAD, SCENE, fixes, in_scene, table

BODY = "SHOT 4s\n@Mara waits in @depot.\n"

BAD = [
    ("Model: kling-video-o3-omnii\n" + HEAD + SCENE, [(1, 8)]),
    ("Model: sora\n" + HEAD + SCENE, [(1, 8)]),
    (in_scene(BODY, "Model: kling-video-o4\n"), [(14, 8)]),
    ('{"model": "other", "prompt": "x"}', [(1, 11)], "p.json"),
]
GOOD = [
    "Model: kling-video-o3-pro-reference-to-video\n" + HEAD + SCENE,
    "Model: kling-video-o3-omni\n" + HEAD + SCENE,
    HEAD + SCENE,
    in_scene(BODY, "Model: kling-video-o3-omni\n"),
    ('{"model": "kling-video-o3-pro-reference-to-video", "prompt": "x"}', "p.json"),
    ('{"model": "kling-video-v2-6-pro-text-to-video", "prompt": "x"}', "p.json"),
]

test_fires, test_quiet = table("KS106", BAD, GOOD)


def test_suggests_the_closest_id():
    (d,) = [d for d in lint("Model: kling-video-o3-omnii\n" + HEAD + SCENE) if d.code == "KS106"]
    assert d.message == "unknown model `kling-video-o3-omnii`"
    assert d.help == "did you mean `kling-video-o3-omni`?"
    (d,) = [d for d in lint("Model: sora\n" + HEAD + SCENE) if d.code == "KS106"]
    assert "kscript models" in d.help


FIXES = [
    ("Model: kling-video-o3-omnii\n" + HEAD + SCENE, "Model: kling-video-o3-omni\n" + HEAD + SCENE),
    (in_scene(BODY, "Model:   kling-video-o3-omnii  \n"), in_scene(BODY, "Model:   kling-video-o3-omni  \n")),
    ("Model: sora\n" + HEAD + SCENE, "Model: sora\n" + HEAD + SCENE),  # nothing close
    ('{"model": "kling-video-o3-omnii", "prompt": "x"}', '{"model": "kling-video-o3-omni", "prompt": "x"}', "p.json"),
    ("model: kling-video-o3-omnii  # draft\nprompt: x\n", "model: kling-video-o3-omni  # draft\nprompt: x\n", "p.yaml"),
    ("model: 'kling-video-o3-omnii'\nprompt: x\n", "model: 'kling-video-o3-omni'\nprompt: x\n", "p.yaml"),
    ("model: >-\n  kling-video-o3-omnii\nprompt: x\n", "model: >-\n  kling-video-o3-omnii\nprompt: x\n", "p.yaml"),  # a block scalar: left alone
]
test_fixes = fixes("KS106", FIXES)
