"""KS012: a control character in the script."""

from tests.helpers import lint, run_kscript
from tests.rules.table import HEAD, SCENE, in_scene, table

BAD = [
    (in_scene("SHOT 4s\nRain\x00 on the roof.\n"), [(16, 5)]),
    (in_scene("SHOT 4s\nA bell\x07 and\x1b an escape.\n\nFine.\x85\n"), [(16, 7), (18, 6)]),
    ("Title: x\x7f\n\n" + HEAD[len("Title: Test\n"):] + SCENE, [(1, 9)]),
    (in_scene("SHOT 4s\nHidden [[ a\x00note ]] still.\n"), [(16, 12)]),
]
GOOD = [HEAD + SCENE, in_scene("SHOT 4s\n\tA tab is fine.\n")]

test_fires, test_quiet = table("KS012", BAD, GOOD)


def test_one_diagnostic_a_line_with_the_count():
    (d,) = [d for d in lint(in_scene("SHOT 4s\nA\x00B\x00C\x01\n")) if d.code == "KS012"]
    assert d.message == "a control character U+0000 in the script (and 2 more on this line): it cannot be sent"


def test_a_nul_is_never_compiled(tmp_path):
    path = tmp_path / "nul.kscript"
    path.write_bytes((HEAD + SCENE).replace("waits", "wa\x00its").encode())
    proc = run_kscript("compile", str(path), "-o", str(tmp_path / "out"))
    assert proc.returncode == 1 and b"error[KS012]" in proc.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
