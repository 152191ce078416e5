"""KS701: a setting the scene's model does not take."""

from tests.helpers import lint
from tests.rules.models import EDIT, I2V, MOTION, OMNI, REF, START, TEXT, VIDEO, payload, script
from tests.rules.table import table

BAD = [
    (script(I2V, "5s\nA bud opens.", settings=START + "Aspect: 9:16\n"), [(15, 1)]),  # the image decides
    (script(I2V, "5s\nA bud opens.", settings=START + "End frame: https://cdn.example.com/last.png\n"), [(15, 1)]),
    (script(REF, settings="Guidance: 2\n"), [(14, 1)]),
    (script(TEXT, settings="Video: https://cdn.example.com/a.mp4\n"), [(14, 1)]),
    (script(OMNI, settings="Orientation: video\n"), [(14, 1)]),
    (script(TEXT, title="Resolution: 4k\n"), [(2, 1)]),  # the title page, when no scene's model takes it
    (script(REF, settings="Model: " + TEXT + "\nEnd frame: https://cdn.example.com/last.png\n"), [(15, 1)]),  # the scene's own model
    (payload(TEXT, '"prompt": "x", "input_video": "https://a.example/v.mp4"'), [(1, 64)], "p.json"),
    (payload(I2V, '"prompt": "x", "input_image": "https://a.example/i.png", "aspect_ratio": "1:1"'), [(1, 107)], "p.json"),
]
GOOD = [
    script(TEXT, settings="Aspect: 9:16\nGuidance: 0.5\nAudio: on\nAvoid: blur\n"),
    script(OMNI, settings=VIDEO + "Video mode: reference\nKeep audio: off\nResolution: 4k\n"),
    script(MOTION, "- one take\nShe dances.", settings=START + VIDEO + "Orientation: image\nKeep audio: on\n"),
    script(EDIT, "\nMake it rain.", settings=VIDEO + "Keep audio: on\nVideo length: 8s\n"),
    # A title-page default that one scene's model takes is kept for that scene, dropped for the other.
    "Aspect: 9:16\n\nINT. A - DAY\n\nSHOT 5s\nRain.\n\nINT. B - DAY\nModel: " + I2V + "\n" + START + "\nSHOT 5s\nRain.\n",
    script("sora", settings="Guidance: 2\n"),  # an unknown model: KS106 alone
    (payload(OMNI, '"prompt": "x", "input_video": "https://a.example/v.mp4", "video_mode": "edit"'), "p.json"),
    (payload(TEXT, '"prompt": "x", "cfg_scale": 0.5'), "p.json"),
]

test_fires, test_quiet = table("KS701", BAD, GOOD)


def test_says_what_the_model_takes():
    (d,) = [d for d in lint(script(I2V, "5s\nA bud opens.", settings=START + "Aspect: 9:16\n")) if d.code == "KS701"]
    assert d.message == "`Aspect` is not taken by `kling-video-v2-6-pro-image-to-video`, the model of scene 1"
    assert "`Start frame`, `Audio`, `Avoid`" in d.help


def test_a_setting_not_taken_is_not_sent():
    from kscript.check.runner import check_script

    (scene,) = check_script("t.kscript", script(I2V, "5s\nA bud opens.", settings=START + "Aspect: 9:16\n")).compiled
    assert "aspect_ratio" not in scene.request and scene.request["input_image"] == "https://cdn.example.com/first.png"
