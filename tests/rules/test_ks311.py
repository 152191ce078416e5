"""KS311: a cast member named in plain words in a shot."""

from tests.helpers import lint
from tests.rules.table import HEAD, fixes, in_scene, table

HOPE = HEAD.replace("IMAGES", "HOPE - lighthouse keeper\n  front: https://cdn.example.com/hope.png\n\nIMAGES")


def with_hope(body: str) -> str:
    """HEAD with a member whose name is an ordinary word, then a scene; its body starts on line 18."""
    return HOPE + "INT. DEPOT - NIGHT\n\n" + body


BAD = [
    (in_scene("SHOT 4s - WIDE\nMara waits in @depot.\n"), [(16, 1)]),
    (in_scene("SHOT 4s - CLOSE ON MARA\n@Mara waits, then MARA's hand\nreaches for Mara.\n"), [(15, 20), (16, 19), (17, 13)]),
    (with_hope("SHOT 4s - WIDE\n@Mara turns to Hope. HOPE waits.\n"), [(19, 16), (19, 22)]),
    (with_hope("SHOT 4s - WIDE\n@Mara calls out to\nHope on the stairs.\n"), [(20, 1)]),  # mid-sentence across lines
]
GOOD = [
    in_scene("SHOT 4s - WIDE\n@Mara waits in @depot; the depot is dark.\n"),  # images are not cast
    in_scene("SHOT 4s - WIDE\n@Mara waits, @MARA's coat, @mara.\n"),
    in_scene("SHOT 4s - WIDE\n@Mara waits.\n\nMARA\n(to Mara)\nMara, wake up.\n"),  # cues and dialogue alone
    in_scene("SHOT 4s - WIDE\n@Mara waits. The tamara tree.\n"),  # inside a word
    with_hope("SHOT 4s - WIDE\nHope fades as @Hope climbs. @Mara sees. \"Hope is gone.\" hope lingers.\n"),
    with_hope("SHOT 4s - WIDE\n@Mara waits.\nHope fades.\n"),  # a sentence's start on its own line
]

test_fires, test_quiet = table("KS311", BAD, GOOD)

test_fixes = fixes(
    "KS311",
    [
        (in_scene("SHOT 4s - CLOSE ON MARA\nMara's hand and @depot.\n"), in_scene("SHOT 4s - CLOSE ON @Mara\n@Mara's hand and @depot.\n")),
        (with_hope("SHOT 4s - WIDE\n@Mara sees Hope.\n"), with_hope("SHOT 4s - WIDE\n@Mara sees @Hope.\n")),
    ],
)


def test_the_message_names_the_reference_to_write():
    (d,) = [d for d in lint(in_scene("SHOT 4s - WIDE\nMara waits in @depot.\n")) if d.code == "KS311"]
    assert d.message == "Mara is not tied to the cast member's reference images; write @Mara"
    assert d.severity == "warning"
