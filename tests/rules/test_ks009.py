"""KS009: a directive naming an unknown code."""

from tests.helpers import lint
from tests.rules.table import HEAD, SCENE, fixes, table

BAD = [
    (HEAD + "[[kscript: ignore KS3060, KS306]]\n" + SCENE, [(13, 19)]),
    (HEAD + "[[kscript: ignore-file KS999]]\n" + SCENE, [(13, 24)]),
    (HEAD + "[[kscript: ignore]]\n" + SCENE, [(13, 1)]),
]
GOOD = [HEAD + "[[kscript: ignore KS306, KS5]]\n" + SCENE, HEAD + "[[ kscript is great ]]\n" + SCENE]

test_fires, test_quiet = table("KS009", BAD, GOOD)


def test_suggests_the_code():
    (d,) = [d for d in lint(HEAD + "[[kscript: ignore KS3060]]\n" + SCENE) if d.code == "KS009"]
    assert d.help == "did you mean `KS306`?"


def test_a_malformed_code_silences_nothing():
    from tests.helpers import at

    text = HEAD + "[[kscript: ignore K]]\n" + SCENE.replace("@Mara waits", "She waits")
    assert at(text, "KS502") == [(17, 1)]
    assert at(text, "KS009") == [(13, 19)]

FIXES = [
    (HEAD + "[[kscript: ignore KS3060, KS306]]\n" + SCENE, HEAD + "[[kscript: ignore KS306, KS306]]\n" + SCENE),
    (HEAD + "[[kscript: ignore-file ks5044]]\n" + SCENE, HEAD + "[[kscript: ignore-file KS504]]\n" + SCENE),
    (HEAD + "[[kscript: ignore KS999]]\n" + SCENE, HEAD + "[[kscript: ignore KS999]]\n" + SCENE),  # nothing close
]
test_fixes = fixes("KS009", FIXES)
