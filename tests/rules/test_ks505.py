"""KS505: more dialogue than its shot can hold at a speaking rate."""

from tests.helpers import lint, run_kscript
from tests.rules.table import in_scene, table

FOURTEEN = "One two three four five six seven, eight nine ten eleven twelve thirteen fourteen."


def spoken(duration: str, *lines: str) -> str:
    return in_scene(f"SHOT {duration} - CLOSE\n@Mara looks up.\n\nMARA\n" + "\n".join(lines) + "\n")


BAD = [
    (spoken("3s", FOURTEEN), [(19, 1)]),
    (spoken("3s", "(quietly)", "One two three four.", "Five six seven eight."), [(20, 1)]),
    (in_scene("SHOT 2s - CLOSE\nMARA\nOne two three.\n\nMARA\nFour five six.\n"), [(17, 1)]),  # both blocks count
    (spoken("1s", "风雨中我们等了很久。"), [(19, 1)]),  # 9 characters: 4.5 words, 1.8 s
]
GOOD = [
    spoken("3s", "You left the light on."),
    spoken("6s", FOURTEEN),
    spoken("3s", "One two three four.", "(a long pause, then, as if to herself, barely audible)", "Five six."),
    in_scene("SHOT 2s - CLOSE\n@Mara says nothing, one two three four five six seven eight nine ten eleven twelve.\n"),
]

test_fires, test_quiet = table("KS505", BAD, GOOD)


def test_the_message_gives_the_estimate():
    (d,) = [d for d in lint(spoken("3s", FOURTEEN)) if d.code == "KS505"]
    assert d.message.startswith("14 words take about 5.6 s; the shot lasts 3 s")
    assert d.help == "cut the lines to about 7 words, or make the shot `6s`"


def test_the_speech_rate_comes_from_the_configuration(tmp_path):
    script = tmp_path / "s.kscript"
    script.write_text(spoken("6s", FOURTEEN))
    assert b"KS505" not in run_kscript("lint", str(script), cwd=tmp_path).stdout  # 5.6 s at the default 2.5
    (tmp_path / "kscript.toml").write_text("speech-rate = 2\n")
    out = run_kscript("lint", "s.kscript", cwd=tmp_path).stdout.decode()
    assert "14 words take about 7.0 s; the shot lasts 6 s" in out
    (tmp_path / "kscript.toml").write_text("speech-rate = 2.5\n")
    assert "KS505" not in run_kscript("lint", "s.kscript", cwd=tmp_path).stdout.decode()
    (tmp_path / "kscript.toml").write_text('speech-rate = "fast"\n')
    proc = run_kscript("lint", "s.kscript", cwd=tmp_path)
    assert proc.returncode == 2
    assert "`speech-rate` must be a number of words a second from 0.5 to 10 (default 2.5)" in proc.stderr.decode()
