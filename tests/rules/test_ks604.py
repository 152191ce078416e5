"""KS604: `@ElementN` / `@ImageN` with no element or image of that number (payload files)."""

from tests.rules.table import MODEL, table

ELEMENT = '"elements": [{"frontal_image_url": "https://a.example/x.png"}]'
BAD = [("{" + MODEL + ', "prompt": "@Element2 by @Image1", ' + ELEMENT + "}", [(1, 62), (1, 62)], "p.json")]
GOOD = [("{" + MODEL + ', "prompt": "@Element1, mail@Image9.com", ' + ELEMENT + "}", "p.json")]

test_fires, test_quiet = table("KS604", BAD, GOOD)
