"""KS301: a reference to an undeclared name."""

from tests.helpers import lint
from tests.rules.table import HEAD, SCENE, fixes, in_scene, table


def action(text: str) -> str:
    return in_scene("SHOT 4s - WIDE\n@Mara waits in @depot.\n" + text + "\n")


BAD = [
    (action("@Mra runs."), [(17, 1)]),
    (action("Past @nobody."), [(17, 6)]),
    (action("@Mara's @Lamp."), [(17, 9)]),
    ("Style: look of @deppot\n" + HEAD + SCENE, [(1, 16)]),
    (in_scene("SHOT 4s - CLOSE ON @Lantern\n@Mara waits in @depot.\n"), [(15, 20)]),
    (action("\nMARA\n(to @Luka)\nHi."), [(19, 5)]),
]
GOOD = [action(t) for t in ("mail mara@host.com", "@@Mara is literal", "@MARA and @mara", "@3pm", "@Element1")]

test_fires, test_quiet = table("KS301", BAD, GOOD)


def test_suggests_a_name_in_scope_in_the_writers_case():
    (d,) = [d for d in lint(action("@Mra runs.")) if d.code == "KS301"]
    assert d.help == "did you mean `@Mara`?"
    (d,) = [d for d in lint(action("@DEPO.")) if d.code == "KS301"]
    assert d.help == "did you mean `@DEPOT`?"

FIXES = [
    (action("@Mra runs."), action("@Mara runs.")),
    (action("@DEPO, @mra."), action("@DEPOT, @mara.")),
    ("Style: look of @deppot\n" + HEAD + SCENE, "Style: look of @depot\n" + HEAD + SCENE),
    (action("Past @nobody."), action("Past @nobody.")),  # nothing close
]
test_fixes = fixes("KS301", FIXES)
