"""KS204: a shot without a duration lasts 5 seconds."""

from tests.rules.table import MODEL, fixes, in_scene, shots, table

BAD = [
    (shots("- WIDE", "4s", ""), [(15, 1), (21, 1)]),
    ('{"model": "m", "prompt": "x"}', [(1, 16)], "p.json"),
    ("{" + MODEL + ', "multi_prompt": [{"prompt": "a", "duration": 4}, {"prompt": "b"}]}', [(1, 101)], "p.json"),
]
GOOD = [shots("4s - WIDE"), ("{" + MODEL + ', "prompt": "x", "duration": 5}', "p.json")]

test_fires, test_quiet = table("KS204", BAD, GOOD)

FIXES = [
    (shots("- WIDE", "4s", ""), shots("5s - WIDE", "4s", "5s ")),  # `SHOT ` keeps its trailing space
    (in_scene("SHOT\n@Mara waits in @depot.\n"), in_scene("SHOT 5s\n@Mara waits in @depot.\n")),
    (shots("\u2014 WIDE").replace("\n", "\r\n"), shots("5s \u2014 WIDE").replace("\n", "\r\n")),
    ("\ufeff" + shots("\t- WIDE"), "\ufeff" + shots("5s \t- WIDE")),
    (shots("x"), shots("x")),  # a header that does not parse is left alone
    ('{"model": "m", "prompt": "x"}', '{"model": "m", "prompt": "x"}', "p.json"),  # payloads: not offered
]
test_fixes = fixes("KS204", FIXES)
