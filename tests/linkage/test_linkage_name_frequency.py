"""Frequency weighting of shared name parts, look-alike consonants, and the Latin "dh" rule."""

from __future__ import annotations

import duckdb
import pytest

from peyvand.linkage.internals.batch import make_linker, splink_settings
from peyvand.linkage.internals.comparisons import condition_holds
from peyvand.linkage.internals.keys import (
    latin_sound_key,
    look_alike_skeleton,
    persian_sound_key,
    skeleton,
)
from peyvand.linkage.internals.name_features import (
    EXTENDED,
    EXTENDED_SKELETONS,
    name_comparisons,
    name_values,
)
from peyvand.linkage.internals.names import load_name_model, load_name_table, name_term_frequencies
from peyvand.linkage.internals.scoring import match_weight


def test_inner_dh_is_d_then_h_but_initial_dh_is_zal() -> None:
    assert latin_sound_key("mohammadhadi") == persian_sound_key("محمدهادی")
    assert latin_sound_key("mohammadhossein") == persian_sound_key("محمدحسین")
    assert latin_sound_key("dhabih") == persian_sound_key("ذبیح")


def test_frequency_comparisons_weigh_only_by_frequency() -> None:
    model = load_name_model()
    weighed = [c for c in model.comparisons if c.name.endswith("_frequency")]
    assert {c.name for c in weighed} == {"first_frequency", "family_frequency"}
    for comparison in weighed:
        for level in comparison.levels:
            assert level.m_probability == level.u_probability
    assert [c.name for c in name_comparisons(frequency=False)][-1] == "given_and_family"


def _file_with(common: str, rare: str) -> list[tuple[str, str]]:
    names = [("fa-common", f"رضا {common[0]}"), ("la-common", f"Reza {common[1]}")]
    names += [("fa-rare", f"رضا {rare[0]}"), ("la-rare", f"Reza {rare[1]}")]
    # Many other people share the common family name.
    names += [(f"other-{i}", f"Name{chr(97 + i % 26)}{i} {common[1]}") for i in range(60)]
    return names


def test_a_rare_shared_family_name_weighs_more_than_a_common_one() -> None:
    model = load_name_model()
    names = _file_with(("حسینی", "Hosseini"), ("خدابنده", "Khodabandeh"))
    values = {record_id: name_values(name) for record_id, name in names}
    frequencies = name_term_frequencies(values.values(), model)
    count = len(names)
    common = match_weight(model, values["fa-common"], values["la-common"], count, frequencies)
    rare = match_weight(model, values["fa-rare"], values["la-rare"], count, frequencies)
    assert rare > common + 1.0


def test_python_and_splink_agree_with_term_frequencies() -> None:
    model = load_name_model()
    names = _file_with(("حسینی", "Hosseini"), ("خدابنده", "Khodabandeh"))
    con = duckdb.connect()
    count = load_name_table(con, names, model)
    linker = make_linker(con, ["names_in"], splink_settings(model, count))
    table = linker.inference.predict(warning_mode="never").physical_name
    rows = con.execute(f"SELECT unique_id_l, unique_id_r, match_weight FROM {table}").fetchall()  # noqa: S608 - Splink's own table name
    values = {record_id: name_values(name) for record_id, name in names}
    frequencies = name_term_frequencies(values.values(), model)
    assert rows
    for left, right, weight in rows:
        expected = match_weight(model, values[left], values[right], count, frequencies)
        assert expected == pytest.approx(weight, abs=1e-6)


@pytest.mark.parametrize(
    ("persian", "latin"),
    [
        ("شهلا", "chahla"),
        ("قربان", "gorban"),
        ("جرج", "george"),
        ("پرویز", "barviz"),
        ("زمانی", "samani"),
    ],
)
def test_look_alike_consonants_share_a_key(persian: str, latin: str) -> None:
    fa, la = persian_sound_key(persian), latin_sound_key(latin)
    assert skeleton(fa) != skeleton(la)
    assert look_alike_skeleton(fa) == look_alike_skeleton(la)


def test_look_alike_key_keeps_other_consonants_apart() -> None:
    assert look_alike_skeleton(persian_sound_key("هاشم")) != look_alike_skeleton(
        latin_sound_key("hasan")
    )
    assert look_alike_skeleton(latin_sound_key("karimi")) != look_alike_skeleton(
        latin_sound_key("rahimi")
    )


def test_extra_words_after_words_with_the_same_consonants() -> None:
    short, long = name_values("مرتضی واعظی"), name_values("Morteza Vaezi Dehnavi")
    assert not condition_holds(EXTENDED, short, long)
    assert condition_holds(EXTENDED_SKELETONS, short, long)
    assert not condition_holds(EXTENDED_SKELETONS, short, name_values("Morteza Rahimi Vaezi"))
