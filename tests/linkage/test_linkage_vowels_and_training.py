"""Long-vowel fit between Persian and Latin spellings, joined prefixes, and name-model training."""

from __future__ import annotations

import duckdb
import pytest

from peyvand.linkage.internals.comparisons import Comparison, Level, condition_holds
from peyvand.linkage.internals.keys import latin_vowel_key, persian_sound_key, persian_vowel_pattern
from peyvand.linkage.internals.name_features import given_and_family_axes, name_values
from peyvand.linkage.internals.names import load_name_model, load_name_table
from peyvand.linkage.internals.training import factorise_u

FITS = {"kind": "fits_pattern", "column": "given_vowels", "pattern": "given_pattern"}


def _fits(persian: str, latin: str) -> bool:
    return condition_holds(FITS, name_values(persian), name_values(latin))


@pytest.mark.parametrize(
    ("persian", "latin"),
    [
        ("نرگس", "Nargis"),  # a short vowel Persian leaves unwritten
        ("محسن", "Muhsin"),
        ("حسین", "Hossein"),
        ("موسوی", "Mosavi"),  # و written as a plain o
        ("مجتبی", "Mojtaba"),  # a final ی read as a
        ("سلیمانی", "Soleymani"),
    ],
)
def test_faithful_latin_spellings_fit_the_persian_vowels(persian: str, latin: str) -> None:
    assert _fits(persian, latin)


@pytest.mark.parametrize(
    ("persian", "latin"),
    [("حسن", "Hossein"), ("حسین", "Hassan"), ("محمد", "Mahmoud"), ("کریمی", "Karami")],
)
def test_a_missing_or_extra_long_vowel_does_not_fit(persian: str, latin: str) -> None:
    assert not _fits(persian, latin)


def test_vowel_key_marks_only_certain_long_vowels() -> None:
    assert latin_vowel_key("hossein") == "hsIn"
    assert latin_vowel_key("muhsin") == "muhsin"
    assert persian_vowel_pattern(persian_sound_key("حسین")).startswith("^")


def test_duckdb_and_python_agree_on_the_vowel_fit() -> None:
    names = [("a", "حسین"), ("b", "Hossein"), ("c", "Hassan"), ("d", "نرگس"), ("e", "Nargis")]
    model = load_name_model()
    con = duckdb.connect()
    count = load_name_table(con, names, model)
    assert count == len(names)
    sql = (
        "SELECT l.unique_id, r.unique_id, regexp_full_match(r.given_vowels, l.given_pattern) "
        "FROM names_in l, names_in r WHERE l.given_pattern IS NOT NULL "
        "AND r.given_vowels IS NOT NULL"
    )
    values = dict(names)
    for left, right, fits in con.execute(sql).fetchall():
        assert bool(fits) == _fits(values[left], values[right]), (left, right)


@pytest.mark.parametrize(
    ("persian", "latin"),
    [
        ("مهدی مصورالملک", "Mehdi Mossavar al-Molk"),  # article joined in Persian
        ("احمد الجبوری", "Ahmad al-Jubouri"),
        ("حسن میرباقری", "Hassan Mir Bagheri"),  # title starting a family name
        ("مصطفی سیدرضایی", "Mostafa Seyed Rezaei"),
        ("حسین حیدری", "Hosejn Hejdari"),  # ی written j after e
        ("اردشیر", "Ardeszir"),  # Polish sz
        ("احمد ساعتچیان", "Ahmad Sa'atchian"),  # ت heard inside چ
    ],
)
def test_joined_prefixes_and_foreign_spellings_share_a_skeleton(persian: str, latin: str) -> None:
    assert name_values(persian)["name_skeleton"] == name_values(latin)["name_skeleton"]


def test_a_leading_title_is_still_set_aside() -> None:
    assert name_values("Seyed Ali Hosseini")["name_text"] == "ali hosseini"


def test_joint_u_is_the_product_of_the_parts_u() -> None:
    levels = [Level("missing", {"kind": "else"}, "", is_null=True)]
    u = {("a", "x"): 0.5, ("a", "y"): 0.1, ("b", "x"): 0.4, ("b", "y"): 0.0}
    for (g, f), value in u.items():
        levels.append(Level(f"given {g} / family {f}", {"kind": "else"}, "", u_probability=value))
    comparison = Comparison("given_and_family", "t", "c", levels)
    factorise_u(comparison, given_and_family_axes(comparison))
    by_label = {lv.label: lv.u_probability for lv in comparison.levels}
    assert by_label["given a / family x"] == pytest.approx(0.6 * 0.9)
    assert by_label["given b / family y"] == pytest.approx(0.4 * 0.1)
    assert sum(v for v in by_label.values() if v) == pytest.approx(1.0)
