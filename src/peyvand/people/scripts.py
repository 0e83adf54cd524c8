"""Which script a written name is in."""

from __future__ import annotations

import unicodedata

from peyvand.people.models import Script


def detect_script(text: str) -> str:
    """Return ``fa`` when the text has Arabic-script letters, ``latn`` for Latin, else ``other``."""
    has_latin = False
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("ARABIC"):
            return Script.PERSIAN
        if name.startswith("LATIN"):
            has_latin = True
    return Script.LATIN if has_latin else Script.OTHER
