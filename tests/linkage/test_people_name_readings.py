"""Name-only requests: a direct reading outweighs a swapped one; a female form is its own name."""

from __future__ import annotations

from peyvand.linkage.internals.keys import has_feminine_ending
from peyvand.linkage.internals.online import OnlineIndex
from peyvand.linkage.internals.people import Record
from peyvand.linkage.internals.people_batch import link_people, load_default_people_model

REGISTRY = [
    Record("direct-1", ("Mohammad Rezaei",)),
    Record("direct-2", ("Mohammad Rezaee",)),
    Record("direct-3", ("Mohamad Rezaei",)),
    Record("direct-4", ("Mohammad Rezaei",)),
    Record("swapped", ("Reza Mohammadi",)),
    Record("mehdi", ("Mehdi Sadeghi",)),
    Record("mahdieh", ("Mahdieh Sadeghi",)),
    Record("other", ("Ali Ahmadi",)),
]


def _weights(query: str) -> dict[str, float]:
    index = OnlineIndex(load_default_people_model())
    index.add(REGISTRY)
    found = index.candidates(Record("q", (query,)), top_n=20)
    return {pair.record_id_r: pair.match_weight for pair in found}


def test_a_common_name_read_directly_outweighs_its_words_swapped() -> None:
    weights = _weights("محمد رضایی")
    assert min(weights[f"direct-{i}"] for i in range(1, 5)) > weights["swapped"]


def test_the_batch_path_orders_the_readings_the_same_way() -> None:
    pairs = link_people([Record("q", ("محمد رضایی",))], REGISTRY, threshold=0.0)
    weights = {pair.record_id_r: pair.match_weight for pair in pairs}
    assert weights["direct-1"] > weights["swapped"]


def test_a_female_form_is_not_the_same_sound() -> None:
    assert has_feminine_ending("مهدیه", "fa") and has_feminine_ending("mahdieh", "latn")
    assert has_feminine_ending("alieh", "latn") and has_feminine_ending("marzie", "latn")
    assert not has_feminine_ending("مهدی", "fa") and not has_feminine_ending("mahdi", "latn")
    index = OnlineIndex(load_default_people_model())
    index.add(REGISTRY)
    found = {p.record_id_r: p for p in index.candidates(Record("q", ("مهدی صادقی",)), top_n=20)}
    mahdieh = found["mahdieh"]
    texts = " ".join(e.text for e in mahdieh.explanation)
    assert "same sound in both scripts — مهدی صادقی" not in texts
    assert "female ending" in texts
    assert mahdieh.match_probability < 0.6
    given = next(e for e in mahdieh.explanation if e.field == "given_name")
    assert given.level == "female form"


def test_a_female_form_with_the_sex_given_falls_far_behind() -> None:
    index = OnlineIndex(load_default_people_model())
    index.add(
        [
            Record("mehdi", ("Mehdi Sadeghi",), sex="m", birth_year=1980),
            Record("mahdieh", ("Mahdieh Sadeghi",), sex="f", birth_year=1980),
        ]
    )
    query = Record("q", ("مهدی صادقی",), sex="m", birth_year=1980)
    found = {p.record_id_r: p for p in index.candidates(query, top_n=5)}
    assert found["mehdi"].match_weight > found["mahdieh"].match_weight + 5
