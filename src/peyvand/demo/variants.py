"""Spelling rules that turn one romanisation of a Persian name into another plausible one.

The shared clusters give real variation for names many people share; these rules add the
variation that clerks, passports and the people themselves produce for rarer names too.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class SpellingRule:
    """Replace the first match of ``pattern`` with one of ``replacements`` (regex templates)."""

    pattern: re.Pattern[str]
    replacements: tuple[str, ...]

    def apply(self, spelling: str, rng: random.Random) -> str:
        return self.pattern.sub(rng.choice(self.replacements), spelling, count=1)


def _rule(pattern: str, *replacements: str) -> SpellingRule:
    return SpellingRule(re.compile(pattern), replacements)


LATIN_RULES: tuple[SpellingRule, ...] = (
    _rule(r"eh\b", "e", "ah"),  # Fatemeh, Zadeh
    _rule(r"(?<=[a-z])e\b", "eh"),  # Fateme
    _rule(r"ou", "u", "oo"),  # Mahmoud, Mousavi
    _rule(r"oo", "ou", "u"),
    _rule(r"(?<=[bcdfghjklmnprstvz])u(?=[bcdfghjklmnprstvz])", "ou", "oo"),  # Yusef
    _rule(r"Moham+ad", "Mohamad", "Mohammed", "Muhammad", "Mohammad"),
    _rule(r"i\b", "y", "ee", "ie"),  # Karimi, Hosseini
    _rule(r"\bGh", "Q"),  # Ghasemi
    _rule(r"\bQ", "Gh"),
    _rule(r"(?<=[a-z])gh", "q"),  # Sadeghi
    _rule(r"ss", "s"),  # Hassan, Massoud
    _rule(r"(?<=[aeiou])s(?=[aeiou])", "ss"),
    _rule(r"mm", "m"),
    _rule(r"ei", "ey", "ai"),  # Heidari
    _rule(r"ey", "ei"),
    _rule(r"zadeh\b", "zade", "-Zadeh", " Zadeh"),
    _rule(r"pour\b", "poor", "pur", "-Pour"),
    _rule(r"nejad\b", "nezhad", "nejhad", "-Nejad"),
    _rule(r"lou\b", "loo", "lu"),
    _rule(r"(?<=[a-z])ian\b", "yan"),
    _rule(r"\bAbdol", "Abdul", "Abdel", "Abdol-"),
    _rule(r"ollah\b", "ullah", "olah", "allah"),
    _rule(r"aa", "a"),
    _rule(r"kh", "x", "h"),
)

# Compound given names written joined, hyphenated or as two words: Mohammadreza, Mohammad-Reza.
_COMPOUND_HEADS = ("Mohammad", "Mohamad", "Ali", "Amir", "Gholam", "Hossein", "Abol", "Mir")
_COMPOUND = re.compile(
    r"^(" + "|".join(_COMPOUND_HEADS) + r")[\- ]?([A-Za-z]{3,})$", flags=re.IGNORECASE
)

TITLES_FA = ("سید", "سیده", "حاج", "میر")
TITLES_LATIN: dict[str, tuple[str, ...]] = {
    "سید": ("Seyed", "Seyyed", "Sayed", "Sayyid", "Seyd"),
    "سیده": ("Seyedeh", "Sayedeh", "Seyyedeh"),
    "حاج": ("Haj", "Hadj", "Hajji"),
    "میر": ("Mir",),
}


def vary_latin(spelling: str, rng: random.Random) -> str:
    """One plausible respelling of ``spelling``, or ``spelling`` itself when no rule applies."""
    compound = _COMPOUND.match(spelling)
    if compound and rng.random() < 0.5:
        head, tail = compound.group(1), compound.group(2)
        joiner = rng.choice(("", "-", " "))
        return f"{head}{joiner}{tail.capitalize() if joiner else tail.lower()}"
    candidates = [rule for rule in LATIN_RULES if rule.pattern.search(spelling)]
    if not candidates:
        return spelling
    varied = rng.choice(candidates).apply(spelling, rng)
    return varied[:1].upper() + varied[1:]


# Keyboards set to Arabic type ي and ك; compound surnames are written joined, with ZWNJ or spaced.
_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})
_PERSIAN_SUFFIX = re.compile(r"(?<=\S)\u200c?(زاده|پور|نژاد)$")


def vary_persian(name: str, rng: random.Random) -> str:
    """Persian-script noise that a form or import really sees; the letters of the name stay."""
    suffix = _PERSIAN_SUFFIX.search(name)
    if suffix and rng.random() < 0.6:
        joiner = rng.choice(("", "\u200c", " "))
        return f"{name[: suffix.start()]}{joiner}{suffix.group(1)}"
    return name.translate(_ARABIC_LETTERS)
