"""Search keys for names: the linkage engine's cross-script sound key, stored per name.

A caseworker types "Mohammad Reza" or "محمدرضا" and finds the same person: both read ``mhmd`` +
``rz``. The key is stored on every ``Name`` row (``search_key``) and matched with a substring
lookup, so a search is one indexed-table query on SQLite and PostgreSQL, never a scan in Python.
"""

from __future__ import annotations

from peyvand.linkage import VOWEL_START, normalise_name, sound_key

# Inside a compound written as one word (محمدعلی, محمدولی) a word's first letter is not
# word-initial, so a searched word is keyed as the inner part of a compound: no vowel-start mark,
# initial v/y read as the vowels u/i — then "Ali" and "Vali" are found inside the compound too.
_INNER_START = {"v": "u", "y": "i"}
# SQLite's LIKE ignores the case of ASCII letters; the sound class ``S`` (sh) must not meet ``s``.
_CASE_FREE = str.maketrans({"S": "š"})


def word_search_keys(text: str) -> list[str]:
    """The search key of each word of ``text``, in either script; empty words are dropped."""
    normalised, script = normalise_name(text)
    keys = []
    for word in normalised.split():
        key = sound_key(word, script).replace(VOWEL_START, "")
        if key[:1] in _INNER_START:
            key = _INNER_START[key[0]] + key[1:]
        if key:
            keys.append(key.translate(_CASE_FREE))
    return keys


def name_search_key(full: str) -> str:
    """What ``Name.search_key`` stores for a name written ``full``."""
    return " ".join(word_search_keys(full))[:400]
