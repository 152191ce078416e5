"""Which language a line of dialogue is in, well enough to warn (KS506).

A small heuristic that needs no package and no data file, in two steps:

1. The writing system. Letters are counted by Unicode block; the block with
   the most letters decides: kana means Japanese (kana and Han together too),
   Han alone Chinese, Hangul Korean, Cyrillic Russian (Ukrainian with `і ї є
   ґ`), and Greek, Arabic (Persian with `پ چ ژ گ`), Hebrew, Devanagari (Hindi),
   Thai, Georgian and Armenian their language.
2. For the Latin alphabet, short common words ("stop words") of English,
   French, Spanish, Portuguese, Italian, German, Dutch, Swedish, Polish and
   Turkish are counted, two points a word, and each distinct letter with a
   diacritic typical of a language one point. A word that is also English
   (`a`, `in`, `die`, `was`) counts for no other language. Another language
   is named only when it scores 3 or more and beats English; otherwise the
   line is taken as English. A line of fewer than two words is not judged.

It errs towards silence: a name, a loanword or a one-word exclamation
(`Merci!`) is never a finding, and an Italian line without its common
words goes unnamed. The packages that detect languages properly
(lingua-language-detector, langid, langdetect) ship statistical models that
are loaded before their first answer; a warning that needs only to tell
English and Chinese from the rest does without them, and lint's start-up
stays as measured. The rule imports this module only for a script with
dialogue in a scene whose audio is on.
"""

from __future__ import annotations

import re

SPOKEN = frozenset({"en", "zh"})  # what Kling speaks: other languages are translated to English

NAMES = {
    "en": "English", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "ru": "Russian", "uk": "Ukrainian",
    "el": "Greek", "ar": "Arabic", "fa": "Persian", "he": "Hebrew", "hi": "Hindi", "th": "Thai",
    "ka": "Georgian", "hy": "Armenian", "fr": "French", "es": "Spanish", "pt": "Portuguese", "it": "Italian",
    "de": "German", "nl": "Dutch", "sv": "Swedish", "pl": "Polish", "tr": "Turkish",
}  # fmt: skip

# (first, last) code points of each writing system's letters.
_BLOCKS = (
    ("kana", 0x3040, 0x30FF), ("han", 0x4E00, 0x9FFF), ("han", 0x3400, 0x4DBF), ("hangul", 0xAC00, 0xD7AF),
    ("hangul", 0x1100, 0x11FF), ("cyrillic", 0x0400, 0x04FF), ("greek", 0x0370, 0x03FF), ("arabic", 0x0600, 0x06FF),
    ("hebrew", 0x0590, 0x05FF), ("devanagari", 0x0900, 0x097F), ("thai", 0x0E00, 0x0E7F), ("georgian", 0x10A0, 0x10FF),
    ("armenian", 0x0530, 0x058F),
)  # fmt: skip
_BY_SCRIPT = {"han": "zh", "kana": "ja", "hangul": "ko", "cyrillic": "ru", "greek": "el", "arabic": "ar", "hebrew": "he",
              "devanagari": "hi", "thai": "th", "georgian": "ka", "armenian": "hy"}  # fmt: skip

_ENGLISH = set(
    """the a an and or but if of to in on at by for with from as is are was were be been am i you he she it we they me him
    her us them my your his its our their this that these those what who where when why how not no yes do does did don t s
    m ll re ve d have has had will would can could shall should must may might just so all here there now then up out over
    into off too very get got go going come know left right never ever again one two"""
    .split()
)  # fmt: skip
_STOP = {
    "fr": "le la les un une des du de et est je tu il elle nous vous ils elles ce cette ces que qui quoi pas ne mais ou où "
          "avec pour dans sur au aux mon ton son ma ta sa mes tes ses moi toi lui leur suis es sont être avoir ai as avez "
          "c l j qu y en très bien oui non merci pourquoi comment déjà encore toujours jamais rien tout",
    "es": "el la los las un una unos unas y es que de en por para con no sí yo tú él ella nosotros ellos usted mi tu su "
          "mis tus sus está estás están soy eres somos del al lo le les pero como muy bien qué cómo dónde cuando también "
          "ya aquí allí hay gracias nada todo siempre nunca",
    "pt": "o os a as um uma uns umas e é que de do da dos das em no na nos nas por para com não sim eu tu ele ela nós "
          "eles elas você meu minha seu sua está estou são sou mas como muito bem obrigado obrigada aqui ali tudo nada "
          "sempre nunca também já",
    "it": "il lo la i gli le un una uno e è che di del della in con per non sì io tu lui lei noi voi loro mio mia tuo ho hai ha "
          "tua suo sua sono sei siamo ma come molto bene grazie qui qua dove quando anche già perché cosa niente tutto "
          "sempre mai",
    "de": "der die das den dem des ein eine einen einem und ist sind bin bist ich du er sie wir ihr nicht nein ja "
          "mit für auf aus bei von zu zum zur im mein dein sein kein aber oder wie was warum wo hier da schon noch "
          "immer nie danke bitte auch sehr gut",
    "nl": "de het een en is zijn ben ik jij je hij zij wij niet nee ja met voor op uit bij van naar mijn jouw maar of "
          "hoe wat waarom waar hier daar al nog altijd nooit dank bedankt ook heel goed",
    "sv": "och att det som en ett är jag du han hon vi ni de inte nej ja med för på av till min din men eller hur vad "
          "varför var här där redan alltid aldrig tack också mycket bra",
    "pl": "i w z na że to jest nie tak ja ty on ona my wy oni się do od po za jak co dlaczego gdzie tutaj tam już "
          "jeszcze zawsze nigdy dziękuję też bardzo dobrze mój twój",
    "tr": "ve bir bu şu o ben sen biz siz onlar değil evet hayır ile için ama nasıl ne neden nerede burada orada "
          "daha her zaman asla teşekkür çok iyi da de mi mı",
}  # fmt: skip
_STOP_WORDS = {lang: frozenset(words.split()) - _ENGLISH for lang, words in _STOP.items()}
_HINTS = {
    "fr": "éèêëçœàùûîïôâ", "es": "ñ¿¡áéíóú", "pt": "ãõçáéíóúâêôà", "it": "àèéìíòóù", "de": "äöüß",
    "nl": "ĳ", "sv": "åäö", "pl": "ąćęłńóśźż", "tr": "ğışçöü",
}  # fmt: skip
_TOKEN = re.compile(r"[^\W\d_]+")


def _script(text: str) -> str | None:
    """The writing system with the most letters in `text` ("latin" for the Latin alphabet)."""
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha():
            continue
        point = ord(char)
        found = "latin" if point < 0x0250 or 0x1E00 <= point <= 0x1EFF else "other"
        if found == "other":
            for name, first, last in _BLOCKS:
                if first <= point <= last:
                    found = name
                    break
        counts[found] = counts.get(found, 0) + 1
    if not counts:
        return None
    if counts.get("kana") and counts.get("kana", 0) + counts.get("han", 0) >= max(counts.values()):
        return "kana"  # Japanese writes Han and kana together
    return max(counts, key=lambda name: counts[name])


def detect(text: str) -> str | None:
    """The language `text` is most likely in, as an ISO 639-1 code; None when it cannot tell."""
    script = _script(text)
    if script is None or script == "other":
        return None
    if script != "latin":
        if len([c for c in text if c.isalpha()]) < 2:
            return None
        language = _BY_SCRIPT[script]
        if language == "ru" and any(c in text for c in "іїєґІЇЄҐ"):
            return "uk"
        if language == "ar" and any(c in text for c in "پچژگ"):
            return "fa"
        return language
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    if len(tokens) < 2:
        return None
    english = 2 * sum(t in _ENGLISH for t in tokens)
    lowered = text.lower()
    best, best_score = "en", english
    for language, stop in _STOP_WORDS.items():
        score = 2 * sum(t in stop for t in tokens) + sum(1 for c in set(_HINTS[language]) if c in lowered)
        if score >= 3 and score > best_score:
            best, best_score = language, score
    return best


def name(code: str) -> str:
    return NAMES.get(code, code)
