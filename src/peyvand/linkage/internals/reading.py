"""A rough reading of a name in the other script, from the engine's own sound classes.

Staff in Tirana cannot read محمدرضا; staff in Tehran may not know how "Khodabande" is written.
A *reading* spells a name letter by letter in the other script using the classes of
``keys.PERSIAN_SOUND_CLASSES`` and ``keys.LATIN_SOUND_CLASSES``. It is not a transcription:
Persian leaves short vowels unwritten, so محمد reads "Mhmd", and a Latin name loses its short
vowels in Persian letters. Pages show it marked as a reading, never as the person's spelling.
"""

from __future__ import annotations

import re

from peyvand.linkage.internals.keys import LATIN_SOUND_CLASSES, PERSIAN_SOUND_CLASSES
from peyvand.linkage.internals.normalise import normalise_latin, normalise_persian

# One Latin spelling per sound class (the common English-style one); letters a class merges
# but a reader hears apart keep their own spelling (ژ zh is not ج j, ع is a glottal stop).
_CLASS_TO_LATIN = {"S": "sh", "c": "ch", "x": "kh", "q": "gh", "u": "u", "i": "i"}
_LETTER_TO_LATIN = {"ژ": "zh", "ق": "q", "ع": "'", "ا": "a", "ء": "'", "ئ": "'"}
# One Persian letter per sound class, the commonest in names (ه for h, س for s, ز for z, ت for t).
_CLASS_TO_PERSIAN = {cls: letter for letter, cls in reversed(PERSIAN_SOUND_CLASSES.items())} | {
    "h": "ه",
    "s": "س",
    "z": "ز",
    "t": "ت",
    "q": "ق",
    "j": "ج",
    "u": "و",
    "i": "ی",
}
_LATIN_LOOKUP = dict(LATIN_SOUND_CLASSES)


def _latin_word(word: str) -> str:
    out = []
    for index, letter in enumerate(word):
        first, last = index == 0, index == len(word) - 1
        if letter == "و" and (first or word[index - 1] == "ا"):
            out.append("v")
        elif letter == "ی" and (first or word[index - 1] == "ا") and not last:
            out.append("y")
        elif letter == "ه" and last and index > 0:
            out.append("eh")  # a final ه is mostly the vowel e (فاطمه, خدابنده)
        elif letter == "ع" and first:
            out.append("a")  # a word-initial ع is heard as its vowel (علی Ali)
        elif letter in _LETTER_TO_LATIN:
            out.append(_LETTER_TO_LATIN[letter])
        else:
            cls = PERSIAN_SOUND_CLASSES.get(letter, "")
            out.append(_CLASS_TO_LATIN.get(cls, cls))
    text = "".join(out).lstrip("'")
    return text[:1].upper() + text[1:]


def latin_reading(text: str) -> str:
    """A Latin-letter reading of a Persian name ("" when ``text`` has no Persian word)."""
    words = normalise_persian(text).split()
    return " ".join(w for w in (_latin_word(word) for word in words) if w)


def _persian_word(word: str) -> str:
    # Persian writes a doubled consonant once (Mohammad محمد, Hossein حسین).
    word = re.sub(r"([b-df-hj-np-tv-z])\1", r"\1", word)
    out = []
    i = 0
    while i < len(word):
        if i == 0 and word[0] in "aeiou":
            out.append("ا" if word[0] in "aeo" else "ای")  # a written vowel start (Ali علی)
            i += 1 if word[0] in "aeo" else 2 if word[1:2] in ("i", "y") else 1
            continue
        for size in (3, 2, 1):
            chunk = word[i : i + size]
            if len(chunk) == size and chunk in _LATIN_LOOKUP:
                break
        else:
            chunk, size = word[i], 1
        last = i + size == len(word)
        if chunk == "a" and last:
            out.append("ا")  # a final a is written (Reza رضا, Sara سارا)
        elif chunk in ("e", "eh") and last:
            out.append("ه")
        else:
            cls = _LATIN_LOOKUP.get(chunk, chunk if chunk.isalpha() else "")
            out.append("".join(_CLASS_TO_PERSIAN.get(c, "") for c in cls))
        i += size
    return "".join(out)


def persian_reading(text: str) -> str:
    """A Persian-letter reading of a Latin name ("" when ``text`` has no Latin word)."""
    words = normalise_latin(text).split()
    return " ".join(w for w in (_persian_word(word) for word in words) if w)
