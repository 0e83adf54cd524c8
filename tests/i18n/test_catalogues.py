"""Every user-facing string is translated into Persian and Albanian, placeholders intact."""

from __future__ import annotations

import re
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest

import peyvand

LOCALE = Path(peyvand.__file__).resolve().parent / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@pytest.mark.parametrize("language", ["fa", "sq"])
def test_catalogue_is_complete(language: str) -> None:
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 50
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["fa", "sq"])
def test_placeholders_survive_translation(language: str) -> None:
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    for entry in catalogue.translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            if entry.msgid_plural and not expected:
                continue
            assert sorted(PLACEHOLDER.findall(text)) == expected or (
                entry.msgid_plural and set(PLACEHOLDER.findall(text)) <= set(expected)
            ), entry.msgid


def test_persian_uses_persian_letters_not_arabic() -> None:
    catalogue = polib.pofile(str(LOCALE / "fa" / "LC_MESSAGES" / "django.po"))
    for entry in catalogue.translated_entries():
        assert "ي" not in entry.msgstr and "ك" not in entry.msgstr, entry.msgid
