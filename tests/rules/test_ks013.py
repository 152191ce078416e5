"""KS013: a line that looks like a SHOT line but is not one."""

from tests.rules.table import HEAD, SCENE, fixes, in_scene, table

AFTER = "SHOT 4s - WIDE\n@Mara waits in @depot.\n\n"  # the scene's first shot: lines 15 and 16

BAD = [
    # The four a new user wrote: each would have been sent inside the previous shot's prompt.
    (in_scene(AFTER + "Shot - WIDE\nRain.\n"), [(18, 1)]),
    (in_scene(AFTER + "Shot\nRain.\n"), [(18, 1)]),
    (in_scene(AFTER + "shot\nRain.\n"), [(18, 1)]),
    (in_scene(AFTER + "Shot: 4s - WIDE\nRain.\n"), [(18, 1)]),
    # Inside a paragraph, in dialogue, indented, with a dash of any kind, capitals, a unit spelt out.
    (in_scene("SHOT 4s - WIDE\n@Mara waits in @depot.\nSHOT: close on her hands\n"), [(17, 1)]),
    (in_scene(AFTER + "MARA\nStay.\nShot WIDE, locked off\n"), [(20, 1)]),
    (in_scene(AFTER + "   sHoT \u2014 CLOSE\nRain.\n"), [(18, 4)]),
    (in_scene(AFTER + "Shot 4 seconds - WIDE\nRain.\n"), [(18, 1)]),
    (in_scene(AFTER + "shot 4s WIDE\nRain.\n"), [(18, 1)]),
    (in_scene(AFTER + "Shot 4 - WIDE\nRain.\n"), [(18, 1)]),
    # Before the first shot, and directly under the heading where it would be a setting.
    (in_scene("Shot - WIDE\n@Mara waits in @depot.\n"), [(15, 1)]),
    (HEAD + "INT. DEPOT - NIGHT\nShot: 4s - WIDE\n@Mara waits in @depot.\n", [(14, 1)]),
]
GOOD = [
    HEAD + SCENE,
    # The SHOT lines the grammar reads: capitals, or any case with a duration right after.
    in_scene("SHOT - WIDE\n@Mara waits in @depot.\n\nShot 4s - CLOSE\nRain.\n\nshot 3s\nMore rain.\n"),
    # Prose that begins with the word, or with another word.
    in_scene(AFTER + "Shots ring out.\n\nShot after shot, the rain.\n\nShot through the glass, the lamp goes dark.\n"),
    in_scene(AFTER + "Shot 3 times, he falls.\n\nShot.\n\nShot!\n\nShotgun shells roll.\n\nShot's echo.\n\nShot-up tram.\n"),
    # Forced action.
    in_scene(AFTER + "!Shot: the gun fires.\n"),
]

test_fires, test_quiet = table("KS013", BAD, GOOD)

test_fixes = fixes(
    "KS013",
    [
        (in_scene(AFTER + "Shot: 4s - WIDE\nRain.\n"), in_scene(AFTER + "SHOT 4s - WIDE\nRain.\n")),
        (in_scene(AFTER + "Shot - WIDE\nRain.\n"), in_scene(AFTER + "SHOT - WIDE\nRain.\n")),
        (in_scene(AFTER + "shot\nRain.\n"), in_scene(AFTER + "SHOT\nRain.\n")),
        (in_scene(AFTER + "Shot 4 seconds WIDE\nRain.\n"), in_scene(AFTER + "SHOT 4s - WIDE\nRain.\n")),
        (in_scene(AFTER + "  shot : 2.5 sec : CLOSE\nRain.\n"), in_scene(AFTER + "  SHOT 2.5s - CLOSE\nRain.\n")),
        (HEAD + "INT. DEPOT - NIGHT\nShot: 4s - WIDE\nRain.\n", HEAD + "INT. DEPOT - NIGHT\nSHOT 4s - WIDE\nRain.\n"),
        # A number without a unit: seconds, or the fourth shot? No fix.
        (in_scene(AFTER + "Shot 4 - WIDE\nRain.\n"), in_scene(AFTER + "Shot 4 - WIDE\nRain.\n")),
    ],
)
