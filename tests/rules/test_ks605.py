"""KS605: anything else the shipped JSON Schema refuses (payload files), in kscript's words."""

import pytest

from tests.helpers import lint
from tests.rules.table import MODEL, fixes, table

UNKNOWN = "{" + MODEL + ',\n "prompt": "x",\n "seed": 7,\n "generate_audio": "yes"}'
OMNI = '"model": "kling-video-o3-omni"'
I2V = '"model": "kling-video-o3-pro-image-to-video"'
T2V = '"model": "kling-video-v2-6-pro-text-to-video"'
URL = '"https://a.example/m.png"'
SHOTS = "{" + MODEL + ',\n "multi_prompt": [{"prompt": "a", "duration": 4, "negative": "x"},\n  {"prompt": "b", "duration": 4, "negative": "x"}, {"prompt": "c", "negative": "x"}]}'
BAD = [
    (UNKNOWN, [(3, 2), (4, 20)], "p.json"),
    ('{"prompt": "x"}', [(1, 1)], "p.json"),
    ("{" + MODEL + ', "prompt": "x", "elements": [{"reference_image_urls": []}]}', [(1, 80)], "p.json"),
    ("{" + MODEL + ',\n "prompt": "x",\n "prompt": "y"}', [(3, 2)], "p.json"),
    (SHOTS, [(2, 50)], "p.json"),  # once for the three shots
    ('{"model_name": "kling-video-o3-omni", "prompt": "x"}', [(1, 2)], "p.json"),  # and no "no model"
    ("{" + OMNI + ', "prompt": "x", "resolution": "8k"}', [(1, 63)], "p.json"),
    ("{" + T2V + ', "prompt": "x", "cfg_scale": 12}', [(1, 77)], "p.json"),
    ("{" + MODEL + ', "prompt": "x", "start_image_url": ""}', [(1, 86)], "p.json"),
    ("{" + MODEL + ', "prompt": "x", "elements": [{"frontal_image_url": ' + URL + ', "reference_image_urls": [' + ",".join([URL] * 4) + "]}]}", [(1, 153)], "p.json"),
    ("{" + MODEL + ', "prompt": "x", "elements": ["https://a.example/m.png"]}', [(1, 80)], "p.json"),
    ("{" + MODEL + ', "prompt": "x", "input_image": "https://a.example/m.png"}', [(1, 82)], "p.json"),
]
GOOD = [
    ("{" + MODEL + ', "prompt": "x", "duration": 16, "num_generations": 9, "aspect_ratio": "4:3"}', "p.json"),  # other rules' business
    ("{" + MODEL + ', "prompt": "x", "multi_prompt": null}', "p.json"),  # KS608
    ("{" + MODEL + ', "multi_prompt": null}', "p.json"),  # KS602
]

test_fires, test_quiet = table("KS605", BAD, GOOD)


def said(text: str, path: str = "p.json") -> list[tuple[str, str]]:
    return [(d.message, d.help) for d in lint(text, path) if d.code == "KS605"]


def test_names_the_unknown_key_and_suggests():
    (d,) = [d for d in lint(UNKNOWN, "p.json") if d.code == "KS605" and d.span.line == 3]
    assert d.message == "unknown key `seed`: `kling-video-o3-pro-reference-to-video` has no such field"
    assert d.help == "remove it: the Oxen API documents no seed"  # other providers' fields with no Oxen field say why
    ((_, help),) = said("{" + MODEL + ', "prompt": "x", "lens": "35mm"}')
    assert help.startswith("remove it; `kling-video-o3-pro-reference-to-video` takes `model`, `prompt`")
    # No model: checked as the default model, and said so; a field another model takes names it.
    ((message, help),) = said('{"prompt": "x", "cfg_scale": 0.5}')[1:]
    assert message == (
        "unknown key `cfg_scale`: the default model, `kling-video-o3-pro-reference-to-video`, does not take it"
        " (the request names no model kscript knows)"
    )
    assert help == "name a model that takes it (`kling-video-v2-6-pro-text-to-video`), or remove it"
    text = "{" + MODEL + ', "prompt": "x", "negativ_prompt": "blur"}'
    (d,) = [d for d in lint(text, "p.json") if d.code == "KS605"]
    assert d.help == "did you mean `negative_prompt`?"


@pytest.mark.parametrize(
    "fields,key,target",
    [
        ('"image_urls": [' + URL + "]", "image_urls", "input_image"),
        ('"image_url": [' + URL + "]", "image_url", "input_image"),
        ('"end_image_url": ' + URL + ', "start_image_url": ' + URL, "end_image_url", "tail_image_url"),
        ('"start_image": ' + URL, "start_image", "start_image_url"),
    ],
)
def test_other_providers_names_get_the_oxen_name(fields, key, target):
    ((message, help),) = said("{" + MODEL + ', "prompt": "x", ' + fields + "}")
    assert message == f"`{key}` is another provider's name: the Oxen API calls it `{target}`"
    assert help == f"did you mean `{target}`?"


def test_other_names_follow_the_model():
    # On the O3 image-to-video model the start frame is `input_image` (one URL).
    ((message, _),) = said("{" + I2V + ', "prompt": "x", "start_image": ' + URL + "}")
    assert message.endswith("calls it `input_image`")
    ((message, _),) = said('{"model_name": "kling-video-o3-omni", "prompt": "x", "video_url": "https://a.example/v.mp4"}')[1:]
    assert message == "`video_url` is another provider's name: the Oxen API calls it `input_video`"
    # A model without the field: said, and which models take it.
    ((message, help),) = said("{" + MODEL + ', "prompt": "x", "video_url": "https://a.example/v.mp4"}')
    assert message.endswith("calls it `input_video`, which `kling-video-o3-pro-reference-to-video` does not take")
    assert help.startswith("remove it, or use a model that takes `input_video`: `kling-video-o3-pro-video-to-video-edit`")


def test_an_unknown_key_in_every_shot_is_said_once_with_the_count():
    ((message, help),) = said(SHOTS)
    assert message == "`negative` appears in 3 shots; a shot takes only `prompt` and `duration`"
    assert help == "`negative_prompt` belongs to the whole request: write it once at the top level, and remove `negative` from the shots"
    ((message, _),) = said("{" + MODEL + ', "multi_prompt": [{"prompt": "a", "seed": 1}, {"prompt": "b"}]}')
    assert message == "unknown key `seed` in shot 1; a shot takes only `prompt` and `duration`"


TRANSLATED = [
    ('{"prompt": "x"}', "the request has no `model`", 'add `"model": "kling-video-o3-pro-reference-to-video"` (`kscript models` lists the others)'),
    (UNKNOWN, "`generate_audio` is the string `\"yes\"`; it must be `true` or `false`", "write `true` or `false`, without quotes"),
    (
        "{" + MODEL + ', "prompt": "x", "elements": [{"reference_image_urls": []}, {}]}',
        "2 elements have no `frontal_image_url` (the first here)",
        'add `"frontal_image_url": "https://…"`: its front image to each',
    ),
    ("{" + OMNI + ', "prompt": "x", "resolution": "4K"}', "`resolution` is the string `\"4K\"`; `kling-video-o3-omni` takes `720p`, `1080p` or `4k`", "did you mean `4k`?"),
    ("{" + T2V + ', "prompt": "x", "cfg_scale": 12}', "`cfg_scale` is 12; it must be from 0 to 10", "use a number from 0 to 10"),
    ("{" + MODEL + ', "prompt": "x", "start_image_url": ""}', "`start_image_url` is empty", "write the URL, or remove `start_image_url`"),
    (
        "{" + MODEL + ', "prompt": "x", "elements": [{"frontal_image_url": ' + URL + ', "reference_image_urls": [' + ",".join([URL] * 4) + "]}]}",
        "element 1's `reference_image_urls` has 4 reference images; an element takes at most 3",
        "remove 1",
    ),
    ("{" + MODEL + ', "prompt": "x", "elements": ["https://a.example/m.png"]}', "element 1 is the string `\"https://a.example/m.png\"`; it must be an object", 'write `{"frontal_image_url": "https://…"}`'),
    ("{" + MODEL + ', "prompt": "x", "input_image": "https://a.example/m.png"}', "`input_image` is the string `\"https://a.example/m.png\"`; it must be a list", 'put it in a list: `["https://a.example/m.png"]`'),
    ("{" + MODEL + ', "prompt": null}', "`prompt` is `null`; it must be a string", 'write it in quotes: `"…"`'),
    ("{" + MODEL + ', "multi_prompt": [{"prompt": 1}, {"prompt": 2}]}', "shot 1's `prompt` is the number `1`; it must be a string (the same in 2 shots)", 'write it in quotes: `"…"`'),
]


@pytest.mark.parametrize("text,message,help", TRANSLATED, ids=[f"t{i}" for i in range(len(TRANSLATED))])
def test_schema_errors_in_kscripts_words(text, message, help):
    assert (message, help) in said(text)


RAW = ("is a required property", "is not of type", "is too long", "is too short", "is not one of", "does not match",
       "NoneType", "Failed validating", "is not valid under", "Additional properties", "is greater than", "is less than")


def test_no_validator_text_leaks():
    for text, _, _ in TRANSLATED:
        for message, help in said(text):
            assert not any(raw in message or raw in (help or "") for raw in RAW), message
            assert help, message


FIXES = [
    ("{" + MODEL + ',\r\n "prompt": "x", "end_image_url": "u"}', "{" + MODEL + ',\r\n "prompt": "x", "tail_image_url": "u"}', "p.json"),
    (
        "{" + MODEL + ', "prompt": "x", "elements": [{"frontal_image_url": "u", "reference_image_url": []}]}',
        "{" + MODEL + ', "prompt": "x", "elements": [{"frontal_image_url": "u", "reference_image_urls": []}]}',
        "p.json",
    ),
    ("model: m\nprompt: x\nnegativ_prompt: blur\n", "model: m\nprompt: x\nnegative_prompt: blur\n", "p.yaml"),
    ("model: m\nprompt: x\n'aspect_ratoi': '1:1'\n", "model: m\nprompt: x\n'aspect_ratio': '1:1'\n", "p.yml"),
    ("{model: m, prompt: x, \"seeed\": 1}\n", "{model: m, prompt: x, \"seeed\": 1}\n", "p.yaml"),  # nothing close
    (
        "{" + MODEL + ', "prompt": "x", "tail_image_url": "u", "tail_image_ur": "v"}',  # would be given twice
        "{" + MODEL + ', "prompt": "x", "tail_image_url": "u", "tail_image_ur": "v"}',
        "p.json",
    ),
    # other providers' names
    ('{"model_name": "m", "prompt": "x", "image_urls": ["u"]}', '{"model": "m", "prompt": "x", "input_image": ["u"]}', "p.json"),
    ("model: m\nprompt: x\nstart_image: u\nvideo_url: v\n", "model: m\nprompt: x\nstart_image_url: u\nvideo_url: v\n", "p.yaml"),
    ("{" + OMNI + ', "prompt": "x", "resolution": "4K"}', "{" + OMNI + ', "prompt": "x", "resolution": "4k"}', "p.json"),
    # a misspelt key in every shot: renamed in all of them by one fix
    (
        "{" + MODEL + ', "multi_prompt": [{"prompt": "a", "durration": 4}, {"prompt": "b", "durration": 3}]}',
        "{" + MODEL + ', "multi_prompt": [{"prompt": "a", "duration": 4}, {"prompt": "b", "duration": 3}]}',
        "p.json",
    ),
]
test_fixes = fixes("KS605", FIXES)
