"""Parse a full name into its parts: titles, given name, family name, father's name.

The rules are about how Persian names are built, not about particular names: honorific titles
(Seyed, Haj, Mirza, …) are set aside, "son of / daughter of" moves the rest to the father's
name, detached surname endings (Danesh Zadeh, Pour Mohammadi) are joined to their stem, and the
Arabic article in compounds (Abdul/Abdol/Abd-ol, Nasrullah/Nasrollah, ed-Din) is spelt one way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from peyvand.linkage.internals.keys import joined_skeleton, latin_vowel_key, sound_key
from peyvand.linkage.internals.normalise import Script, normalise_name

LATIN_TITLES = frozenset(
    {
        "seyed",
        "seyyed",
        "sayed",
        "sayyed",
        "sayyid",
        "seyd",
        "syed",
        "sadat",
        "sadaat",
        "seyedeh",
        "sayyedeh",
        "mir",
        "haj",
        "hajj",
        "haji",
        "hajji",
        "hadj",
        "mirza",
        "sheikh",
        "shaikh",
        "sheykh",
        "shaykh",
        "karbalaei",
        "karbalai",
        "karbalayi",
        "mashhadi",
        "mashadi",
        "dr",
        "mr",
        "mrs",
        "ms",
    }
)
PERSIAN_TITLES = frozenset(
    {"سید", "سیده", "سادات", "میر", "حاج", "حاجی", "میرزا", "شیخ", "کربلایی", "کربلائی", "مشهدی"}
)
# The Arabic article written as a word of its own (al-Khaqani, el-Din).
ARTICLES = frozenset({"al", "el", "ol", "ul"})
# Title prefixes written attached to the given name (Seyedmohammad, سیدمحمد).
ATTACHED_TITLE_PREFIXES = ("seyyed", "seyed", "sayyed", "sayed", "سید")
# Title suffixes written attached to a given name (Zohrehsadat, زهره‌سادات, folded to زهرهسادات).
ATTACHED_TITLE_SUFFIXES = ("sadat", "سادات")

# "Servant of": always the first half of a compound given name (Abdollah, Abdolreza).
SERVANT_OF = frozenset({"عبد", "abd", "abdol"})
# Surname endings that are sometimes written as a separate word.
LATIN_DETACHED_ENDINGS = frozenset(
    {"zadeh", "zade", "zada", "pour", "poor", "pur", "nejad", "nezhad", "nia", "far", "lou", "loo"}
)
PERSIAN_DETACHED_ENDINGS = frozenset({"زاده", "پور", "نژاد", "نیا", "فر", "لو"})
# Surname endings; the stem without them is a looser comparison level.
LATIN_ENDINGS = (
    "zadeh",
    "zade",
    "pour",
    "poor",
    "nejad",
    "nezhad",
    "far",
    "lou",
    "loo",
    "ian",
    "yan",
    "ee",
    "i",
    "y",
)
PERSIAN_ENDINGS = ("زاده", "پور", "نژاد", "فر", "لو", "یان", "ی")

_LATIN_PARENT_OF = re.compile(r"\b(?:son|daughter|child) of\b|\b(?:s/o|d/o|bin|ibn|bint)\b", re.I)
_PERSIAN_PARENT_OF = re.compile(r"(?:^|\s)(?:فرزند|پسر|دختر|بن|ابن|بنت)(?:\s|$)")
_LATIN_INFIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\babd\s?[aeiou]?[lr]\s?"), "abdol"),  # Abdul Reza, Abd-ol-Reza → abdolreza
    (re.compile(r"(?<=[a-z])\s?[aeiou]l\s?l[aeiou]h\b"), "ollah"),  # Nasrullah, Nasr-ol-lah
    (re.compile(r"(?<=[a-z])\s?(?:[aeiou][ld])\s?d[aeiou]+n\b"), "oddin"),  # Nasr-ed-Din
)


_HYPHENATED_PREFIX = re.compile(r"(?i)\b(mir|haj|hajj|haji)[-\u2010](?=\w)")

# Title spellings → one title class, so Seyed/Sayyed/سید/Sadat agree.
TITLE_CLASSES: dict[str, str] = {
    **dict.fromkeys(
        [
            "seyed",
            "seyyed",
            "sayed",
            "sayyed",
            "sayyid",
            "seyd",
            "syed",
            "seyedeh",
            "sayyedeh",
            "sadat",
            "sadaat",
            "سید",
            "سیده",
            "سادات",
        ],
        "seyed",
    ),
    **dict.fromkeys(["haj", "hajj", "haji", "hajji", "hadj", "حاج", "حاجی"], "haj"),
    **dict.fromkeys(["mir", "میر"], "mir"),
    **dict.fromkeys(["mirza", "میرزا"], "mirza"),
    **dict.fromkeys(["sheikh", "shaikh", "sheykh", "shaykh", "شیخ"], "sheikh"),
    **dict.fromkeys(["karbalaei", "karbalai", "karbalayi", "کربلایی", "کربلائی"], "karbalaei"),
    **dict.fromkeys(["mashhadi", "mashadi", "مشهدی"], "mashhadi"),
}


@dataclass(frozen=True)
class ParsedName:
    """A full name split into the parts the linkage compares."""

    original: str
    script: Script
    words: tuple[str, ...]
    titles: tuple[str, ...] = ()
    father: str = ""
    keys: tuple[str, ...] = field(default=())
    vowel_keys: tuple[str, ...] = field(default=())
    """Per word: the Latin key with long vowels marked (Latin), else the sound key."""

    @property
    def title_classes(self) -> tuple[str, ...]:
        """The titles as classes (Seyed, Sayyed, سید and Sadat are all "seyed"), sorted."""
        return tuple(sorted({TITLE_CLASSES[t] for t in self.titles if t in TITLE_CLASSES}))

    @property
    def given(self) -> tuple[str, ...]:
        """Given-name words (all but the last word; the only word if there is one)."""
        return self.words[:-1] if len(self.words) > 1 else self.words

    @property
    def family(self) -> str:
        """Family-name word (the last word), empty for a one-word name."""
        return self.words[-1] if len(self.words) > 1 else ""


def split_parent(text: str) -> tuple[str, str]:
    """Split "X son of Y" / "X bin Y" / "X فرزند Y" into (X, Y); Y is "" when absent."""
    for pattern in (_LATIN_PARENT_OF, _PERSIAN_PARENT_OF):
        match = pattern.search(text)
        if match and text[: match.start()].strip() and text[match.end() :].strip():
            return text[: match.start()].strip(), text[match.end() :].strip()
    return text, ""


def unify_infixes(text: str) -> str:
    """Spell the Arabic article in Latin compounds one way (Abdul/Abdol, -ullah/-ollah, ed-Din)."""
    for pattern, replacement in _LATIN_INFIXES:
        text = pattern.sub(replacement, text)
    return text


# Titles that, written after the given name, begin a compound family name (Mostafa Seyed
# Rezaei ~ مصطفی سیدرضایی, Hossein Mir Bagheri ~ حسین میرباقری).
FAMILY_PREFIX_TITLES = frozenset({"mir", "seyed", "seyyed", "sayed", "sayyed", "haj", "hajj"})


def _attach_prefixes(words: list[str]) -> list[str]:
    """Attach an article to the word it belongs to, and a title written inside the name to
    the family name it begins: Persian writes both joined (مصورالملک Mossavar al-Molk,
    الجبوری al-Jubouri, میرباقری Mir Bagheri)."""
    out: list[str] = []
    for index, word in enumerate(words):
        previous = words[index - 1] if index else ""
        attach = previous in ARTICLES or (
            previous in FAMILY_PREFIX_TITLES and index >= 2 and words[index - 2] not in LATIN_TITLES
        )
        if attach and out:
            out[-1] += word
        else:
            out.append(word)
    return out


def _strip_titles(words: list[str], script: Script) -> tuple[list[str], list[str]]:
    titles_set = PERSIAN_TITLES if script == "fa" else LATIN_TITLES
    if script != "fa":
        words = _attach_prefixes(words)
    kept = [w for w in words if w not in titles_set and w not in ARTICLES]
    titles = [w for w in words if w in titles_set]
    if not kept:  # a name made only of titles (Mirza) is a name
        return words, []
    first = kept[0]
    for prefix in ATTACHED_TITLE_PREFIXES:
        if first.startswith(prefix) and len(first) - len(prefix) >= 3:
            kept[0] = first[len(prefix) :]
            titles.append(prefix)
            break
    for i, word in enumerate(kept[:-1]):  # given names only: Sadat can end a family name
        for suffix in ATTACHED_TITLE_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                kept[i] = word[: -len(suffix)]
                titles.append(suffix)
    return kept, titles


def _join_servant_of(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        if out and out[-1] in SERVANT_OF:  # عبد الله, Abd al-Karim: one given name
            out[-1] += word
        else:
            out.append(word)
    return out


def _join_detached_endings(
    words: list[str], script: Script
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Join a detached ending (Hassan Nejad) to its stem, keys joined per part so that the
    seam keeps both letters (Hassan-Nejad is not Hasanejad). Returns words, sound keys and
    vowel keys."""
    endings = PERSIAN_DETACHED_ENDINGS if script == "fa" else LATIN_DETACHED_ENDINGS
    out_words: list[str] = []
    out_keys: list[str] = []
    out_vowels: list[str] = []
    for word in words:
        key = sound_key(word, script)
        vowels = latin_vowel_key(word) if word.isascii() else key
        if out_words and word in endings and len(out_words) > 1:
            out_words[-1] += word
            out_keys[-1] += key
            out_vowels[-1] += vowels
        else:
            out_words.append(word)
            out_keys.append(key)
            out_vowels.append(vowels)
    return tuple(out_words), tuple(out_keys), tuple(out_vowels)


def parse_name(text: str) -> ParsedName:
    """Normalise and parse a full name in either script.

    >>> parse_name("Seyed Mohammad-Reza Khodabandeh").words
    ('mohammad', 'reza', 'khodabandeh')
    """
    main, father = split_parent(text)
    main = _HYPHENATED_PREFIX.sub(r"\1", main)  # Mir-Hosseini is one family name
    normalised, script = normalise_name(main)
    if script in ("latn", "mixed"):
        normalised = unify_infixes(normalised)
    stripped, titles = _strip_titles(normalised.split(), script)
    words, keys, vowels = _join_detached_endings(_join_servant_of(stripped), script)
    father_text = normalise_name(father)[0] if father else ""
    return ParsedName(text, script, words, tuple(titles), father_text, keys, vowels)


def strip_surname_ending(word: str, script: Script) -> str:
    """Return the stem of a family name without its ending (Hosseinzadeh → hossein)."""
    endings = PERSIAN_ENDINGS if script == "fa" else LATIN_ENDINGS
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def name_skeleton(parsed: ParsedName) -> str:
    """Consonant skeleton of the whole name, words joined (so compounds split or not agree)."""
    return joined_skeleton(parsed.keys)
