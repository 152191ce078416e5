"""KS102: a title-page key that looks like a misspelt setting."""

from tests.rules.table import HEAD, SCENE, table

REST = HEAD[len("Title: Test\n") :] + SCENE

BAD = [(f"{key}: x\n" + REST, [(1, 1)]) for key in ("Aspekt", "Negativ", "Styel", "Namespce", "Generatoins", "Start frame", "End Frame")]
GOOD = [f"{key}: x\n" + HEAD + SCENE for key in ("Title", "Author", "Draft date", "Contact", "Credit", "Source", "Notes", "Director", "Episode")]

test_fires, test_quiet = table("KS102", BAD, GOOD)
