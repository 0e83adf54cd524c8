"""Cross-script keys for the classic variant sets, and name parsing rules."""

from __future__ import annotations

import pytest

from peyvand.linkage.internals.keys import persian_sound_key
from peyvand.linkage.internals.name_features import name_values
from peyvand.linkage.internals.parsing import parse_name, split_parent, strip_surname_ending


def _sound(name: str) -> str:
    return str(name_values(name)["name_sound"])


def _skeleton(name: str) -> str:
    return str(name_values(name)["name_skeleton"])


@pytest.mark.parametrize(
    "variants",
    [
        ["Mohammad", "Muhammad", "Mohamad", "Mohammed", "محمد"],
        ["Hossein", "Hosein", "Hussein", "حسین"],
        ["Khodabandeh", "Khodabande", "خدابنده"],
        ["Mohammadreza", "Mohammad Reza", "محمدرضا", "محمد رضا", "Mohammad-Reza"],
    ],
)
def test_classic_variants_share_a_skeleton(variants: list[str]) -> None:
    assert len({_skeleton(v) for v in variants}) == 1


def test_sound_key_keeps_long_vowels_apart() -> None:
    assert _sound("Hossein") == _sound("حسین") == _sound("Hoseyn")
    assert _sound("Hasan") == _sound("حسن")
    assert _sound("Hasan") != _sound("Hossein")


@pytest.mark.parametrize(
    ("latin", "persian"),
    [
        ("Ghasemi", "قاسمی"),
        ("Qasemi", "قاسمی"),
        ("Mousavi", "موسوی"),
        ("Rezaei", "رضایی"),
        ("Rezaee", "رضائی"),
        ("Fatemeh", "فاطمه"),
        ("Abbas", "عباس"),
        ("Nasrollah", "نصرالله"),
        ("Nasrullah", "نصرالله"),
        ("Abdul-Reza", "عبدالرضا"),
        ("Abdolreza", "عبدالرضا"),
        ("Nasreddin", "نصرالدین"),
        ("Zhaleh", "ژاله"),
    ],
)
def test_latin_and_persian_spellings_share_a_sound_key(latin: str, persian: str) -> None:
    assert _sound(latin) == _sound(persian)


@pytest.mark.parametrize("letters", ["ثسص", "ذزضظ", "تط", "غق", "حه", "جژ"])
def test_letters_sharing_a_sound_share_a_class(letters: str) -> None:
    assert len({persian_sound_key("ب" + letter + "ر") for letter in letters}) == 1


def test_ain_and_alef_starting_a_word_mark_a_vowel_start() -> None:
    assert persian_sound_key("علی") == persian_sound_key("الی") == _sound("Ali")
    assert _sound("Azari") != _sound("Zarei")


def test_ain_and_hamza_inside_a_word_carry_no_consonant() -> None:
    assert persian_sound_key("سعید") == persian_sound_key("سید")
    assert persian_sound_key("رضائی") == persian_sound_key("رضایی")


def test_silent_heh_before_a_joined_suffix() -> None:
    assert _sound("خدابندهلو") == _sound("Khodabandelou")
    assert _sound("شنبهزاده") == _sound("Shanbezadeh")


def test_hyphenated_mir_stays_part_of_the_family_name() -> None:
    assert _sound("Ziba Mir-Hosseini") == _sound("زیبا میرحسینی")


def test_titles_are_set_aside() -> None:
    parsed = parse_name("Haj Seyed Mohammad Hosseini")
    assert parsed.words == ("mohammad", "hosseini")
    assert set(parsed.titles) == {"haj", "seyed"}
    assert parse_name("سید محمد حسینی").words == ("محمد", "حسینی")
    assert parse_name("Seyedmohammad Hosseini").words == ("mohammad", "hosseini")


@pytest.mark.parametrize("title", ["Sadat", "Mirza", "Sheikh", "Karbalaei", "Mashhadi", "Mir"])
def test_each_title_is_recognised(title: str) -> None:
    assert parse_name(f"{title} Ali Ahmadi").words == ("ali", "ahmadi")


def test_a_name_made_of_a_title_stays_a_name() -> None:
    assert parse_name("Mirza").words == ("mirza",)


def test_son_of_moves_the_rest_to_father() -> None:
    assert split_parent("Ali son of Hossein") == ("Ali", "Hossein")
    assert split_parent("Maryam daughter of Reza") == ("Maryam", "Reza")
    parsed = parse_name("علی فرزند حسین")
    assert parsed.words == ("علی",)
    assert parsed.father == "حسین"


def test_detached_surname_endings_join_their_stem() -> None:
    assert parse_name("Ahmad Danesh Zadeh").words == ("ahmad", "daneshzadeh")
    assert parse_name("احمد دانش زاده").words == ("احمد", "دانشزاده")


@pytest.mark.parametrize(
    ("family", "stem"),
    [
        ("hosseinzadeh", "hossein"),
        ("rahimpour", "rahim"),
        ("karimnejad", "karim"),
        ("sadeghifar", "sadeghi"),
        ("rezaian", "reza"),
        ("hosseini", "hossein"),
    ],
)
def test_surname_endings_strip_to_stem(family: str, stem: str) -> None:
    assert strip_surname_ending(family, "latn") == stem


def test_surname_ending_spellings_share_keys() -> None:
    assert _sound("Hosseinzadeh") == _sound("Hosseinzade") == _sound("حسینزاده")
    assert _sound("Rahimpour") == _sound("Rahimpoor") == _sound("رحیمپور")
    assert _skeleton("Karimnejad") == _skeleton("Karimnezhad") == _skeleton("کریمنژاد")
    assert _sound("Shamlou") == _sound("Shamloo") == _sound("شاملو")
    assert _sound("Rezaian") == _sound("Rezayan")


def test_compound_given_name_split_or_joined() -> None:
    joined, split = name_values("محمدرضا خدابنده"), name_values("Mohammad Reza Khodabande")
    assert joined["name_skeleton"] == split["name_skeleton"]


def test_only_ed_din_assimilates_the_article() -> None:
    assert _sound("Khaledi") == _sound("خالدی")
    assert _sound("Shamseddin") == _sound("شمسالدین")


def test_detached_ending_keeps_both_letters_at_the_seam() -> None:
    assert _sound("Hassan-Nejad") == _sound("حسننژاد")


def test_word_initial_vav_and_ye_are_consonants() -> None:
    assert _sound("Vahid") == _sound("وحید") == _sound("Wahid")
    assert _sound("Yazdani") == _sound("یزدانی")
    assert _skeleton("Vahid") != _skeleton("Hadi")
    assert _skeleton("Yusefi") != _skeleton("صفا")
    assert _sound("Iraj") == _sound("ایرج")  # alef then ye: a vowel start, not a consonant


def test_initial_vav_inside_a_joined_compound_reads_as_a_vowel() -> None:
    assert _skeleton("محمدولی") == _skeleton("Mohammad Vali") == _skeleton("Mohammad-Vali")
    loose = {str(name_values(n)["name_loose_skeleton"]) for n in ("محمدولی", "Mohammad Vali")}
    assert len(loose) == 1


def test_sadat_attached_to_a_given_name_is_a_title() -> None:
    for name in ("زهرهسادات لاجوردی", "Zohreh-Sadat Lajevardi", "Zohrehsadat Lajevardi"):
        values = name_values(name)
        assert values["titles"] == name_values("Seyed Ali")["titles"]
        assert values["name_sound"] == _sound("Zohreh Lajevardi")
