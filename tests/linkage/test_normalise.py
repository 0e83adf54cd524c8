"""Every Persian and Latin normalisation rule, one test each."""

from __future__ import annotations

import pytest

from peyvand.linkage.internals.normalise import (
    detect_script,
    fold_digits,
    normalise_latin,
    normalise_name,
    normalise_persian,
)


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("علي", "علی"),  # Arabic yeh → Persian yeh
        ("مصطفى", "مصطفی"),  # alef maksura → yeh
        ("كريمي", "کریمی"),  # Arabic kaf → Persian kaf
        ("فاطمة", "فاطمه"),  # teh marbuta → heh
        ("خانۀ", "خانه"),  # heh with hamza above → heh
        ("أحمد", "احمد"),  # alef with hamza above
        ("إبراهيم", "ابراهیم"),  # alef with hamza below
        ("آرش", "ارش"),  # alef madda
        ("ٱلله", "الله"),  # alef wasla
        ("مؤمن", "مومن"),  # waw with hamza
        ("محـــمد", "محمد"),  # tatweel
        ("مُحَمَّد", "محمد"),  # harakat and shadda
    ],
)
def test_persian_letter_variants_fold(written: str, folded: str) -> None:
    assert normalise_persian(written) == folded


def test_zwnj_joined_reading_is_the_default() -> None:
    assert normalise_persian("خامنه\u200cای") == "خامنهای"


def test_zwnj_split_reading_on_request() -> None:
    assert normalise_persian("خامنه\u200cای", zwnj="split") == "خامنه ای"


def test_persian_and_arabic_indic_digits_become_ascii() -> None:
    assert fold_digits("۱۳۴۵ و ١٣٤٥") == "1345 و 1345"


def test_persian_spaces_collapse() -> None:
    assert normalise_persian("  محمد   رضا ") == "محمد رضا"


def test_latin_case_and_diacritics() -> None:
    assert normalise_latin("ḤOSEYN Rezā") == "hoseyn reza"


def test_latin_hyphens_become_spaces() -> None:
    assert normalise_latin("Mohammad-Reza") == "mohammad reza"


def test_latin_apostrophes_are_dropped() -> None:
    assert normalise_latin("Ja'far Sa’id") == "jafar said"


@pytest.mark.parametrize(
    ("text", "script"),
    [("محمد", "fa"), ("Mohammad", "latn"), ("", "none"), ("Ali علی", "mixed")],
)
def test_script_detection(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_mixed_script_names_keep_both_parts() -> None:
    text, script = normalise_name("Ali حسيني")
    assert script == "mixed"
    assert text == "ali حسینی"
