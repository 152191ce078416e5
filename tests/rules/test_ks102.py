"""KS102: a title-page key that looks like a misspelt setting."""

from tests.rules.table import HEAD, SCENE, fixes, table

REST = HEAD[len("Title: Test\n") :] + SCENE

BAD = [(f"{key}: x\n" + REST, [(1, 1)]) for key in ("Aspekt", "Negativ", "Styel", "Namespce", "Generatoins", "Start frame", "End Frame")]
GOOD = [f"{key}: x\n" + HEAD + SCENE for key in ("Title", "Author", "Draft date", "Contact", "Credit", "Source", "Notes", "Director", "Episode")]

test_fires, test_quiet = table("KS102", BAD, GOOD)

FIXES = [
    ("Aspekt: 9:16\n" + REST, "Aspect: 9:16\n" + REST),
    ("Styel: noir\r\n" + REST, "Style: noir\r\n" + REST),
    ("Aspect: 1:1\nAspekt: 9:16\n" + REST, "Aspect: 1:1\nAspekt: 9:16\n" + REST),  # would be given twice
    ("Start frame: x\n" + REST, "Start frame: x\n" + REST),  # which scene: not a guess to make
]
test_fixes = fixes("KS102", FIXES)
