"""Writing requests as a script: a pure function from request bodies to script text.

Each request becomes a scene, each prompt a shot, each element a cast member
and each input image an image, named from the prompts' context (`Mara
(@Element1)`), else from their URL (`…/mara/front.png` gives MARA), else `E1`,
`E2`…; settings shared by every request go on the title page. What a script
cannot say is an error naming it; what it says differently (white space,
a duration left to the API's default) is a warning, and the body the script
will compile to is returned beside the text so that the caller can check it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from kscript.core.words import did_you_mean
from kscript.importer.problems import Problem
from kscript.importer.read import Request
from kscript.language.references import RESERVED, scan
from kscript.language.settings import SCENE_KEYS, SPECS, TITLE_KEYS, parse_value
from kscript.language.shot_like import looks_like_shot
from kscript.models.other_names import NO_FIELD, meant
from kscript.models.profiles import DEFAULT_MODEL, profile

STRUCTURE = ("prompt", "multi_prompt", "duration", "input_image", "elements")
_GENERIC = {
    "front", "frontal", "face", "ref", "refs", "reference", "references", "image", "images", "img", "imgs",
    "photo", "photos", "pic", "pics", "picture", "main", "side", "back", "left", "right", "profile", "full",
    "body", "portrait", "headshot", "default", "original", "final", "file", "files", "upload", "uploads",
    "assets", "asset", "static", "media", "cdn", "public", "large", "small", "thumb", "png", "jpg", "jpeg",
    "webp", "gif", "first", "last", "start", "end", "frame", "frames", "look", "looks", "still", "stills",
}
_WORD = re.compile(r"[A-Za-z]{2,}")
# Exactly what a script line may not begin with, lest it be read as something other than action.
_NOT_ACTION = re.compile(
    r"(?i:INT\.?/EXT|INT|EXT|EST|I/E)(?:\.|\s)|\.(?=[^.\s])|SHOT(?=\s|$)|(?i:shot)\s+\d|CAST\s*$|IMAGES\s*$|[#=>~!]"
)
_TRANSITION = re.compile(r"[^a-z\s][^a-z]*TO:\s*$")


@dataclass
class Member:
    name: str
    element: dict[str, Any]


@dataclass
class Picture:
    name: str
    url: str


@dataclass
class Written:
    text: str
    expected: list[dict[str, Any]]  # what each scene must compile to
    queue: bool  # compile with num_generations
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


_KEYWORDS = {"cast", "images", "shot"}  # a name line holding only one of these opens a block or a shot


def _valid_name(name: str) -> bool:
    return re.fullmatch(r"[^\W\d]\w*", name) is not None and RESERVED.fullmatch(name) is None and name.lower() not in _KEYWORDS


def name_from_url(url: str) -> str | None:
    """A name from the most specific meaningful part of an image URL's path."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    segments = [s for s in path.split("/") if s]
    for index in range(len(segments) - 1, -1, -1):
        segment = segments[index]
        if index == len(segments) - 1 and "." in segment:
            segment = segment.rsplit(".", 1)[0]
        words = [w for w in _WORD.findall(segment) if w.lower() not in _GENERIC]
        if words:
            return "_".join(words)[:30]
    return None


def name_from_prompts(prompts: list[str], token: str) -> str | None:
    """`Mara` from `Mara (@Element1)` or `@Element1 (Mara)` in any prompt."""
    number = re.escape(token)
    pattern = re.compile(rf"\b([A-Z][a-z]{{1,20}})\s*\({number}\)|{number}\s*\(([A-Z][a-z]{{1,20}})\)")
    for prompt in prompts:
        match = pattern.search(prompt)
        if match:
            return match.group(1) or match.group(2)
    return None


class _Names:
    """Unique names across cast and images, compared without regard to case."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, wanted: str | None, fallback: str) -> str:
        base = wanted if wanted and _valid_name(wanted) else fallback
        name, n = base, 2
        while name.lower() in self.taken or not _valid_name(name):
            name, n = f"{base}{n}", n + 1
        self.taken.add(name.lower())
        return name


def _value_text(key: str, value: Any) -> str | None:
    """The setting text that reads back as `value`, or None when there is none."""
    if isinstance(value, bool):
        text = "on" if value else "off"
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        text = repr(value)
    elif isinstance(value, str):
        text = value
    else:
        return None
    if "\n" in text or "\r" in text:
        return None
    parsed, problem = parse_value(key, text)
    if problem is not None or parsed != value or type(parsed) is not type(value):
        return None
    return text


def _shots(body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    multi = body.get("multi_prompt")
    if isinstance(multi, list) and multi:
        return [(f"multi_prompt[{i}]", s if isinstance(s, dict) else {}) for i, s in enumerate(multi)]
    if "prompt" in body:
        return [("", body)]
    return []


class _Writer:
    def __init__(self, requests: list[Request]) -> None:
        self.requests = requests
        self.problems: list[Problem] = []
        self.names = _Names()
        self.members: dict[str, Member] = {}  # element key -> member
        self.pictures: dict[str, Picture] = {}  # url -> image
        self.field_key = {spec.field: key for key, spec in SPECS.items() if spec.field}

    def keys_of(self, body: dict[str, Any]) -> dict[str, str]:
        """Request field -> setting key, on the body's model: `input_image` is `Start frame`
        on the image-to-video and motion-control models (one URL), `keep_original_sound`
        is `Keep audio` on motion control."""
        keys = dict(self.field_key)
        model = profile(body["model"]) if isinstance(body.get("model"), str) else None
        if model is not None:
            for key in SPECS:
                field = model.field_of(key)
                if field:
                    keys[field] = key
        return keys

    def start_frame_is_input_image(self, body: dict[str, Any]) -> bool:
        return self.keys_of(body).get("input_image") == "start frame" and isinstance(body.get("input_image"), str)

    def error(self, where: str, message: str, help: str | None = None) -> None:
        self.problems.append(Problem(where, message, "error", help))

    def warn(self, where: str, message: str, help: str | None = None) -> None:
        self.problems.append(Problem(where, message, "warning", help))

    # -- fields ------------------------------------------------------------

    def check_fields(self, request: Request) -> None:
        body = request.body
        if isinstance(body.get("input"), dict) and not any(k in body for k in ("prompt", "multi_prompt")):
            self.error(
                request.origin,
                "the request is wrapped in another provider's `input` object",
                "the Oxen API takes the fields at the top level: move the contents of `input` up one level",
            )
            return
        known = set(STRUCTURE) | set(self.keys_of(body))
        for name in body:
            if name in known:
                continue
            guess = meant(name, known) or meant(name) or did_you_mean(name, sorted(known))
            self.error(
                f"{request.origin}: {name}",
                f"a script cannot say `{name}`: it is not a field kscript knows",
                f"did you mean `{guess}`?" if guess else (f"remove it: {NO_FIELD[name]}" if name in NO_FIELD else "remove it, or write the script by hand"),
            )

    # -- declarations ------------------------------------------------------

    def declare(self, request: Request, prompts: list[str]) -> tuple[list[Member], list[Picture]]:
        body = request.body
        members: list[Member] = []
        pictures: list[Picture] = []
        elements = body.get("elements", [])
        if not isinstance(elements, list):
            self.error(f"{request.origin}: elements", "`elements` is a list of objects")
            elements = []
        for n, element in enumerate(elements, 1):
            where = f"{request.origin}: elements[{n - 1}]"
            if not isinstance(element, dict) or not isinstance(element.get("frontal_image_url"), str):
                self.error(where, "an element needs a `frontal_image_url` string", "a script's cast member needs a `front:` image")
                continue
            extra = set(element) - {"frontal_image_url", "reference_image_urls"}
            if extra:
                self.error(where, f"a script cannot say the element field `{sorted(extra)[0]}`", "remove it")
            also = element.get("reference_image_urls", [])
            if not isinstance(also, list) or not all(isinstance(u, str) and u.strip() == u and u for u in also):
                self.error(where, "`reference_image_urls` is a list of URL strings")
                continue
            key = _key(element)
            member = self.members.get(key)
            if member is None:
                wanted = name_from_prompts(prompts, f"@Element{n}") or name_from_url(element["frontal_image_url"])
                name = self.names.claim(wanted.upper() if wanted else None, f"E{len(self.members) + 1}")
                member = self.members[key] = Member(name, element)
            members.append(member)
        images = body.get("input_image", [])
        if self.start_frame_is_input_image(body):
            images = []  # the model's first frame: a `Start frame:` setting, not an image
        elif isinstance(images, str):
            images = [images]  # the image-to-video models take one URL: a list of one reads the same here
            self.warn(f"{request.origin}: input_image", "a single `input_image` string is written as a list of one")
        if not isinstance(images, list) or not all(isinstance(u, str) for u in images):
            self.error(f"{request.origin}: input_image", "`input_image` is a list of URL strings")
            images = []
        for url in images:
            picture = self.pictures.get(url)
            if picture is None:
                wanted = name_from_url(url)
                name = self.names.claim(wanted.lower() if wanted else None, f"img{len(self.pictures) + 1}")
                picture = self.pictures[url] = Picture(name, url)
            pictures.append(picture)
        return members, pictures

    # -- prompts -----------------------------------------------------------

    def prompt_line(self, where: str, text: Any, members: list[Member], pictures: list[Picture], order: list[str]) -> tuple[str, str] | None:
        """The action line for a prompt, and the prompt the script will send."""
        if not isinstance(text, str) or not text.strip():
            self.error(where, "an empty prompt", "write what the shot shows")
            return None
        if "[[" in text or "/*" in text:
            self.error(where, "the prompt holds `[[` or `/*`, which open hidden text in a script", "reword that part of the prompt")
            return None
        sent = " ".join(text.split())
        if sent != text:
            self.warn(where, "white space in the prompt is collapsed to single spaces, as a script sends it")
        out: list[str] = []
        last = 0
        for start, end, name in scan(sent):
            out.append(sent[last:start])
            last = end
            if name is None:
                out.append("@@@@")  # a literal `@@`
                continue
            reserved = RESERVED.fullmatch(name)
            if reserved is None:
                out.append("@@" + name)  # a literal `@word`, not a reference
                continue
            kind, number = reserved.group(1).capitalize(), int(reserved.group(2))
            pool: list[Any] = members if kind == "Element" else pictures
            if not 1 <= number <= len(pool):
                self.error(where, f"`@{name}` names no {kind.lower()} of this request", f"it has {len(pool)}")
                return None
            target = pool[number - 1]
            out.append("@" + (target.name.capitalize() if kind == "Element" and target.name.isupper() else target.name))
            token = f"{kind}{number}"
            if token not in order:
                order.append(token)
        out.append(sent[last:])
        line = "".join(out)
        if _TRANSITION.match(line):
            self.error(where, "the prompt reads as a transition (capitals ending in `TO:`), which a script never sends", "reword its end")
            return None
        if _NOT_ACTION.match(line) or looks_like_shot(line):
            line = "!" + line  # forced action: the `!` is not sent
        return line, sent

    # -- one request -------------------------------------------------------

    def scene(self, index: int, request: Request) -> tuple[list[str], dict[str, Any]] | None:
        body = request.body
        shots = _shots(body)
        if not shots:
            self.error(request.origin, "neither `prompt` nor a non-empty `multi_prompt`: nothing to write as shots")
            return None
        if "prompt" in body and isinstance(body.get("multi_prompt"), list) and body["multi_prompt"]:
            self.error(request.origin, "both `prompt` and `multi_prompt`", "keep one of them")
            return None
        prompts = [s.get("prompt") for _, s in shots if isinstance(s.get("prompt"), str)]
        members, pictures = self.declare(request, prompts)
        order: list[str] = []
        lines: list[str] = []
        expected_shots: list[dict[str, Any]] = []
        model = profile(body["model"]) if isinstance(body.get("model"), str) else None
        timed = model is None or model.durations is not None  # the edit and motion-control models take no duration
        for path, shot in shots:
            where = f"{request.origin}: {path + '.' if path else ''}prompt"
            made = self.prompt_line(where, shot.get("prompt"), members, pictures, order)
            duration = shot.get("duration")
            if duration is None and not timed:
                head, seconds = "SHOT", None
            elif duration is None:
                self.warn(f"{request.origin}: {path + '.' if path else ''}duration", "no duration: the script writes the API's default, 5 s")
                head, seconds = "SHOT", 5
            elif isinstance(duration, str) and duration.isdigit():
                self.warn(f"{request.origin}: {path + '.' if path else ''}duration", f'the duration "{duration}" is written as the number {int(duration)}')
                head, seconds = f"SHOT {int(duration)}s", int(duration)
            elif isinstance(duration, int) and not isinstance(duration, bool) and duration > 0:
                head, seconds = f"SHOT {duration}s", duration
            else:
                self.error(f"{request.origin}: {path + '.' if path else ''}duration", f"the duration {duration!r} is not a whole number of seconds")
                continue
            if path and set(shot) - {"prompt", "duration"}:
                self.error(f"{request.origin}: {path}", f"a script cannot say the shot field `{sorted(set(shot) - {'prompt', 'duration'})[0]}`", "remove it")
            if made is None:
                continue
            line, sent = made
            lines += ["", head, line]
            expected_shots.append({"prompt": sent, "duration": seconds} if seconds is not None else {"prompt": sent})
        if shots[0][0] and "duration" in body and len(expected_shots) == len(shots) and all("duration" in s for s in expected_shots):
            self.top_duration(request, body["duration"], [s["duration"] for s in expected_shots])
        wanted_order = [f"Element{n}" for n in range(1, len(members) + 1)] + [f"Image{n}" for n in range(1, len(pictures) + 1)]
        mentioned = {t for t in order}
        for token in wanted_order:
            if token not in mentioned:
                self.error(
                    request.origin,
                    f"@{token} is never referred to in a prompt: a script sends only what its shots refer to",
                    f"refer to it as @{token} in a prompt, or remove it",
                )
        for kind in ("Element", "Image"):
            seen = [t for t in order if t.startswith(kind)]
            if seen != sorted(seen, key=lambda t: int(t[len(kind):])):
                self.warn(
                    request.origin,
                    f"a script numbers {'cast members' if kind == 'Element' else 'images'} in the order the prompts first refer to them: "
                    f"the {kind.lower()}s are reordered and renumbered ({', '.join('@' + t for t in seen)} become "
                    f"{', '.join(f'@{kind}{n}' for n in range(1, len(seen) + 1))}); the video is the same",
                )
        expected = self._expected(body, expected_shots, order, members, pictures)
        return lines, expected

    def top_duration(self, request: Request, value: Any, shots: list[int]) -> None:
        """A top-level `duration` beside `multi_prompt`. A script says each shot's duration and
        the API makes their total (its "Total shot duration" is their sum), so a scene of several
        shots has no duration of its own to write: the value is left out, said aloud, and a value
        that disagrees with the shots' total is said to disagree."""
        where = f"{request.origin}: duration"
        total = sum(shots)
        added = " + ".join(str(d) for d in shots)
        if _whole(value) == total:
            self.warn(where, f"the top-level `duration` {value!r} beside `multi_prompt` is left out: the shots' durations say it ({added} = {total} s)")
        else:
            self.warn(
                where,
                f"the top-level `duration` {value!r} disagrees with the shots' durations, which add up to {total} s ({added}): "
                "the script keeps the shots' durations and leaves it out",
                f"the API makes the shots' total, {total} s; if {value!r} was meant, change the shots' durations in the script",
            )

    def _expected(self, body: dict[str, Any], shots: list[dict[str, Any]], order: list[str], members: list[Member], pictures: list[Picture]) -> dict[str, Any]:
        """The body the script compiles to: the request as a script says it."""
        renumber = {}
        elements = [members[int(t[7:]) - 1] for t in order if t.startswith("Element")]
        images = [pictures[int(t[5:]) - 1] for t in order if t.startswith("Image")]
        for kind, pool in (("Element", elements), ("Image", images)):
            for n, item in enumerate(pool, 1):
                old = (members if kind == "Element" else pictures).index(item) + 1
                renumber[f"{kind}{old}"] = f"{kind}{n}"

        def renumbered(prompt: str) -> str:
            return re.sub(r"@((?:Element|Image)\d+)(?!\w)", lambda m: "@" + renumber.get(m.group(1), m.group(1)), prompt)

        shots = [{**s, "prompt": renumbered(s["prompt"])} for s in shots]
        expected: dict[str, Any] = {"model": body.get("model", DEFAULT_MODEL)}
        if len(shots) == 1:
            expected.update(shots[0])
        else:
            expected["multi_prompt"] = shots
        if images:
            expected["input_image"] = [p.url for p in images]
        if elements:
            expected["elements"] = [m.element for m in elements]
        for name in ("start_image_url", "tail_image_url", "negative_prompt", "aspect_ratio", "generate_audio", "response_format", "target_namespace"):
            if name in body:
                expected[name] = body[name]
        for name in body:
            if name in self.keys_of(body) and name not in expected and name != "num_generations":
                expected[name] = body[name]
        if "num_generations" in body:
            expected["num_generations"] = body["num_generations"]
        return expected

    # -- the script --------------------------------------------------------

    def settings(self) -> tuple[list[str], list[list[str]]]:
        """Title-page lines, and each scene's setting lines."""
        title: list[str] = []
        per_scene: list[list[str]] = [[] for _ in self.requests]
        maps = [{field: key for field, key in self.keys_of(r.body).items() if field in r.body and (field != "input_image" or self.start_frame_is_input_image(r.body))} for r in self.requests]
        keys = list(dict.fromkeys(key for field_map in maps for key in field_map.values()))
        for key in keys:
            spec = SPECS[key]
            name = next(field for field_map in maps for field, k in field_map.items() if k == key)
            values = [next((r.body[f] for f, k in field_map.items() if k == key), _MISSING) for r, field_map in zip(self.requests, maps, strict=True)]
            if name == "model" and all(v == DEFAULT_MODEL for v in values):
                continue  # the default: the script need not say it
            shared = all(v is not _MISSING for v in values) and all(_key(v) == _key(values[0]) for v in values)
            if shared and key in TITLE_KEYS:
                text = _value_text(key, values[0])
                if text is None:
                    self.error(f"{self.requests[0].origin}: {name}", f"a script cannot write {values[0]!r} as `{spec.name}:`")
                else:
                    title.append(f"{spec.name}: {text}")
                continue
            for i, (request, value) in enumerate(zip(self.requests, values, strict=True)):
                if value is _MISSING:
                    continue
                if key not in SCENE_KEYS:
                    self.error(
                        f"{request.origin}: {name}",
                        f"`{spec.name}` differs between the requests, and a script sets it on the title page only",
                        "import these requests into separate scripts",
                    )
                    continue
                text = _value_text(key, value)
                if text is None:
                    self.error(f"{request.origin}: {name}", f"a script cannot write {value!r} as `{spec.name}:`")
                    continue
                per_scene[i].append(f"{spec.name}: {text}")
        return title, per_scene

    def declarations(self) -> list[str]:
        lines: list[str] = []
        if self.members:
            lines += ["CAST", ""]
            for member in self.members.values():
                lines += [member.name, f"  front: {member.element['frontal_image_url']}"]
                also = member.element.get("reference_image_urls") or []
                if also and not any("," in u for u in also):
                    lines.append(f"  also: {', '.join(also)}")
                else:
                    lines += [f"  also: {u}" for u in also]
                lines.append("")
        if self.pictures:
            lines += ["IMAGES", ""]
            lines += [f"{p.name}: {p.url}" for p in self.pictures.values()]
            lines.append("")
        return lines


_MISSING = object()


def _whole(value: Any) -> int | None:
    """A duration as a whole number of seconds (5, "5"), else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def write(requests: list[Request], title: str) -> Written:
    writer = _Writer(requests)
    for request in requests:
        writer.check_fields(request)
    scenes: list[tuple[list[str], dict[str, Any]]] = []
    for index, request in enumerate(requests, 1):
        made = writer.scene(index, request)
        if made is not None:
            scenes.append(made)
    title_lines, scene_settings = writer.settings()
    queue = any("num_generations" in r.body for r in requests)
    if writer.problems and any(p.severity == "error" for p in writer.problems):
        return Written("", [], queue, writer.problems)
    ids = [r.scene_id for r in requests]
    if len(set(ids)) != len(ids):
        requests = [Request(r.origin, r.body, None) for r in requests]  # ids from file names that clash: number by position
    out = [f"Title: {title}", *title_lines, ""]
    out += writer.declarations()
    for position, (request, (lines, _), settings) in enumerate(zip(requests, scenes, scene_settings, strict=True), 1):
        number = f" #{request.scene_id}#" if request.scene_id and request.scene_id != str(position) else ""
        out += [f".SCENE {request.scene_id or position}{number}", *settings, *lines, ""]
    text = "\n".join(out).rstrip("\n") + "\n"
    return Written(text, [e for _, e in scenes], queue, writer.problems)
