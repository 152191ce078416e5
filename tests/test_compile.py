"""One focused test per compile rule of LANGUAGE.md section 6."""

from kscript.compiler.scenes import compile_script
from kscript.language.build import build
from kscript.language.source import load

CAST = """\
CAST

MARA - courier
  front: https://a.example/mara.png
  voice: low and tired

LUKA - driver
  front: https://a.example/luka.png
  also: https://a.example/luka2.png

IMAGES

depot: https://a.example/depot.jpg
market: https://a.example/market.jpg

"""


def requests(text: str, **kw):
    script, diagnostics = build(load("t.kscript", text))
    assert [d for d in diagnostics if d.severity == "error"] == []
    return [c.request for c in compile_script(script, **kw)]


def prompts(text: str, **kw) -> list[str]:
    out = []
    for r in requests(text, **kw):
        out.extend([r["prompt"]] if "prompt" in r else [m["prompt"] for m in r["multi_prompt"]])
    return out


def test_numbering_by_first_reference_across_shots_restarting_per_scene():
    text = CAST + "INT. A - DAY\n\nSHOT 4s\n@market, then @Luka.\n\nSHOT 4s\n@Mara meets @Luka at @depot.\n\nINT. B - DAY\n\nSHOT 4s\n@Mara alone.\n"
    first, second = requests(text)
    assert [m["prompt"] for m in first["multi_prompt"]] == ["@Image1, then @Element1.", "@Element2 meets @Element1 at @Image2."]
    assert first["input_image"] == ["https://a.example/market.jpg", "https://a.example/depot.jpg"]
    assert [e["frontal_image_url"] for e in first["elements"]] == ["https://a.example/luka.png", "https://a.example/mara.png"]
    assert second["prompt"] == "@Element1 alone."
    assert second["elements"] == [{"frontal_image_url": "https://a.example/mara.png"}]


def test_direction_comes_before_action_in_numbering():
    (p,) = prompts(CAST + "INT. A - DAY\n\nSHOT 4s - CLOSE ON @Luka\n@Mara waits.\n")
    assert p == "CLOSE ON @Element1. @Element2 waits."


def test_unreferenced_declarations_are_left_out():
    (r,) = requests(CAST + "INT. A - DAY\n\nSHOT 4s\nRain.\n")
    assert "elements" not in r and "input_image" not in r


def test_double_at_is_a_literal_at():
    (p,) = prompts(CAST + "INT. A - DAY\n\nSHOT 4s\nA sign reads @@Mara and @Mara looks.\n")
    assert p == "A sign reads @Mara and @Element1 looks."


def test_name_at_host_is_not_a_reference():
    (r,) = requests(CAST + "INT. A - DAY\n\nSHOT 4s\nShe mails mara@depot.example today.\n")
    assert r["prompt"] == "She mails mara@depot.example today."
    assert "input_image" not in r


def test_reference_name_is_the_longest_run_and_case_free():
    (p,) = prompts(CAST + "INT. A - DAY\n\nSHOT 4s\n@MARA's bag, @mara again.\n")
    assert p == "@Element1's bag, @Element1 again."


def test_punctuation_joining():
    text = CAST + (
        "INT. A - DAY\nStyle: noir\n\n"
        "SHOT 3s - WIDE\nRain\n\n"
        "SHOT 3s - WIDE!\nWho?\n\n"
        "SHOT 3s - WIDE:\nStop;\n\nThen…\n\n"
        "SHOT 3s - WIDE.\nDone\n"
    )
    assert prompts(text) == ["WIDE. Rain. noir", "WIDE! Who? noir", "WIDE: Stop; Then… noir", "WIDE. Done. noir"]


def test_last_part_gets_no_period():
    (p,) = prompts("INT. A - DAY\n\nSHOT 4s - WIDE\nRain falls\n")
    assert p == "WIDE. Rain falls"


def test_white_space_runs_become_one_space_and_parts_are_trimmed():
    (p,) = prompts("INT. A - DAY\n\nSHOT 4s -    WIDE,\t locked   off  \n  Rain    drums\n   on the   roof.   \n")
    assert p == "WIDE, locked off. Rain drums on the roof."


def test_dialogue_with_parenthetical_tone():
    (p,) = prompts(CAST + "INT. A - DAY\n\nSHOT 4s\nMARA\n(whispering)\nYou left\nthe light on.\n")
    assert p == '[@Element1, whispering]: "You left the light on."'


def test_dialogue_tone_falls_back_to_voice_then_to_none():
    text = CAST + "INT. A - DAY\n\nSHOT 4s\nMARA\nHello.\n\nLUKA\nHi.\n"
    (p,) = prompts(text)
    assert p == '[@Element1, low and tired]: "Hello." [@Element2]: "Hi."'


def test_cue_extensions_are_dropped():
    (p,) = prompts(CAST + "INT. A - DAY\n\nSHOT 4s\nMARA (V.O.)\nHello.\n\nLUKA (CONT'D)\nHi.\n")
    assert p == '[@Element1, low and tired]: "Hello." [@Element2]: "Hi."'


def test_cue_not_in_cast_is_written_as_is():
    (p,) = prompts("INT. A - DAY\n\nSHOT 4s\nOLD MAN (O.S.)\nGet off my lawn.\n")
    assert p == '[OLD MAN]: "Get off my lawn."'


def test_forced_cue_and_forced_action():
    text = CAST + "INT. A - DAY\n\nSHOT 4s\n@Luka\nHey.\n\n!BANG\nThe door flies open.\n"
    (p,) = prompts(text)
    assert p == '[@Element1]: "Hey." BANG The door flies open.'


def test_cue_counts_as_a_reference():
    (r,) = requests(CAST + "INT. A - DAY\n\nSHOT 4s\nRain on @depot.\n\nLUKA\nHi.\n")
    assert r["elements"] == [{"frontal_image_url": "https://a.example/luka.png", "reference_image_urls": ["https://a.example/luka2.png"]}]


def test_style_references_and_scene_overrides():
    text = "Style: in the look of @market\nAspect: 9:16\nAudio: on\n\n" + CAST + (
        "INT. A - DAY\n\nSHOT 4s\n@Mara waits.\n\n"
        "INT. B - DAY\nStyle: handheld\nAspect: 16:9\nAudio: off\n\nSHOT 4s\n@Mara runs.\n"
    )
    first, second = requests(text)
    assert first["prompt"] == "@Element1 waits. in the look of @Image1"
    assert first["aspect_ratio"] == "9:16" and first["generate_audio"] is True
    assert second["prompt"] == "@Element1 runs. handheld"
    assert second["aspect_ratio"] == "16:9" and second["generate_audio"] is False
    assert "input_image" not in second


def test_key_order_and_defaults_left_out():
    text = (
        "Namespace: studio\nOutput: base64\nAudio: yes\nAspect: 1:1\nAvoid: blur\nGenerations: 3\n\n"
        "INT. A - DAY\nEnd frame: https://a.example/e.png\nStart frame: https://a.example/s.png\n\nSHOT\nRain.\n"
    )
    (r,) = requests(text, queue=True)
    assert list(r) == [
        "model", "prompt", "duration", "start_image_url", "tail_image_url", "negative_prompt",
        "aspect_ratio", "generate_audio", "response_format", "target_namespace", "num_generations",
    ]
    assert r["duration"] == 5 and r["response_format"] == "b64_json" and r["num_generations"] == 3
    (plain,) = requests("INT. A - DAY\n\nSHOT 3s\nRain.\n")
    assert plain == {"model": "kling-video-o3-pro-reference-to-video", "prompt": "Rain.", "duration": 3}
    (unqueued,) = requests(text)
    assert "num_generations" not in unqueued


def test_hidden_text_is_never_sent_and_keeps_paragraphs_whole():
    text = (
        "INT. A - DAY\n\nSHOT 4s - WIDE [[ lens? ]]\nRain falls\n[[ a note on its own line ]]\non the roof.\n"
        "/* SHOT 3s\nA cut shot. */\n\n# ACT TWO\n= synopsis\n\nCUT TO:\n"
    )
    (p,) = prompts(text)
    assert p == "WIDE. Rain falls on the roof."


def test_crlf_and_byte_order_mark():
    lf = "Aspect: 9:16\n\nINT. A - DAY\n\nSHOT 4s\nRain\nfalls.\n"
    crlf = "\ufeff" + lf.replace("\n", "\r\n")
    assert requests(crlf) == requests(lf)


def test_config_defaults_apply_only_where_the_script_is_silent():
    (r,) = requests("INT. A - DAY\n\nSHOT 4s\nRain.\n", defaults={"namespace": "team"})
    assert r["target_namespace"] == "team"
    (own,) = requests("Namespace: mine\n\nINT. A - DAY\n\nSHOT 4s\nRain.\n", defaults={"namespace": "team"})
    assert own["target_namespace"] == "mine"


def test_scene_ids_from_numbers_or_positions():
    script, _ = build(load("t", "INT. A - DAY #12A#\n\nSHOT 4s\nA.\n\nEXT. B - DAY\n\nSHOT 4s\nB.\n\n.FLASHBACK\n\nSHOT 4s\nC.\n"))
    assert [s.id for s in script.scenes] == ["12A", "2", "3"]
    assert script.scenes[2].heading == "FLASHBACK"


def test_en_and_em_dashes_stand_for_the_hyphen():
    text = "CAST\n\nMARA \u2014 courier\n  front: https://a.example/m.png\n\nINT. A - DAY\n\nSHOT 4s \u2014 WIDE\n@Mara waits.\n\nSHOT 3s \u2013 CLOSE\n@Mara sits.\n"
    (r,) = requests(text)
    assert [m["prompt"] for m in r["multi_prompt"]] == ["WIDE. @Element1 waits.", "CLOSE. @Element1 sits."]


def test_non_breaking_spaces_are_white_space():
    text = "CAST\xa0\n\nMARA - courier\n  front: https://a.example/m.png\n\nINT\xa0A - DAY\n\nSHOT\xa04s\xa0-\xa0WIDE\n@Mara waits.\n"
    (r,) = requests(text)
    assert r["prompt"] == "WIDE. @Element1 waits." and r["duration"] == 4


def test_a_shot_line_in_any_case_when_a_duration_follows():
    (r,) = requests("INT. A - DAY\n\nShot 4s - WIDE\nRain.\n\nshot 3s\nMore rain.\n\nShot after shot, the rain.\n")
    assert [m["prompt"] for m in r["multi_prompt"]] == ["WIDE. Rain.", "More rain. Shot after shot, the rain."]
