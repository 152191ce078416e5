"""KS305: a cast member with more than 3 `also` images."""

from tests.rules.table import HEAD, SCENE, table

FOUR = ", ".join(f"https://a.example/{i}.png" for i in range(4))
BAD = [
    (HEAD.replace("mara.png\n", f"mara.png\n  also: {FOUR}\n") + SCENE, [(8, 84)]),
    (HEAD.replace("mara.png\n", "mara.png\n" + "".join(f"  also: https://a.example/{i}.png\n" for i in range(5))) + SCENE, [(11, 9)]),
]
GOOD = [HEAD.replace("mara.png\n", "mara.png\n  also: https://a.example/1.png, https://a.example/2.png\n  also: https://a.example/3.png\n") + SCENE]

test_fires, test_quiet = table("KS305", BAD, GOOD)
