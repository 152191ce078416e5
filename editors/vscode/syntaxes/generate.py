"""Write kscript.tmLanguage.json, the TextMate grammar of kscript, beside this file.

The grammar is generated because the same kinds of line (a scene heading, a
SHOT line, a transition, ...) end several regions: a paragraph, the title page,
the cast and images blocks. Writing each regular expression once here keeps
those regions in step with one another and with grammar/kscript.lark, which
they mirror terminal for terminal.

Run `python editors/vscode/syntaxes/generate.py` after editing; the test suite
checks that the JSON file is what this script writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).with_name("kscript.tmLanguage.json")

DASHES = "-\u2013\u2014"  # editors turn ` - ` into an en or em dash; kscript reads all three
SPACE = r"[^\S\n]"  # white space within a line, as the Lark grammar writes it

# -- the kinds of line of grammar/kscript.lark, as lookaheads at a line start ----------
HEADING = rf"(?:(?i:INT\.?/EXT|INT|EXT|EST|I/E)(?:\.|{SPACE})|\.(?=[^.\s]))"
SHOT = rf"(?:SHOT(?=\s)|(?i:shot)(?={SPACE}+\d+(?:\.\d+)?s(?:{SPACE}+[{DASHES}]|{SPACE}*$)))"
CAST_KW = rf"CAST{SPACE}*$"
IMAGES_KW = rf"IMAGES{SPACE}*$"
SECTION = r"#"
SYNOPSIS = r"=(?!==)"
FADES = r"FADE (?:IN|OUT|TO BLACK|TO WHITE)|(?:SMASH |MATCH )?CUT TO BLACK|IRIS (?:IN|OUT)"
TRANSITION = rf"(?:[ \t]*[^a-z\s][^a-z\n]*TO:[ \t]*$|[ \t]*(?:{FADES})[.:]?[ \t]*$|[ \t]*>(?!.*<[ \t]*$))"
KEYVAL = r"[^\W\d][\w \t\-]*:"
NAME_LINE = rf"[^\W\d]\w*[ \t]*(?:[{DASHES}].*)?$"
BLANK = rf"{SPACE}*$"
INDENTED = rf"{SPACE}+\S"
HIDDEN_START = r"\[\[|/\*"  # a line that opens with a note or boneyard: hidden, not a break

# What ends a paragraph of a shot: a blank line or any line the Lark grammar
# reads as something other than TEXT there.
BREAK = f"{BLANK}|{HEADING}|{SHOT}|{CAST_KW}|{IMAGES_KW}|{SECTION}|{SYNOPSIS}|{TRANSITION}"
PARAGRAPH_END = f"^(?={BREAK})"

# A block (CAST, IMAGES) ends at a line that cannot stand in it.
BLOCK_BREAK = f"{HEADING}|{SHOT}|{CAST_KW}|{IMAGES_KW}|{TRANSITION}"

# The settings of kscript/language/settings.py (tests/test_editors.py checks
# that these lists match it): key -> patterns for its value.
SETTING_VALUES = {
    "model": [{"include": "#model-name"}],
    "aspect": [{"include": "#aspect-ratio"}],
    "audio": [{"include": "#switch"}],
    "avoid": [],
    "style": [{"include": "#references"}],
    "output": [{"include": "#response-format"}],
    "namespace": [],
    "generations": [{"include": "#generations-count"}],
    "start frame": [{"include": "#url"}],
    "end frame": [{"include": "#url"}],
    "video": [{"include": "#url"}],
    "video mode": [{"include": "#video-mode"}],
    "keep audio": [{"include": "#switch"}],
    "orientation": [{"include": "#orientation"}],
    "resolution": [{"include": "#resolution"}],
    "guidance": [{"include": "#guidance-scale"}],
    "video length": [{"include": "#video-length"}],
}
ALIASES = {"negative": "avoid"}
MODEL_KEYS = ["video", "video mode", "keep audio", "orientation", "resolution", "guidance", "video length"]
TITLE_KEYS = ["model", "aspect", "audio", "avoid", "style", "output", "namespace", "generations", *MODEL_KEYS]
SCENE_KEYS = ["model", "aspect", "audio", "avoid", "style", "output", "namespace", "generations", "start frame", "end frame", *MODEL_KEYS]
# kscript/models/profiles.py IDS
MODEL_IDS = [
    "kling-video-v2-6-pro-text-to-video",
    "kling-video-v2-6-pro-image-to-video",
    "kling-video-o3-pro-image-to-video",
    "kling-video-o3-pro-reference-to-video",
    "kling-video-o3-pro-video-to-video-edit",
    "kling-video-v3-pro-motion-control",
    "kling-video-o3-omni",
]

HIDDEN = [{"include": "#note"}, {"include": "#boneyard"}]


def key_captures(key_scope: str) -> dict:
    return {
        "1": {"name": key_scope},
        "2": {"name": "punctuation.separator.key-value.kscript"},
    }


def key_regex(key: str) -> str:
    """A setting key as kscript matches it: any case, any white space between words, its aliases."""
    names = [key] + [alias for alias, target in ALIASES.items() if target == key]
    return "|".join(f"{SPACE}+".join(name.split()) for name in names)


def setting_entry(key: str, end: str, key_scope: str = "support.type.property-name.setting.kscript") -> dict:
    return {
        "begin": rf"^((?i:{key_regex(key)}))[ \t]*(:)[ \t]*",
        "beginCaptures": key_captures(key_scope),
        "end": end,
        "contentName": "string.unquoted.setting-value.kscript",
        "patterns": HIDDEN + SETTING_VALUES[key],
    }


def grammar() -> dict:
    title_entry_end = f"^(?!{INDENTED})"  # a value goes on over indented lines
    repository = {
        # -- hidden text ---------------------------------------------------------
        "note": {
            "patterns": [{"include": "#directive"}, {"include": "#plain-note"}],
        },
        "plain-note": {
            "name": "comment.block.note.kscript",
            "begin": r"\[\[",
            "end": r"\]\]",
            "beginCaptures": {"0": {"name": "punctuation.definition.comment.begin.kscript"}},
            "endCaptures": {"0": {"name": "punctuation.definition.comment.end.kscript"}},
        },
        "directive": {
            "name": "comment.block.note.directive.kscript",
            "begin": r"(\[\[)(?=\s*(?i:kscript):\s*(?i:ignore-file|ignore)\b)",
            "end": r"\]\]",
            "beginCaptures": {"1": {"name": "punctuation.definition.comment.begin.kscript"}},
            "endCaptures": {"0": {"name": "punctuation.definition.comment.end.kscript"}},
            "contentName": "meta.directive.kscript",
            "patterns": [
                {
                    "match": r"\G\s*((?i:kscript))(:)\s*((?i:ignore-file|ignore))\b",
                    "captures": {
                        "1": {"name": "keyword.other.directive.kscript"},
                        "2": {"name": "punctuation.separator.key-value.kscript"},
                        "3": {"name": "keyword.control.directive.kscript"},
                    },
                },
                {"match": r"[A-Za-z0-9]+", "name": "constant.other.rule-code.kscript"},
                {"match": ",", "name": "punctuation.separator.comma.kscript"},
            ],
        },
        "boneyard": {
            "name": "comment.block.boneyard.kscript",
            "begin": r"/\*",
            "end": r"\*/",
            "beginCaptures": {"0": {"name": "punctuation.definition.comment.begin.kscript"}},
            "endCaptures": {"0": {"name": "punctuation.definition.comment.end.kscript"}},
        },
        # -- pieces of sent text -------------------------------------------------
        "references": {
            "patterns": [
                {"match": "@@", "name": "constant.character.escape.at.kscript"},
                {
                    "match": r"(?<!\w)(@)((?i:element|image)\d+)(?!\w)",
                    "name": "invalid.illegal.reserved-reference.kscript",
                    "captures": {"1": {"name": "punctuation.definition.reference.kscript"}},
                },
                {
                    "match": r"(?<!\w)(@)([^\W\d]\w*)",
                    "name": "variable.other.reference.kscript",
                    "captures": {"1": {"name": "punctuation.definition.reference.kscript"}},
                },
            ]
        },
        "inline": {"patterns": HIDDEN + [{"include": "#references"}]},
        "url": {
            # `[[` and `/*` open hidden text even inside a URL, as kscript reads them
            "match": r"(?i:https?)://(?:(?!\[\[|/\*)\S)+",
            "name": "markup.underline.link.kscript",
        },
        "model-name": {
            "match": rf"(?<![\w-])(?:{'|'.join(MODEL_IDS)})(?![\w-])",
            "name": "support.constant.model.kscript",
        },
        "aspect-ratio": {"match": r"(?<![\w:])(?:16:9|9:16|1:1)(?![\w:])", "name": "constant.numeric.aspect-ratio.kscript"},
        "switch": {"match": r"(?<!\w)(?i:on|off|yes|no|true|false)(?!\w)", "name": "constant.language.boolean.kscript"},
        "video-mode": {"match": r"(?<!\w)(?i:edit|reference)(?!\w)", "name": "constant.language.video-mode.kscript"},
        "orientation": {"match": r"(?<!\w)(?i:image|video)(?!\w)", "name": "constant.language.orientation.kscript"},
        "resolution": {"match": r"(?<!\w)(?i:720p|1080p|4k)(?!\w)", "name": "constant.language.resolution.kscript"},
        "guidance-scale": {"match": r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", "name": "constant.numeric.guidance.kscript"},
        "video-length": {"match": r"(?<![\w.])\d{1,3}[ \t]*(?i:s)?(?![\w.])", "name": "constant.numeric.duration.kscript"},
        "response-format": {"match": r"(?<!\w)(?i:url|base64|b64_json)(?!\w)", "name": "constant.language.response-format.kscript"},
        "generations-count": {"match": r"(?<![\w.])[1-4](?![\w.])", "name": "constant.numeric.integer.kscript"},
        # -- the title page ----------------------------------------------------------
        "title-page-at-start": {
            "name": "meta.title-page.kscript",
            "begin": rf"\A(?!{HEADING}|{TRANSITION})(?={KEYVAL})",
            "end": rf"^(?={BLANK}|{HEADING}|{CAST_KW}|{IMAGES_KW}|{SECTION}|{SYNOPSIS}|{TRANSITION})",
            "patterns": [{"include": "#title-page-entries"}],
        },
        "title-page-after-blank-lines": {
            # blank lines may come before the title page: a region that ends at
            # the first line with text, where the title page may begin
            "begin": rf"\A(?={BLANK})",
            "end": rf"^(?={SPACE}*\S)",
            "applyEndPatternLast": 1,
            "patterns": [
                {
                    "name": "meta.title-page.kscript",
                    "begin": rf"^(?!{HEADING}|{TRANSITION})(?={KEYVAL})",
                    "end": rf"^(?={BLANK}|{HEADING}|{CAST_KW}|{IMAGES_KW}|{SECTION}|{SYNOPSIS}|{TRANSITION})",
                    "patterns": [{"include": "#title-page-entries"}],
                }
            ],
        },
        "title-page-entries": {
            "patterns": HIDDEN
            + [setting_entry(key, title_entry_end) for key in TITLE_KEYS]
            + [
                {
                    # every other key is metadata: read, never sent
                    "begin": r"^([^\W\d][\w \t\-]*?)[ \t]*(:)[ \t]*",
                    "beginCaptures": key_captures("entity.other.attribute-name.metadata.kscript"),
                    "end": title_entry_end,
                    "contentName": "string.unquoted.metadata-value.kscript",
                    "patterns": HIDDEN + [{"include": "#url"}],
                }
            ]
        },
        # -- sections, synopses, transitions -------------------------------------
        "section": {
            "match": r"^(#+)[ \t]*(.*)$",
            "name": "markup.heading.section.kscript",
            "captures": {
                "1": {"name": "punctuation.definition.heading.kscript"},
                "2": {"name": "entity.name.section.kscript", "patterns": HIDDEN},
            },
        },
        "synopsis": {
            "match": rf"^({SYNOPSIS})(.*)$",
            "name": "comment.line.synopsis.kscript",
            "captures": {
                "1": {"name": "punctuation.definition.comment.kscript"},
                "2": {"patterns": HIDDEN},
            },
        },
        "transition": {
            "patterns": [
                {
                    "match": rf"^[ \t]*([^a-z\s][^a-z\n]*TO:|(?:{FADES})[.:]?)[ \t]*$",
                    "name": "meta.transition.kscript",
                    "captures": {"1": {"name": "keyword.other.transition.kscript"}},
                },
                {
                    "match": r"^[ \t]*(>)(?!.*<[ \t]*$)[ \t]*(.*)$",
                    "name": "meta.transition.forced.kscript",
                    "captures": {
                        "1": {"name": "punctuation.definition.transition.kscript"},
                        "2": {"name": "keyword.other.transition.kscript", "patterns": HIDDEN},
                    },
                },
            ]
        },
        # -- cast and images -----------------------------------------------------
        "cast-block": {
            "name": "meta.block.cast.kscript",
            "begin": rf"^(CAST){SPACE}*$",
            "beginCaptures": {"1": {"name": "keyword.control.block.cast.kscript"}},
            "end": rf"^(?={BLOCK_BREAK})|^(?!{BLANK}|{SECTION}|{SYNOPSIS}|{NAME_LINE}|{INDENTED}|{HIDDEN_START})",
            "patterns": HIDDEN
            + [
                {"include": "#section"},
                {"include": "#synopsis"},
                {
                    "match": rf"^([^\W\d]\w*)[ \t]*(?:([{DASHES}])(.*))?$",
                    "name": "meta.cast-member.kscript",
                    "captures": {
                        "1": {"name": "entity.name.type.cast-member.kscript"},
                        "2": {"name": "punctuation.separator.description.kscript"},
                        "3": {"name": "comment.line.description.kscript", "patterns": HIDDEN},
                    },
                },
                {
                    "begin": r"^[ \t]+((?i:front|also))[ \t]*(:)[ \t]*",
                    "beginCaptures": key_captures("entity.other.attribute-name.cast.kscript"),
                    "end": "$",
                    "patterns": HIDDEN
                    + [
                        # kscript splits `also` at commas, so there a comma ends a URL
                        {"match": r"(?i:https?)://(?:(?!\[\[|/\*)[^\s,])+", "name": "markup.underline.link.kscript"},
                        {"match": ",", "name": "punctuation.separator.comma.kscript"},
                    ],
                },
                {
                    "begin": r"^[ \t]+((?i:voice))[ \t]*(:)[ \t]*",
                    "beginCaptures": key_captures("entity.other.attribute-name.cast.kscript"),
                    "end": "$",
                    "contentName": "string.unquoted.voice.kscript",
                    "patterns": HIDDEN,
                },
                {
                    # kscript refuses any other attribute (KS001)
                    "match": r"^[ \t]+([^\W\d][\w \t]*?)[ \t]*(:)",
                    "captures": key_captures("invalid.illegal.unknown-attribute.kscript"),
                },
            ],
        },
        "images-block": {
            "name": "meta.block.images.kscript",
            "begin": rf"^(IMAGES){SPACE}*$",
            "beginCaptures": {"1": {"name": "keyword.control.block.images.kscript"}},
            "end": rf"^(?={BLOCK_BREAK})|^(?!{BLANK}|{SECTION}|{SYNOPSIS}|{KEYVAL}|{HIDDEN_START})",
            "patterns": HIDDEN
            + [
                {"include": "#section"},
                {"include": "#synopsis"},
                {
                    "name": "meta.image.kscript",
                    "begin": r"^(?:([^\W\d]\w*)|([^\W\d][\w \t\-]*?))[ \t]*(:)[ \t]*",
                    "beginCaptures": {
                        "1": {"name": "entity.name.type.image.kscript"},
                        "2": {"name": "invalid.illegal.image-name.kscript"},
                        "3": {"name": "punctuation.separator.key-value.kscript"},
                    },
                    "end": "$",
                    "patterns": HIDDEN + [{"include": "#url"}],
                },
            ],
        },
        # -- scenes and shots ----------------------------------------------------------
        "scene": {
            # the heading, then the settings and synopses standing directly under it
            "name": "meta.scene-header.kscript",
            "begin": (
                rf"^(?:((?i:INT\.?/EXT|INT|EXT|EST|I/E)(?:\.|(?={SPACE})))|(\.)(?=[^.\s]))"
                rf"{SPACE}*(.*?)(?:{SPACE}*(#)([A-Za-z0-9.\-]+)(#))?{SPACE}*$"
            ),
            "beginCaptures": {
                "0": {"name": "markup.heading.scene.kscript"},
                "1": {"name": "keyword.other.scene-heading.kscript"},
                "2": {"name": "punctuation.definition.scene-heading.kscript"},
                # a capture given patterns loses the scope of capture 0, so it names it again
                "3": {"name": "markup.heading.scene.kscript entity.name.section.scene.kscript", "patterns": HIDDEN},
                "4": {"name": "punctuation.definition.scene-number.begin.kscript"},
                "5": {"name": "constant.numeric.scene-number.kscript"},
                "6": {"name": "punctuation.definition.scene-number.end.kscript"},
            },
            "end": rf"^(?={HEADING}|{SHOT}|{TRANSITION})|^(?!{KEYVAL}|{SYNOPSIS}|{HIDDEN_START})",
            "patterns": HIDDEN
            + [{"include": "#synopsis"}]
            + [setting_entry(key, "$") for key in SCENE_KEYS]
            + [
                {
                    # any other key under a heading is KS101
                    "match": r"^([^\W\d][\w \t\-]*?)[ \t]*(:)",
                    "captures": key_captures("invalid.illegal.unknown-setting.kscript"),
                }
            ],
        },
        "shot": {
            "name": "meta.shot.kscript",
            "begin": (
                rf"^(?={SHOT})((?i:shot))"
                rf"(?:{SPACE}+(?:(\d[\d.,]*[sS])(?![A-Za-z])|(\d[\d.,]*[A-Za-z]*)))?"
                rf"(?:{SPACE}*([{DASHES}]))?{SPACE}*"
            ),
            "beginCaptures": {
                "1": {"name": "keyword.control.shot.kscript"},
                "2": {"name": "constant.numeric.duration.kscript"},
                "3": {"name": "invalid.illegal.duration.kscript"},
                "4": {"name": "punctuation.separator.direction.kscript"},
            },
            "end": "$",
            "contentName": "string.unquoted.direction.kscript",
            "patterns": [{"include": "#inline"}],
        },
        # -- paragraphs of a shot ------------------------------------------------------
        "paragraph": {"patterns": [{"include": "#dialogue"}, {"include": "#action"}]},
        "dialogue": {
            "name": "meta.dialogue.kscript",
            "begin": (
                # a cue: `@Name` forces one; otherwise a line with a letter and no
                # lower-case letter; then extensions such as (V.O.), and `^`
                # (written so that no line costs more than linear time: two lazy runs
                # around the letter were quadratic on long lines of capitals)
                r"^[ \t]*(?:(@)([^\W\d]\w*)|(?![@!(>])(?=[^\p{Ll}\n(^]*?(?!\p{Ll})\p{L})([^\p{Ll}\n(^]*[^\p{Ll}\s(^]))"
                r"((?:[ \t]*\([^()\n]*\))*)(?:[ \t]*(\^))?[ \t]*$"
            ),
            "beginCaptures": {
                "1": {"name": "punctuation.definition.character.kscript"},
                "2": {"name": "entity.name.tag.character.kscript"},
                "3": {"name": "entity.name.tag.character.kscript"},
                "4": {"name": "storage.modifier.extension.kscript"},
                "5": {"name": "keyword.operator.dual-dialogue.kscript"},
            },
            "end": PARAGRAPH_END,
            "patterns": [
                {
                    # a parenthetical is the line right after the cue; lines after it are spoken
                    "begin": r"^[ \t]*(\()(.*)(\))[ \t]*$",
                    "beginCaptures": {
                        "0": {"name": "meta.parenthetical.kscript"},
                        "1": {"name": "punctuation.definition.parenthetical.begin.kscript"},
                        "2": {"name": "meta.parenthetical.kscript markup.italic.parenthetical.kscript", "patterns": [{"include": "#inline"}]},
                        "3": {"name": "punctuation.definition.parenthetical.end.kscript"},
                    },
                    "end": PARAGRAPH_END,
                    "contentName": "string.unquoted.dialogue.kscript",
                    "patterns": [{"include": "#inline"}],
                },
                {
                    "begin": r"^(?=[ \t]*\S)",
                    "end": PARAGRAPH_END,
                    "contentName": "string.unquoted.dialogue.kscript",
                    "patterns": [{"include": "#inline"}],
                },
            ],
        },
        "action": {
            "name": "meta.paragraph.action.kscript",
            "begin": rf"^(?={SPACE}*(?!{HIDDEN_START})\S){SPACE}*(!)?",
            "beginCaptures": {"1": {"name": "punctuation.definition.action.forced.kscript"}},
            "end": PARAGRAPH_END,
            "patterns": [
                {
                    # `> centred <` is Fountain's centred text; kscript sends it as action
                    "match": r"^[ \t]*(>)(.*)(<)[ \t]*$",
                    "name": "meta.centered.kscript",
                    "captures": {
                        "1": {"name": "punctuation.definition.centered.begin.kscript"},
                        "2": {"patterns": [{"include": "#inline"}]},
                        "3": {"name": "punctuation.definition.centered.end.kscript"},
                    },
                },
                {"include": "#inline"},
            ],
        },
        "action-after-hidden-text": {
            # text after a note or boneyard that opened the line: kscript blanks the
            # hidden part, so the rest is a paragraph like any other
            "name": "meta.paragraph.action.kscript",
            "begin": rf"(?<=\]\]|\*/)(?={SPACE}*(?!{HIDDEN_START})\S)",
            "end": PARAGRAPH_END,
            "patterns": [{"include": "#inline"}],
        },
        "body": {
            "patterns": [
                {"include": "#scene"},
                {"include": "#shot"},
                {"include": "#cast-block"},
                {"include": "#images-block"},
                {"include": "#section"},
                {"include": "#synopsis"},
                {"include": "#transition"},
                {"include": "#note"},
                {"include": "#boneyard"},
                {"include": "#paragraph"},
                {"include": "#action-after-hidden-text"},
            ]
        },
    }
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "kscript",
        "scopeName": "source.kscript",
        "fileTypes": ["kscript", "fountain"],
        "comment": "Generated by generate.py from the kinds of line of grammar/kscript.lark; edit that script, not this file.",
        "patterns": [
            {"include": "#title-page-at-start"},
            {"include": "#title-page-after-blank-lines"},
            {"include": "#body"},
        ],
        "repository": repository,
    }


def render() -> str:
    return json.dumps(grammar(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
