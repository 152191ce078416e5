"""One profile per Kling model on Oxen.ai: what it takes, costs and refuses.

Read from MODELS.md (Oxen's per-model pages, the walkthroughs, the upstream
provider). Where the documentation is silent the profile records kscript's
decision and names it in `unconfirmed`, which `kscript models` and the docs
show; `kscript models --check` settles what the live API can tell (existence
and price).

Plain frozen data: importing this module costs nothing (no I/O, no imports
beyond typing), because every lint and compile reads it. Named tuples, not
frozen data classes: a frozen data class compiles six generated methods at
import, which start-up feels.
"""

from __future__ import annotations

from typing import NamedTuple

DEFAULT_MODEL = "kling-video-o3-pro-reference-to-video"
DRAFT_MODEL = "kling-video-v2-6-pro-text-to-video"

# Fields every request of the family takes, whatever the model (MODELS.md).
COMMON_FIELDS = ("model", "response_format", "target_namespace", "num_generations")
# Settings every model takes: they are no field of the model's own.
COMMON_SETTINGS = ("model", "style", "output", "namespace", "generations")


class Durations(NamedTuple):
    """How long a request may be.

    `choices` non-empty: the request is one of these lengths (5 or 10).
    Otherwise each shot lasts `shot` seconds and the shots `total` in all.
    """

    choices: tuple[int, ...] = ()
    shot: tuple[int, int] = (1, 15)
    total: tuple[int, int] = (3, 15)
    default: int = 5

    def text(self) -> str:
        if self.choices:
            return " or ".join(str(c) for c in self.choices) + " s"
        return f"{self.total[0]} to {self.total[1]} s ({self.shot[0]} to {self.shot[1]} s a shot)"


class Slots(NamedTuple):
    """Reference slots: elements plus input images in one request.

    Counted one per element, whatever images it carries (LANGUAGE.md 7);
    start and end frames never count.
    """

    total: int
    with_video: int | None = None  # the total when an input video is given
    elements: int | None = None  # a cap on elements alone (None: only the total)
    images: bool = True  # takes `input_image` as a list of reference images

    def limit(self, has_video: bool) -> int:
        return self.with_video if has_video and self.with_video is not None else self.total

    @property
    def takes_elements(self) -> bool:
        return self.total > 0 and self.elements != 0

    @property
    def takes_images(self) -> bool:
        return self.total > 0 and self.images


class Refusal(NamedTuple):
    """A combination the model refuses: `field` (== `value`, or present when None)
    together with `with_field` (== `with_value`, or present when None)."""

    field: str
    value: object
    with_field: str
    with_value: object
    why: str


class Profile(NamedTuple):
    id: str
    label: str
    inputs: str  # what the model makes a video from, as the price table says
    price: float  # dollars per second of output video
    price_confirmed: bool
    settings: tuple[tuple[str, str], ...]  # kscript setting -> request field, beyond COMMON_SETTINGS
    durations: Durations | None  # None: the model takes no duration (the input video decides)
    multi_shot: bool
    slots: Slots
    required: tuple[str, ...]  # request fields that must be present
    refused: tuple[Refusal, ...] = ()
    successor: str | None = None  # what to use once the API no longer serves this one
    prompt_max: int = 512
    unconfirmed: tuple[str, ...] = ()  # facts MODELS.md marks [?]: kscript's decision, said in the docs
    sources: str = ""

    @property
    def max_shots(self) -> int:
        return 6 if self.multi_shot else 1

    def field_of(self, setting: str) -> str | None:
        """The request field a setting compiles to on this model, `""` for a setting that
        is no field (Style, Video length), None when the model does not take it."""
        if setting in COMMON_SETTINGS:
            return "" if setting == "style" else _COMMON_FIELD[setting]
        for key, field in self.settings:
            if key == setting:
                return field
        return None

    def setting_for(self, field: str) -> str | None:
        for key, mapped in self.settings:
            if mapped == field:
                return key
        return None

    @property
    def start_frame_is_input_image(self) -> bool:
        return self.field_of("start frame") == "input_image"

    @property
    def fields(self) -> tuple[str, ...]:
        """Every request field the model takes, in request order."""
        taken = {"model", "prompt", "response_format", "target_namespace", "num_generations"}
        if self.durations is not None:
            taken.add("duration")
        if self.multi_shot:
            taken.add("multi_prompt")
        if self.slots.takes_images or self.start_frame_is_input_image:
            taken.add("input_image")
        if self.slots.takes_elements:
            taken.add("elements")
        taken.update(field for _, field in self.settings if field)
        return tuple(f for f in FIELD_ORDER if f in taken)

    def takes(self, field: str) -> bool:
        return field in self.fields


_COMMON_FIELD = {"model": "model", "output": "response_format", "namespace": "target_namespace", "generations": "num_generations"}

# The order of a compiled request's keys (LANGUAGE.md section 6, extended by the new fields).
FIELD_ORDER = (
    "model",
    "prompt",
    "duration",
    "multi_prompt",
    "input_image",
    "input_video",
    "video_mode",
    "elements",
    "start_image_url",
    "tail_image_url",
    "negative_prompt",
    "aspect_ratio",
    "resolution",
    "generate_audio",
    "keep_audio",
    "keep_original_sound",
    "character_orientation",
    "cfg_scale",
    "response_format",
    "target_namespace",
    "num_generations",
)

_RANGE = Durations()
_FIVE_OR_TEN = Durations(choices=(5, 10))
_OMNI = "kling-video-o3-omni"

PROFILES: tuple[Profile, ...] = (
    Profile(
        id="kling-video-v2-6-pro-text-to-video",
        label="Kling v2.6 Pro, text to video",
        inputs="text",
        price=0.070,
        price_confirmed=True,
        settings=(("aspect", "aspect_ratio"), ("audio", "generate_audio"), ("avoid", "negative_prompt"), ("guidance", "cfg_scale")),
        durations=_FIVE_OR_TEN,
        multi_shot=False,
        slots=Slots(0, elements=0, images=False),
        required=("prompt",),
        unconfirmed=("prompt_max",),
        sources="[GEN] per-model page",
    ),
    Profile(
        id="kling-video-v2-6-pro-image-to-video",
        label="Kling v2.6 Pro, image to video",
        inputs="image + text",
        price=0.070,
        price_confirmed=True,
        settings=(("start frame", "input_image"), ("audio", "generate_audio"), ("avoid", "negative_prompt")),
        durations=_FIVE_OR_TEN,
        multi_shot=False,
        slots=Slots(0, elements=0, images=False),
        required=("prompt", "input_image"),
        unconfirmed=("prompt_max",),
        sources="[GEN] per-model page",
    ),
    Profile(
        id="kling-video-o3-pro-image-to-video",
        label="Kling O3 Pro, image to video",
        inputs="image + text",
        price=0.224,
        price_confirmed=True,
        settings=(("start frame", "input_image"), ("end frame", "tail_image_url"), ("aspect", "aspect_ratio")),
        durations=_RANGE,
        multi_shot=True,
        slots=Slots(0, elements=0, images=False),
        required=("prompt", "input_image"),
        successor=_OMNI,
        unconfirmed=("multi_prompt", "prompt_max"),
        sources="[GEN] per-model page (removed 2026-07-27); multi-shot from [UP]",
    ),
    Profile(
        id="kling-video-o3-pro-reference-to-video",
        label="Kling O3 Pro, reference to video",
        inputs="images + text",
        price=0.224,
        price_confirmed=True,
        settings=(
            ("start frame", "start_image_url"),
            ("end frame", "tail_image_url"),
            ("avoid", "negative_prompt"),
            ("aspect", "aspect_ratio"),
            ("audio", "generate_audio"),
        ),
        durations=_RANGE,
        multi_shot=True,
        slots=Slots(4),
        required=("prompt",),
        successor=_OMNI,
        sources="[DOC] model page and walkthroughs (removed 2026-07-27)",
    ),
    Profile(
        id="kling-video-o3-pro-video-to-video-edit",
        label="Kling O3 Pro, video to video edit",
        inputs="video",
        price=0.336,
        price_confirmed=True,
        settings=(("video", "input_video"), ("keep audio", "keep_audio"), ("video length", "")),
        durations=None,
        multi_shot=False,
        slots=Slots(4),
        required=("prompt", "input_video"),
        successor=_OMNI,
        unconfirmed=("slots", "prompt_max"),
        sources="[GEN] per-model page (removed 2026-07-27); 4 slots as omni with a video",
    ),
    Profile(
        id="kling-video-v3-pro-motion-control",
        label="Kling v3 Pro, motion control",
        inputs="text + image + video",
        price=0.168,
        price_confirmed=True,
        settings=(
            ("start frame", "input_image"),
            ("video", "input_video"),
            ("orientation", "character_orientation"),
            ("keep audio", "keep_original_sound"),
            ("video length", ""),
        ),
        durations=None,
        multi_shot=False,
        slots=Slots(1, elements=1, images=False),
        required=("input_image", "input_video"),
        refused=(
            Refusal("elements", None, "character_orientation", "image", "an element goes only with `Orientation: video`"),
        ),
        unconfirmed=("prompt_max",),
        sources="[GEN] per-model page",
    ),
    Profile(
        id=_OMNI,
        label="Kling O3 Omni",
        inputs="images + video + text",
        price=0.224,
        price_confirmed=False,
        settings=(
            ("video", "input_video"),
            ("video mode", "video_mode"),
            ("start frame", "start_image_url"),
            ("end frame", "tail_image_url"),
            ("resolution", "resolution"),
            ("aspect", "aspect_ratio"),
            ("audio", "generate_audio"),
            ("keep audio", "keep_audio"),
        ),
        durations=_RANGE,
        multi_shot=True,
        slots=Slots(7, with_video=4),
        required=("prompt",),
        refused=(Refusal("generate_audio", True, "input_video", None, "audio must be off when a video is given"),),
        unconfirmed=("price", "multi_prompt", "prompt_max"),
        sources="[GEN] per-model page (added 2026-07-27)",
    ),
)

BY_ID: dict[str, Profile] = {p.id: p for p in PROFILES}
IDS: tuple[str, ...] = tuple(BY_ID)


def profile(model: str | None) -> Profile | None:
    """The profile of `model` (the default model when None), or None for an unknown id."""
    return BY_ID.get(DEFAULT_MODEL if model is None else model.strip())


def default() -> Profile:
    return BY_ID[DEFAULT_MODEL]


def closest(model: str) -> str | None:
    """The profile id nearest to a mistyped one (KS106's suggestion)."""
    from kscript.core.words import did_you_mean

    return did_you_mean(model.strip(), IDS, limit=0.5)
