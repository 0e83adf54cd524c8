"""Person levels and blocking for noisy requests, and the generator's spelling frequencies."""

from __future__ import annotations

from collections import Counter

from peyvand.linkage.internals.online import OnlineIndex
from peyvand.linkage.internals.people import Record, birth_comparison, record_values
from peyvand.linkage.internals.people_batch import load_default_people_model
from peyvand.linkage.internals.scoring import pair_evidence
from peyvand.linkage.internals.synthetic import PeopleGenerator


def _birth_level(left: int, right: int) -> str:
    comparison = birth_comparison()
    a = record_values(Record("a", ("Ali Ahmadi",), birth_year=left))
    b = record_values(Record("b", ("Ali Ahmadi",), birth_year=right))
    return comparison.levels[comparison.level_for(a, b)].label


def test_a_jalali_year_a_year_or_two_off_has_its_own_level() -> None:
    assert _birth_level(1345, 1966) == "Jalali vs Gregorian"
    assert _birth_level(1367, 1986) == "Jalali vs Gregorian ±2"  # 1367 is 1988
    assert _birth_level(1986, 1367) == "Jalali vs Gregorian ±2"
    assert _birth_level(1300, 1986) == "different"


def test_a_typo_in_both_names_still_meets_on_father_and_year() -> None:
    registered = Record(
        "reg-1", ("Xaniar Ebrahimi",), birth_year=1991, father_name="Golnoush", sex="m"
    )
    request = Record("req-1", ("زانیار ابرایمی",), birth_year=1991, father_name="گلنوش")
    index = OnlineIndex(load_default_people_model())
    index.add([registered])
    assert "reg-1" in index.candidate_ids(record_values(request))


def test_a_common_consonant_skeleton_is_weak_evidence() -> None:
    """Hassan and Hossein share the skeleton HSN: worth little where HSN is common."""
    model = load_default_people_model()
    left = record_values(Record("a", ("حسن تاجیک",)))
    right = record_values(Record("b", ("Hossein Tajik",)))
    assert left["given_skeleton"] == right["given_skeleton"]

    def given_weight(share: float) -> float:
        frequencies = {"given_skeleton": {left["given_skeleton"]: share}}
        evidence = pair_evidence(model, left, right, frequencies)
        return next(e.weight for e in evidence if e.field == "given_name")

    assert given_weight(0.08) < given_weight(0.0001) - 5


def test_spellings_are_drawn_as_often_as_they_are_attested() -> None:
    given = [[("سعید", 1.0), ("Saeed", 74.0), ("Saeid", 62.0), ("Steve", 1.0)]]
    family = [[("احمدی", 1.0), ("Ahmadi", 63.0)]]
    places = [["تهران", "Tehran"]]
    generator = PeopleGenerator(given, family, places, seed=4)
    person = generator.person("p1")
    firsts = Counter(generator.registry_record(person).names[0].split()[0] for _ in range(3000))
    latin = sum(n for name, n in firsts.items() if name != "سعید")
    assert firsts["Saeed"] > 10 * firsts["Steve"]
    assert firsts["Steve"] < 0.03 * latin
    plain = PeopleGenerator([["Saeed", "Steve"]], [["Ahmadi", "Ahmady"]], places, seed=4)
    plain_firsts = Counter(
        plain.registry_record(plain.person("p1")).names[0].split()[0] for _ in range(2000)
    )
    assert plain_firsts["Steve"] > 800  # unweighted sets draw every spelling equally
