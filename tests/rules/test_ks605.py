"""KS605: anything else the shipped JSON Schema refuses (payload files)."""

from tests.helpers import lint
from tests.rules.table import MODEL, fixes, table

UNKNOWN = "{" + MODEL + ',\n "prompt": "x",\n "seed": 7,\n "generate_audio": "yes"}'
BAD = [
    (UNKNOWN, [(3, 2), (4, 20)], "p.json"),
    ('{"prompt": "x"}', [(1, 1)], "p.json"),
    ("{" + MODEL + ', "prompt": "x", "elements": [{"reference_image_urls": []}]}', [(1, 80)], "p.json"),
    ("{" + MODEL + ',\n "prompt": "x",\n "prompt": "y"}', [(3, 2)], "p.json"),
]
GOOD = [("{" + MODEL + ', "prompt": "x", "duration": 16, "num_generations": 9, "aspect_ratio": "4:3"}', "p.json")]  # other rules' business

test_fires, test_quiet = table("KS605", BAD, GOOD)


def test_names_the_unknown_key_and_suggests():
    (d,) = [d for d in lint(UNKNOWN, "p.json") if d.code == "KS605" and d.span.line == 3]
    assert d.message == "unknown key `seed`"
    text = "{" + MODEL + ', "prompt": "x", "negativ_prompt": "blur"}'
    (d,) = [d for d in lint(text, "p.json") if d.code == "KS605"]
    assert d.help == "did you mean `negative_prompt`?"

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
]
test_fixes = fixes("KS605", FIXES)
