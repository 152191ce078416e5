"""KS103: an invalid setting value."""

from tests.helpers import lint
from tests.rules.table import HEAD, MODEL, SCENE, fixes, in_scene, table

BAD = [
    ("Aspect: 4:3\n" + HEAD + SCENE, [(1, 9)]),
    ("Audio: loud\n" + HEAD + SCENE, [(1, 8)]),
    ("Output: mp4\n" + HEAD + SCENE, [(1, 9)]),
    ("Generations: 5\n" + HEAD + SCENE, [(1, 14)]),
    ("Namespace: my team\n" + HEAD + SCENE, [(1, 12)]),
    ("Aspect:\n" + HEAD + SCENE, [(1, 8)]),
    (in_scene("SHOT 4s\n@Mara waits in @depot.\n", "Audio: maybe\n"), [(14, 8)]),
    ("{" + MODEL + ', "prompt": "x", "aspect_ratio": "4:3"}', [(1, 83)], "p.json"),
    ("{" + MODEL + ', "prompt": "x", "response_format": "mp4"}', [(1, 86)], "p.json"),
]
GOOD = [
    "Aspect: 9:16\nAudio: yes\nOutput: base64\nGenerations: 4\nNamespace: tram-studio\n" + HEAD + SCENE,
    ("{" + MODEL + ', "prompt": "x", "aspect_ratio": "1:1", "response_format": "b64_json"}', "p.json"),
]

test_fires, test_quiet = table("KS103", BAD, GOOD)


def test_lists_the_allowed_values_and_guesses():
    (d,) = [d for d in lint("Aspect: 16x9\n" + HEAD + SCENE) if d.code == "KS103"]
    assert "`16:9`, `9:16` or `1:1`" in d.help and "did you mean `16:9`" in d.help


FIXES = [
    ("Aspect: 16x9\n" + HEAD + SCENE, "Aspect: 16:9\n" + HEAD + SCENE),
    (in_scene("SHOT 4s\n@Mara waits in @depot.\n", "Audio:  of \n"), in_scene("SHOT 4s\n@Mara waits in @depot.\n", "Audio:  off \n")),
    ("Audio: loud\n" + HEAD + SCENE, "Audio: loud\n" + HEAD + SCENE),  # nothing close
    ("{" + MODEL + ', "prompt": "x", "aspect_ratio": "16:10"}', "{" + MODEL + ', "prompt": "x", "aspect_ratio": "16:9"}', "p.json"),
    ("model: m\nprompt: x\naspect_ratio: 16:10\nresponse_format: b64json\n", "model: m\nprompt: x\naspect_ratio: \"16:9\"\nresponse_format: b64_json\n", "p.yaml"),
]
test_fixes = fixes("KS103", FIXES)


# The model settings (issue 13): values are checked whatever the model (KS701 says whether it takes them).
from tests.rules.models import OMNI, TEXT, script  # noqa: E402

MODEL_BAD = [
    (script(TEXT, settings="Guidance: 11\n"), [(14, 11)]),
    (script(TEXT, settings="Guidance: nan\n"), [(14, 11)]),
    (script(OMNI, settings="Resolution: 8k\n"), [(14, 13)]),
    (script(OMNI, settings="Video mode: remix\n"), [(14, 13)]),
    (script(OMNI, settings="Keep audio: loud\n"), [(14, 13)]),
    (script(OMNI, title="Orientation: sideways\n"), [(2, 14)]),
    (script(OMNI, title="Video length: long\n"), [(2, 15)]),
]
MODEL_GOOD = [
    script(TEXT, settings="Guidance: 0\n"),
    script(TEXT, settings="Guidance: 7.5\n"),
    script(OMNI, settings="Resolution: 4K\nVideo mode: Reference\nKeep audio: off\n"),
]
test_model_settings_fire, test_model_settings_quiet = table("KS103", MODEL_BAD, MODEL_GOOD)


def test_model_setting_values_compile_as_the_api_takes_them():
    from kscript.check.runner import check_script

    (scene,) = check_script("t.kscript", script(OMNI, settings="Resolution: 4K\nVideo mode: Reference\nKeep audio: off\n")).compiled
    assert (scene.request["resolution"], scene.request["video_mode"], scene.request["keep_audio"]) == ("4k", "reference", False)
    (scene,) = check_script("t.kscript", script(TEXT, settings="Guidance: 2\n")).compiled
    assert scene.request["cfg_scale"] == 2 and isinstance(scene.request["cfg_scale"], int)
