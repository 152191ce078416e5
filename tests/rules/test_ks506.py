"""KS506: dialogue in a language the model does not speak, with audio on."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kscript.language.tongues import detect
from tests.helpers import lint
from tests.rules.table import HEAD, in_scene, table


def said(*lines: str, settings: str = "") -> str:
    return in_scene("SHOT 5s - CLOSE\n@Mara looks up.\n\nMARA\n" + "\n".join(lines) + "\n", settings)


BAD = [
    (said("Tu as laissé la lumière allumée."), [(19, 1)]),
    (said("(quietly)", "¿Dónde está el último tranvía?"), [(20, 1)]),
    (said("Ты оставила свет включённым."), [(19, 1)]),
    (said("電気をつけっぱなしにしたね。"), [(19, 1)]),
]
GOOD = [
    said("You left the light on."),
    said("你把灯开着。"),  # Chinese is spoken
    said("Merci!"),  # one word: not judged
    said("I told you, amigo, the café is closed."),
    said("Tu as laissé la lumière allumée.", settings="Audio: off\n"),  # nothing is spoken (KS501 says so)
    HEAD.replace("Audio: on\n", "") + "INT. DEPOT - NIGHT\n\nSHOT 5s\nMARA\nTu as laissé la lumière allumée.\n",
]

test_fires, test_quiet = table("KS506", BAD, GOOD)


def test_the_message_names_the_language_and_the_translation():
    (d,) = [d for d in lint(said("Tu as laissé la lumière allumée.")) if d.code == "KS506"]
    assert d.message == "this line looks French; Kling speaks English and Chinese, so with audio on it will be translated and spoken in English"


@pytest.mark.parametrize(
    "text,language",
    [
        ("You left the light on.", "en"),
        ("Je ne sais pas où il est.", "fr"),
        ("Ich habe das Licht angelassen.", "de"),
        ("Você deixou a luz acesa.", "pt"),
        ("Hai lasciato la luce accesa.", "it"),
        ("Dank je wel, tot morgen.", "nl"),
        ("Hej, var är du?", "sv"),
        ("Nie wiem, co robić.", "pl"),
        ("Ви залишили світло.", "uk"),
        ("안녕하세요, 잘 지냈어요?", "ko"),
        ("Γεια σου, φίλε μου.", "el"),
        ("你把灯开着。", "zh"),
        ("Die, monster!", "en"),
        ("Come on, come on!", "en"),
        ("Bon appétit, Mara.", "en"),
        ("Merci!", None),
        ("...", None),
    ],
)
def test_the_heuristic(text, language):
    assert detect(text) == language


def test_the_word_lists_load_only_for_dialogue_spoken_aloud():
    import subprocess
    import sys

    from tests.helpers import EXAMPLES, ROOT

    probe = (
        "import sys; from kscript.check.runner import check_script; "
        "check_script('s.kscript', open(sys.argv[1], encoding='utf-8').read()); "
        "print('kscript.language.tongues' in sys.modules)"
    )

    def loads(path):
        out = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, cwd=ROOT, check=True).stdout
        return out.strip() == "True"

    assert not loads(EXAMPLES / "one-shot.kscript")  # no dialogue
    assert loads(EXAMPLES / "dialogue.kscript")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_the_heuristic_answers_any_text_with_a_language_it_names_or_none(text):
    from kscript.language.tongues import NAMES

    found = detect(text)
    assert found is None or found in NAMES
