"""`kscript import`: payloads become a script that compiles back to them, key for key and in order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kscript.check.runner import check_script
from kscript.importer.read import Request, requests_of
from kscript.importer.write import write
from tests.helpers import EXAMPLES, run_kscript

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.kscript"))


def compiled(text: str, queue: bool = True) -> list[dict]:
    result = check_script("t.kscript", text, queue=queue)
    assert not [d for d in result.diagnostics if d.severity == "error"], [d.message for d in result.diagnostics]
    return [c.request for c in result.compiled]


def imported(bodies: list[dict]) -> str:
    written = write([Request(f"r{i}", b, None) for i, b in enumerate(bodies, 1)], "Test")
    assert not written.failed, [p.render() for p in written.problems]
    return written.text


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_round_trips_through_the_command(tmp_path: Path, example: Path) -> None:
    out = tmp_path / "payloads"
    made = run_kscript("compile", str(example), "--queue", "-o", str(out))
    assert made.returncode == 0, made.stderr.decode()
    files = sorted(out.glob("*.json"), key=lambda p: p.name)
    result = run_kscript("import", *map(str, files), "-o", str(tmp_path / "back.kscript"))
    assert result.returncode == 0, result.stderr.decode()
    again = run_kscript("compile", str(tmp_path / "back.kscript"), "--queue", "--jsonl")
    original = run_kscript("compile", str(example), "--queue", "--jsonl")
    by_scene = {json.loads(f.read_text())["model"] and f.name: f.read_text() for f in files}
    assert by_scene  # the files themselves were read
    # The same bodies, key for key and in the same order (files sort as scene ids may not: compare as sets of lines).
    assert sorted(again.stdout.decode().splitlines()) == sorted(original.stdout.decode().splitlines())


def test_the_written_script_reads_like_one(tmp_path: Path) -> None:
    out = tmp_path / "payloads"
    run_kscript("compile", str(EXAMPLES / "the-last-tram.kscript"), "-o", str(out))
    result = run_kscript("import", str(out / "the-last-tram.1.json"), str(out / "the-last-tram.2.json"))
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode()
    assert text.startswith("Title: the-last-tram\nAudio: on\n")
    assert "CAST\n\nMARA\n  front: https://cdn.example.com/mara/front.png\n  also: https://cdn.example.com/mara/side.png\n" in text
    assert "IMAGES\n\ntram_depot: https://cdn.example.com/looks/tram_depot.jpg\n" in text
    assert ".SCENE 1\nAspect: 9:16\nStart frame: https://cdn.example.com/frames/s1_first.png\n\nSHOT 4s\nWIDE, locked off. Rain drums on the roof of @tram_depot." in text
    # Written in the canonical layout: `kscript fmt --check` has nothing to change.
    (tmp_path / "back.kscript").write_text(text, encoding="utf-8")
    checked = run_kscript("fmt", "--check", str(tmp_path / "back.kscript"))
    assert checked.returncode == 0, checked.stdout.decode() + checked.stderr.decode()


def test_a_list_json_lines_and_yaml(tmp_path: Path) -> None:
    one = {"model": "kling-video-o3-pro-reference-to-video", "prompt": "A kite over the dunes.", "duration": 5}
    two = {"model": "kling-video-o3-pro-reference-to-video", "prompt": "The kite falls.", "duration": 4, "aspect_ratio": "1:1"}
    (tmp_path / "list.json").write_text(json.dumps([one, two]))
    (tmp_path / "lines.jsonl").write_text(json.dumps(one) + "\n" + json.dumps(two) + "\n")
    (tmp_path / "two.yaml").write_text("---\nmodel: kling-video-o3-pro-reference-to-video\nprompt: A kite over the dunes.\nduration: 5\n---\n"
                                       "model: kling-video-o3-pro-reference-to-video\nprompt: The kite falls.\nduration: 4\naspect_ratio: '1:1'\n")
    for name in ("list.json", "lines.jsonl", "two.yaml"):
        result = run_kscript("import", str(tmp_path / name))
        assert result.returncode == 0, result.stderr.decode()
        assert compiled(result.stdout.decode()) == [one, two]


def test_names_come_from_the_prompts_then_the_urls_then_numbers() -> None:
    body = {
        "model": "kling-video-o3-pro-reference-to-video",
        "multi_prompt": [
            {"prompt": "Zoe (@Element1) flies a kite past @Element2 and @Element3 over @Image1.", "duration": 5},
            {"prompt": "@Element1 laughs.", "duration": 3},
        ],
        "input_image": ["https://x.example/looks/dune_sunset.png"],
        "elements": [
            {"frontal_image_url": "https://x.example/a/front.png"},
            {"frontal_image_url": "https://x.example/props/red-kite/front.png"},
            {"frontal_image_url": "https://x.example/9f8e7d.png"},
        ],
    }
    text = imported([body])
    assert "\nZOE\n" in text and "\nRED_KITE\n" in text and "\nE3\n" in text
    assert "dune_sunset: https://x.example/looks/dune_sunset.png" in text
    assert "Zoe (@Zoe) flies a kite past @Red_kite and @E3 over @dune_sunset." in text
    assert compiled(text) == [body]


def test_literal_at_signs_and_lines_that_would_read_as_something_else() -> None:
    bodies = [
        {"model": "kling-video-o3-pro-reference-to-video", "prompt": "INT. view of a mail@host sign, @handle and @@ marks.", "duration": 3},
        {"model": "kling-video-o3-pro-reference-to-video", "prompt": "SHOT of rain.", "duration": 3},
        {"model": "kling-video-o3-pro-reference-to-video", "prompt": "# one: a hash sign.", "duration": 3},
        {"model": "kling-video-o3-pro-reference-to-video", "prompt": "!Boom.", "duration": 3},
        {"model": "kling-video-o3-pro-reference-to-video", "prompt": "ALL CAPS SHOUTING", "duration": 3},
    ]
    assert compiled(imported(bodies)) == bodies


def test_what_a_script_cannot_say_is_an_error_naming_it(tmp_path: Path) -> None:
    bad = {"model": "kling-video-o3-pro-reference-to-video", "prompt": "Rain.", "duration": 5, "seed": 42, "end_image_url": "https://e.com/a.png"}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    result = run_kscript("import", str(path), "-o", str(tmp_path / "out.kscript"))
    err = result.stderr.decode()
    assert result.returncode == 1
    # lint's findings, in lint's words (tests/test_import_agrees_with_lint.py)
    assert "error[KS605] unknown key `seed`" in err and "the Oxen API documents no seed" in err
    assert "did you mean `tail_image_url`?" in err
    assert "nothing was written" in err and not (tmp_path / "out.kscript").exists()


def test_another_providers_wrapper_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "replicate.json"
    path.write_text(json.dumps({"input": {"prompt": "Rain.", "duration": 5}}))
    result = run_kscript("import", str(path))
    assert result.returncode == 0  # imported from inside, as lint checks it there (KS609)
    assert "wrapped in another provider's `input` object" in result.stderr.decode()
    assert "Rain." in result.stdout.decode()


def test_an_element_no_prompt_mentions_is_an_error() -> None:
    body = {"prompt": "An empty street.", "duration": 5, "elements": [{"frontal_image_url": "https://e.com/mara.png"}]}
    written = write([Request("r", body, None)], "T")
    assert written.failed
    assert any("@Element1 is never referred to in a prompt" in p.message for p in written.problems)


def test_elements_first_mentioned_out_of_order_are_renumbered_with_a_warning() -> None:
    body = {
        "prompt": "@Element2 hands @Element1 a map.",
        "duration": 5,
        "elements": [{"frontal_image_url": "https://e.com/ana.png"}, {"frontal_image_url": "https://e.com/ben.png"}],
    }
    written = write([Request("r", body, None)], "T")
    assert not written.failed
    assert any("reordered" in p.message for p in written.problems)
    assert compiled(written.text) == [
        {
            "model": "kling-video-o3-pro-reference-to-video",
            "prompt": "@Element1 hands @Element2 a map.",
            "duration": 5,
            "elements": [{"frontal_image_url": "https://e.com/ben.png"}, {"frontal_image_url": "https://e.com/ana.png"}],
        }
    ]


def test_an_existing_file_is_not_replaced_without_force(tmp_path: Path) -> None:
    payload = tmp_path / "p.json"
    payload.write_text(json.dumps({"prompt": "Rain.", "duration": 5}))
    target = tmp_path / "mine.kscript"
    target.write_text("my own work\n")
    refused = run_kscript("import", str(payload), "-o", str(target))
    assert refused.returncode == 2 and "exists" in refused.stderr.decode()
    assert target.read_text() == "my own work\n"
    forced = run_kscript("import", str(payload), "-o", str(target), "--force")
    assert forced.returncode == 0, forced.stderr.decode()
    assert "SHOT 5s\nRain.\n" in target.read_text()


@pytest.mark.slow
def test_unreadable_payloads_are_diagnostics_not_tracebacks(tmp_path: Path) -> None:
    cases = {
        "a.json": "{not json",
        "b.json": "[1, 2]",
        "c.yaml": "a: &a [x, x]\nb: [*a, *a]\n",
        "d.json": "NaN",
        "e.json": "[" * 5000 + "]" * 5000,
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        result = run_kscript("import", str(tmp_path / name))
        err = result.stderr.decode()
        assert result.returncode in (1, 2), (name, err)
        assert "Traceback" not in err and "internal error" not in err, (name, err)
        assert name in err


def test_file_names_give_scene_ids(tmp_path: Path) -> None:
    (tmp_path / "heist.A1.json").write_text(json.dumps({"prompt": "Vault door.", "duration": 5}))
    (tmp_path / "heist.B2.json").write_text(json.dumps({"prompt": "Alarm.", "duration": 4}))
    result = run_kscript("import", str(tmp_path / "heist.A1.json"), str(tmp_path / "heist.B2.json"))
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode()
    assert ".SCENE A1 #A1#" in text and ".SCENE B2 #B2#" in text and text.startswith("Title: heist\n")


def test_requests_of_reads_one_request_or_many() -> None:
    found, problems = requests_of("x.json", '{"prompt": "a", "duration": 3}')
    assert not problems and found[0].body["prompt"] == "a"
    found, problems = requests_of("x.json", "[]")
    assert problems and "holds no request" in problems[0].message


# -- hypothesis: any request the schema accepts, written in the compiler's key order ------------

WORDS = st.sampled_from(["rain", "falls", "on", "the", "old", "tram", "Slowly,", "light", "fades.", "a@b", "@@", "INT.", "#1", "SHOT", "!"])


@st.composite
def requests(draw: st.DrawFn) -> dict:
    n_elements = draw(st.integers(0, 3))
    n_images = draw(st.integers(0, 4 - n_elements))
    refs = [f"@Element{i}" for i in range(1, n_elements + 1)] + [f"@Image{i}" for i in range(1, n_images + 1)]
    shots = draw(st.integers(1, 4))
    prompts = []
    pending = list(refs)
    for s in range(shots):
        words = draw(st.lists(WORDS, min_size=1, max_size=8))
        take = pending if s == shots - 1 else pending[: draw(st.integers(0, len(pending)))]
        pending = pending[len(take):]
        # First mentions in order: a script numbers by them.
        prompts.append(" ".join(words + take))
    durations = [draw(st.integers(1, 15 // shots)) for _ in range(shots)]
    durations[0] += max(0, 3 - sum(durations))  # the API takes 3 to 15 seconds in all
    body: dict = {"model": "kling-video-o3-pro-reference-to-video"}
    if shots == 1:
        body["prompt"], body["duration"] = prompts[0], durations[0]
    else:
        body["multi_prompt"] = [{"prompt": p, "duration": d} for p, d in zip(prompts, durations, strict=True)]
    if n_images:
        body["input_image"] = [f"https://img.example/look{i}.png" for i in range(n_images)]
    if n_elements:
        body["elements"] = [
            {"frontal_image_url": f"https://img.example/cast{i}/front.png"}
            | ({"reference_image_urls": [f"https://img.example/cast{i}/side.png"]} if draw(st.booleans()) else {})
            for i in range(n_elements)
        ]
    if draw(st.booleans()):
        body["start_image_url"] = "https://img.example/first.png"
        if draw(st.booleans()):
            body["tail_image_url"] = "https://img.example/last.png"
    for key, values in (
        ("negative_prompt", ["blur", "extra fingers, text"]),
        ("aspect_ratio", ["16:9", "9:16", "1:1"]),
        ("generate_audio", [True, False]),
        ("response_format", ["url", "b64_json"]),
        ("target_namespace", ["studio"]),
    ):
        if draw(st.booleans()):
            body[key] = draw(st.sampled_from(values))
    if draw(st.booleans()):
        body["num_generations"] = draw(st.integers(1, 4))
    return body


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(requests(), min_size=1, max_size=3))
def test_any_request_round_trips(bodies: list[dict]) -> None:
    queue = any("num_generations" in b for b in bodies)
    back = compiled(imported(bodies), queue=queue)
    # Key for key and in the same order.
    assert [json.dumps(b) for b in back] == [json.dumps(b) for b in bodies]


# -- nothing lost silently (issue 19, item 7) ------------------------------------------------------

SHOTS = [{"prompt": "A tram in the rain.", "duration": 5}, {"prompt": "The doors open.", "duration": 5}, {"prompt": "Mara steps in.", "duration": 5}]


def test_a_top_level_duration_that_the_shots_add_up_to_is_left_out_with_a_word(tmp_path: Path) -> None:
    payload = tmp_path / "shots.json"
    payload.write_text(json.dumps({"model": "kling-video-o3-pro-reference-to-video", "multi_prompt": SHOTS, "duration": 15}))
    result = run_kscript("import", str(payload))
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert "shots.json: duration: warning: the top-level `duration` 15 beside `multi_prompt` is left out: the shots' durations say it (5 + 5 + 5 = 15 s)" in err
    assert result.stdout.decode().count("SHOT 5s\n") == 3


def test_a_top_level_duration_that_disagrees_with_the_shots_is_a_warning_saying_both(tmp_path: Path) -> None:
    payload = tmp_path / "shots.json"
    payload.write_text(json.dumps({"model": "kling-video-o3-pro-reference-to-video", "multi_prompt": SHOTS[:2], "duration": "15"}))
    target = tmp_path / "back.kscript"
    result = run_kscript("import", str(payload), "-o", str(target))
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert "the top-level `duration` '15' disagrees with the shots' durations, which add up to 10 s (5 + 5)" in err
    assert "help: the API makes the shots' total, 10 s" in err
    assert compiled(target.read_text(), queue=False) == [{"model": "kling-video-o3-pro-reference-to-video", "multi_prompt": SHOTS[:2]}]


def test_control_characters_are_refused_where_they_stand_and_nothing_is_written(tmp_path: Path) -> None:
    text = (
        '{"model": "kling-video-o3-pro-reference-to-video",\n'
        ' "multi_prompt": [{"prompt": "A tram\\u001b]0;pwned\\u0007 in the rain.", "duration": 5},\n'
        '   {"prompt": "Doors\u009b2J open; a literal \\\\u001b is text.", "duration": 5}],\n'
        ' "negative_prompt": "blur\\b"}\n'
    )
    payload = tmp_path / "hostile.json"
    payload.write_text(text, encoding="utf-8")
    target = tmp_path / "back.kscript"
    result = run_kscript("import", str(payload), "-o", str(target))
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert not target.exists() and result.stdout == b""
    found = [line for line in err.splitlines() if "a control character" in line]

    def where(needle: str) -> str:
        offset = text.index(needle)
        line = text.count("\n", 0, offset) + 1
        return f"{payload}:{line}:{offset - text.rfind(chr(10), 0, offset)}"

    message = ": error: a control character U+{:04X} in a string: a script cannot hold it, so no script is written"
    needles = [("\\u001b]", 0x1B), ("\\u0007", 0x07), ("\u009b", 0x9B), ("\\b", 0x08)]
    assert found == [where(needle) + message.format(code) for needle, code in needles]
    assert "help: delete it from the payload" in err and "3 errors" not in err and "4 errors; nothing was written" in err
    assert "\x1b" not in err and "\x9b" not in err


def test_control_characters_in_yaml_and_json_lines_and_names_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text('prompt: "Rain\\e falls."\nduration: 5\n')
    (tmp_path / "b.jsonl").write_text('{"prompt": "Rain.", "duration": 5}\n{"prompt": "Wind.", "duration": 5, "aspect_ratio": "16:9\\u0000"}\n')
    (tmp_path / "c.json").write_text('{"prompt": "Rain.", "duration": 5, "aspect\\u001b_ratio": "16:9"}\n')
    for name, at in (("a.yaml", "1:14"), ("b.jsonl", "2:57"), ("c.json", "1:43")):
        result = run_kscript("import", str(tmp_path / name), "-o", str(tmp_path / f"{name}.kscript"))
        err = result.stderr.decode()
        assert result.returncode == 1 and f"{name}:{at}: error: a control character" in err, (name, err)
        assert not (tmp_path / f"{name}.kscript").exists()
    # Tabs and line breaks in a prompt are white space, collapsed with a warning as before.
    (tmp_path / "d.json").write_text(json.dumps({"prompt": "Rain\tfalls\non the tram.", "duration": 5}))
    result = run_kscript("import", str(tmp_path / "d.json"))
    assert result.returncode == 0 and "Rain falls on the tram." in result.stdout.decode()
    # A payload whose name holds a control character: the title does not take it.
    hostile = tmp_path / "tram\x1b]0;x\x07.json"
    hostile.write_text(json.dumps({"prompt": "Rain.", "duration": 5}))
    result = run_kscript("import", str(hostile))
    assert result.returncode == 0 and result.stdout.decode().startswith("Title: Imported\n")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40), st.booleans())
def test_every_control_character_in_a_payload_string_is_found_where_it_stands(prompt: str, ascii_only: bool) -> None:
    from kscript.importer.read import CONTROLS_SHOWN, control_characters

    text = json.dumps({"prompt": prompt, "duration": 5}, ensure_ascii=ascii_only)
    problems = control_characters("p.json", text)
    controls = [c for c in prompt if c not in "\t\n\r" and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F)]
    assert len(problems) == min(len(controls), CONTROLS_SHOWN) + (len(controls) > CONTROLS_SHOWN)
    for problem, char in zip(problems[:CONTROLS_SHOWN], controls, strict=False):
        column = int(problem.where.rsplit(":", 1)[1])
        assert problem.message.startswith(f"a control character U+{ord(char):04X}")
        assert text[column - 1] in (char, "\\")  # the character itself, or the escape that writes it
