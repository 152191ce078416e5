"""KS501: dialogue in a scene whose audio is off."""

from tests.rules.table import HEAD, SCENE, in_scene, table

SPOKEN = SCENE + "\nMARA\nHello.\n"
BAD = [
    (HEAD.replace("Audio: on\n", "Audio: off\n") + SPOKEN, [(18, 1)]),
    (HEAD.replace("Audio: on\n", "") + SPOKEN, [(17, 1)]),
    (in_scene("SHOT 4s\n@Mara waits in @depot.\n\n@mara\nHi.\n", "Audio: no\n"), [(19, 2)]),
]
GOOD = [HEAD + SPOKEN, HEAD.replace("Audio: on\n", "Audio: off\n") + SCENE]

test_fires, test_quiet = table("KS501", BAD, GOOD)


def test_an_invalid_audio_value_is_left_to_ks103():
    from tests.helpers import at

    assert at(HEAD.replace("Audio: on\n", "Audio: loud\n") + SPOKEN, "KS501") == []
