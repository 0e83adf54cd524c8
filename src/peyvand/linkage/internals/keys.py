"""Cross-script keys over Persian sound classes.

Both scripts are rewritten into one small alphabet of sound classes, so that محمد, Mohammad,
Mohamed and Mohammed all read ``mhmd``. The classes follow how Persian is written: letters that
share a sound share a class (ث س ص → ``s``; ذ ز ض ظ → ``z``; ت ط → ``t``; ح ه → ``h``; غ ق → ``q``),
short vowels are not written in Persian so Latin a/e/o are dropped, and the long-vowel letters
و and ی become the classes ``u`` and ``i`` that Latin u/ou/oo/v/w and i/ee/ei/ey/y also map to.

Two keys are derived from a name word:

* the *sound key* keeps the ``u``/``i`` classes (Hasan ``hsn`` ≠ Hossein ``hsin``);
* the *skeleton* keeps consonants only and is the coarse key used for blocking.

At the start of a word و and ی are consonants (وحید Vahid, یزدی Yazdi), as are Latin v/w and y:
they become the consonant classes ``v`` and ``y``, kept by the skeleton, so Vahid is not Hadi
and Yusefi is not Safa. Inside a compound written as one word (محمدولی) the second part's first
letter is not word-initial, so joined keys read ``v``/``y`` there as ``u``/``i`` again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from peyvand.linkage.internals.normalise import Script

# Persian letter → sound class. Letters absent here (ا ع ء ئ) carry no consonant.
PERSIAN_SOUND_CLASSES: dict[str, str] = {
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ط": "t",
    "ث": "s",
    "س": "s",
    "ص": "s",
    "ج": "j",
    "ژ": "j",
    "چ": "c",
    "ح": "h",
    "ه": "h",
    "خ": "x",
    "د": "d",
    "ذ": "z",
    "ز": "z",
    "ض": "z",
    "ظ": "z",
    "ر": "r",
    "ش": "S",
    "غ": "q",
    "ق": "q",
    "ف": "f",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "و": "u",
    "ی": "i",
}

# Latin spellings → sound class, longest first. "" means the letters carry no class.
LATIN_SOUND_CLASSES: tuple[tuple[str, str], ...] = (
    ("tch", "c"),
    ("sch", "S"),
    ("sz", "S"),  # Polish spellings (Ardeszir, Darjusz)
    ("cz", "c"),
    ("ch", "c"),
    ("sh", "S"),
    ("zh", "j"),
    ("kh", "x"),
    ("gh", "q"),
    ("ph", "f"),
    ("dj", "j"),
    ("th", "t"),
    ("dh", "z"),
    ("ck", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ow", "u"),
    ("ee", "i"),
    ("ei", "i"),
    ("ey", "i"),
    ("a", ""),
    ("e", ""),
    ("o", ""),
    ("u", "u"),
    ("i", "i"),
    ("y", "i"),
    ("w", "u"),
    ("v", "u"),
    ("c", "k"),
    ("x", "ks"),
)
_LATIN_LOOKUP: dict[str, str] = dict(LATIN_SOUND_CLASSES)
_VOWEL_CLASSES = "iu"
_LATIN_CONSONANTS = "bcdfghjklmnpqrstvwxyz"
_PERSIAN_VOWEL_STARTS = frozenset("اعءئ")
VOWEL_START = "A"
"""Marks a word that begins with a vowel (Azari/اذری is not Zarei/زارعی)."""
_INITIAL_CONSONANTS = {"u": "v", "i": "y"}
"""Long-vowel classes that are consonants at the start of a word (و → v, ی → y)."""
_SUN_ARTICLE_DIN = re.compile("(?<=.)الد(?=ین)")
# A final ه (the vowel e) stays silent when a suffix is written joined after it:
# خدابنده+لو Khodabandelou, شنبه+زاده Shanbezadeh, قطعه+ای Ghetei.
_SILENT_HEH_BEFORE_SUFFIX = re.compile(
    "(?<=..)ه(?=(?:زاده|زاد|پور|لو|فر|ای|ایی|ئی|چی|چیان|گر|نژاد|نیا|وند|دار|کار|ور|گان|یان)$)"
)
_LATIN_SOFT_C = re.compile("c(?=[eiy])")
# Inside a word "dh" is d then h (Mohammadhadi, Mohammadhossein); only a word-initial "dh" is
# the Arabic-style spelling of ذ (Dhabih).
_LATIN_INNER_DH = re.compile("(?<=.)dh")
# Slavic and German spellings write ی as j after e (Hosejn, Hejdari, Sejfi).
_LATIN_EJ = re.compile("(?<=e)j(?![aeiouj])")


def _collapse_repeats(symbols: str, only: str | None = None) -> str:
    """Collapse runs of one symbol (of ``only`` symbols if given) to a single symbol."""
    out: list[str] = []
    for ch in symbols:
        if not out or out[-1] != ch or (only is not None and ch not in only):
            out.append(ch)
    return "".join(out)


def _drop_final_h(key: str) -> str:
    """Drop a word-final h: final ه is mostly the vowel e (Fatemeh/Fateme, Zadeh/Zade) and a
    final ح is often left out in Latin (Fallah/Falla, Saleh/Sale)."""
    return key[:-1] if len(key) > 1 and key.endswith("h") else key


def persian_sound_key(word: str) -> str:
    """Sound key of one normalised Persian word (see module docstring)."""
    # "ال" before د in ...الدین is assimilated: Nasreddin, not Nasr-ol-din.
    # Persian writes a doubled consonant once (with an optional shadda), so two equal letters
    # are two sounds (درخشش Derakhshesh) — except the lam-lam of الله (Allah, -ollah).
    word = _SUN_ARTICLE_DIN.sub("د", word).replace("لله", "له")
    # ت before چ is heard inside the ch (ساعتچی Saatchi): Latin "tch" reads as one sound.
    word = word.replace("تچ", "چ").replace("طچ", "چ")
    word = _SILENT_HEH_BEFORE_SUFFIX.sub("", word)
    start = VOWEL_START if word[:1] in _PERSIAN_VOWEL_STARTS else ""
    key = "".join(PERSIAN_SOUND_CLASSES.get(ch, "") for ch in word)
    key = _drop_final_h(_collapse_repeats(key, only=_VOWEL_CLASSES))
    return start + (_initial_consonant(key) if word[:1] in "وی" else key)


def _initial_consonant(key: str) -> str:
    """Read a word-initial long-vowel class as its consonant (و → v, ی → y)."""
    return _INITIAL_CONSONANTS[key[0]] + key[1:] if key[:1] in _INITIAL_CONSONANTS else key


def _latin_key(word: str, lookup: dict[str, str], vowels: str) -> str:
    word = _LATIN_EJ.sub("y", _LATIN_SOFT_C.sub("s", word))
    word = _LATIN_INNER_DH.sub("d-h", word)
    word = _collapse_repeats(word, only=_LATIN_CONSONANTS)
    out: list[str] = [VOWEL_START] if word[:1] in "aeiou" else []
    i = 0
    while i < len(word):
        for size in (3, 2, 1):
            chunk = word[i : i + size]
            if len(chunk) == size and chunk in lookup:
                out.append(lookup[chunk])
                i += size
                break
        else:
            out.append(word[i] if word[i].isalpha() else "")
            i += 1
    key = _drop_final_h(_collapse_repeats("".join(out), only=vowels))
    return _initial_consonant(key) if word[:1] in "vwy" else key


def latin_sound_key(word: str) -> str:
    """Sound key of one normalised Latin word (see module docstring)."""
    return _latin_key(word, _LATIN_LOOKUP, _VOWEL_CLASSES)


# Latin spellings that can only be a long vowel, i.e. a written و or ی (Mahmoud, Hossein),
# unlike a single u/i/y, which may be a short vowel Persian leaves unwritten (Muhsin, Nargis).
_LONG_VOWEL_SPELLINGS = {"ou": "U", "oo": "U", "ow": "U", "ee": "I", "ei": "I", "ey": "I"}
_LATIN_VOWEL_LOOKUP = {**_LATIN_LOOKUP, **_LONG_VOWEL_SPELLINGS}


def latin_vowel_key(word: str) -> str:
    """Sound key of one Latin word with the certainly long vowels marked ``U``/``I``.

    Compared with a Persian spelling by :func:`persian_vowel_pattern`.
    """
    return _latin_key(word, _LATIN_VOWEL_LOOKUP, _VOWEL_CLASSES + "UI")


def persian_vowel_pattern(key: str) -> str:
    """Regular expression a Latin :func:`latin_vowel_key` fits when the vowels agree.

    Persian writes long vowels and leaves short ones out, so a faithful Latin spelling has
    every written ی (a final one may be read a: مجتبی Mojtaba), may write و as a plain o
    (Mosavi), and may add short i/u anywhere (Nargis ~ نرگس) but no certainly long vowel the
    Persian lacks (Hossein is not حسن, Mahmoud is not محمد).
    """
    parts = ["^[iu]*"]
    for index, symbol in enumerate(key):
        if symbol == "i":
            parts.append("[iI]?" if index == len(key) - 1 else "[iI]")
        elif symbol == "u":
            parts.append("[uU]?")
        else:
            parts.append(re.escape(symbol))
        parts.append("[iu]*")
    return "".join(parts) + "$"


FEMININE_ENDING = "E"
"""Marks a given name with the female ending -ieh/-yeh (یه): Mahdieh is not Mahdi."""
_LATIN_FEMININE = re.compile("(?:ie|ye)h?$")


def has_feminine_ending(word: str, script: Script) -> bool:
    """Whether a normalised given-name word ends in the female -ieh/-yeh (مهدیه, Alieh).

    Such a name is its own name, not a spelling of the name without the ending (Mahdi,
    Ali), though both read alike once a final h is dropped.
    """
    if script == "fa" or (script == "mixed" and not word.isascii()):
        return len(word) >= 3 and word.endswith("یه")
    return len(word) >= 4 and bool(_LATIN_FEMININE.search(word))


def sound_key(word: str, script: Script) -> str:
    """Sound key of one normalised word in ``script`` (``"fa"`` or ``"latn"``)."""
    if script == "fa" or (script == "mixed" and not word.isascii()):
        return persian_sound_key(word)
    return latin_sound_key(word)


def loose_sound(key: str) -> str:
    """Sound key without h and with doubled classes collapsed (Fatourehchi ~ فتورهچی,
    Hassannejad ~ حسن‌نژاد), for the spellings that disagree only there."""
    return _collapse_repeats(key.replace("h", ""))


def loose_skeleton(key: str) -> str:
    """Skeleton without vowel-start marks or h, for an h silent in one script."""
    return skeleton(key.replace(VOWEL_START, "").replace("h", ""))


# Consonant classes one script's writers often swap for another's: sh written ch (French:
# Chahla, Houchang), گ/ق/ک/ج (Gorban, Ghorban, Korban; George ~ جرج), پ/ب, ز/س. Chosen by
# counting which class substitutions separate true Persian/Latin pairs from look-alike false
# ones in the training half of the dev set (letter-level parameters, not a list of names).
_LOOK_ALIKE_CLASSES = str.maketrans({"S": "c", "g": "q", "k": "q", "j": "q", "p": "b", "z": "s"})


def look_alike_skeleton(key: str) -> str:
    """Skeleton with look-alike consonant classes merged (see ``_LOOK_ALIKE_CLASSES``)."""
    return skeleton(key).translate(_LOOK_ALIKE_CLASSES)


def skeleton(key: str) -> str:
    """Consonant skeleton of a sound key: drop the long-vowel classes ``u`` and ``i``."""
    return "".join(ch for ch in key if ch not in _VOWEL_CLASSES)


def _inner(key: str) -> str:
    """A word's key as the inner part of a compound: no vowel-start mark, no initial v/y."""
    key = key.replace(VOWEL_START, "")
    for vowel, consonant in _INITIAL_CONSONANTS.items():
        if key.startswith(consonant):
            return vowel + key[1:]
    return key


def joined_sound(keys: Sequence[str]) -> str:
    """Sound key of words written together as one compound (محمدولی ~ Mohammad Vali)."""
    return keys[0] + "".join(_inner(k) for k in keys[1:]) if keys else ""


def joined_skeleton(keys: Sequence[str]) -> str:
    """Skeleton of words written together: a vowel start inside a compound is not marked."""
    return skeleton(joined_sound(keys))
