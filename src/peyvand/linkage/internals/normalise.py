"""Script detection and per-script normalisation of names.

Persian text is folded to one spelling of each letter (Arabic ي/ك become Persian ی/ک, hamza
carriers collapse, tatweel and harakat go); Latin text is lower-cased, stripped of diacritics,
hyphens and apostrophes. Both keep word boundaries as single spaces.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Script = Literal["fa", "latn", "mixed", "none"]

ZWNJ = "\u200c"
TATWEEL = "\u0640"

# Letter variants folded to the form Persian keyboards produce.
PERSIAN_LETTER_FOLDS: dict[str, str] = {
    "ي": "ی",  # Arabic yeh
    "ى": "ی",  # alef maksura
    "ې": "ی",
    "ك": "ک",  # Arabic kaf
    "ة": "ه",  # teh marbuta
    "ۀ": "ه",  # heh with yeh above
    "ە": "ه",
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ؤ": "و",
}

# Persian (U+06F0..) and Arabic-Indic (U+0660..) digits to ASCII.
DIGIT_FOLDS: dict[str, str] = {
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    **{chr(0x0660 + i): str(i) for i in range(10)},
}

_HARAKAT = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.,;:/\\|()\[\]{}\"“”«»]+")
_APOSTROPHES = re.compile("['`´’‘ʼʻʿʾ]")
_NOT_PERSIAN_WORD = re.compile("[^\u0620-\u06ff0-9 ]")
_NOT_LATIN_WORD = re.compile("[^a-z0-9 ]")


def detect_script(text: str) -> Script:
    """Return ``"fa"`` or ``"latn"`` for the script most letters of ``text`` are in.

    ``"mixed"`` is returned when both scripts have letters and neither has three times the
    other's count; ``"none"`` when there are no letters at all.
    """
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if arabic == 0 and latin == 0:
        return "none"
    if arabic >= 3 * latin:
        return "fa"
    if latin >= 3 * arabic:
        return "latn"
    return "mixed"


def fold_digits(text: str) -> str:
    """Replace Persian and Arabic-Indic digits by ASCII digits."""
    return "".join(DIGIT_FOLDS.get(ch, ch) for ch in text)


def normalise_persian(text: str, *, zwnj: Literal["join", "split"] = "join") -> str:
    """Fold a Persian-script name to one canonical spelling.

    Letter variants are unified (ي/ى→ی, ك→ک, ة/ۀ→ه, أ/إ/آ/ٱ→ا, ؤ→و), tatweel and harakat are
    removed, digits become ASCII. ZWNJ either joins the two parts (``zwnj="join"``, the
    default: خامنه‌ای → خامنهای) or splits them into two words (``zwnj="split"``).
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace(TATWEEL, "")
    text = _HARAKAT.sub("", text)
    text = "".join(PERSIAN_LETTER_FOLDS.get(ch, ch) for ch in text)
    text = fold_digits(text)
    text = text.replace(ZWNJ, "" if zwnj == "join" else " ")
    text = _SEPARATORS.sub(" ", text)
    text = _NOT_PERSIAN_WORD.sub("", text)
    return " ".join(text.split())


def strip_diacritics(text: str) -> str:
    """Remove combining accents from Latin letters (Ḥoseyn → Hoseyn, Rezā → Reza)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_latin(text: str) -> str:
    """Fold a Latin-script name: lower case, no diacritics, no apostrophes, hyphens as spaces.

    Apostrophes (which stand for ع or ء in careful romanisations, "Ja'far") are dropped so that
    "Ja'far" and "Jafar" agree.
    """
    text = strip_diacritics(text).lower()
    text = text.replace("ß", "ss").replace("æ", "ae").replace("ø", "o").replace("ı", "i")
    text = _APOSTROPHES.sub("", text)
    text = fold_digits(text)
    text = _SEPARATORS.sub(" ", text)
    text = _NOT_LATIN_WORD.sub("", text)
    return " ".join(text.split())


def normalise_name(text: str) -> tuple[str, Script]:
    """Normalise ``text`` in whichever script it is written; return the text and the script.

    Mixed-script names keep both parts, each folded by its own rules.
    """
    script = detect_script(text)
    if script == "fa":
        return normalise_persian(text), script
    if script == "latn":
        return normalise_latin(text), script
    words = []
    for word in text.replace(ZWNJ, "").split():
        if detect_script(word) == "fa":
            words.append(normalise_persian(word))
        else:
            words.append(normalise_latin(word))
    return " ".join(w for w in words if w), script
