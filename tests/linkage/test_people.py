"""Person-level model: batch and online agree, explanations read well, EM recovers m."""

from __future__ import annotations

from collections import Counter

import pytest

from peyvand.linkage.comparisons import Comparison
from peyvand.linkage.model import LinkageModel
from peyvand.linkage.online import OnlineIndex
from peyvand.linkage.people import (
    PEOPLE_BLOCKING_RULES,
    Record,
    people_comparisons,
    record_values,
)
from peyvand.linkage.people_batch import (
    dedupe_people_weights,
    link_people,
    load_default_people_model,
)
from peyvand.linkage.synthetic import LinkageTask, NoiseRates, PeopleGenerator, make_task
from peyvand.linkage.training import train_by_em

# A small hand-written pool of name variants (test data, not engine data).
GIVEN = [
    ["محمد", "Mohammad", "Mohamad", "Muhammad"],
    ["علی", "Ali"],
    ["حسین", "Hossein", "Hosein", "Hussein"],
    ["رضا", "Reza"],
    ["زهرا", "Zahra"],
    ["فاطمه", "Fatemeh", "Fateme"],
    ["مریم", "Maryam", "Mariam"],
    ["مهدی", "Mehdi", "Mahdi"],
    ["محمدرضا", "Mohammadreza", "Mohammad Reza"],
    ["سعید", "Saeed", "Saeid"],
    ["نرگس", "Narges"],
    ["کاوه", "Kaveh", "Kave"],
    ["شیرین", "Shirin"],
    ["بهروز", "Behrouz", "Behrooz"],
    ["پروین", "Parvin"],
    ["امید", "Omid"],
    ["لیلا", "Leila", "Layla"],
    ["جواد", "Javad"],
    ["سارا", "Sara"],
    ["حمید", "Hamid"],
]
FAMILY = [
    ["حسینی", "Hosseini", "Hoseini"],
    ["احمدی", "Ahmadi"],
    ["محمدی", "Mohammadi"],
    ["رضایی", "Rezaei", "Rezaee"],
    ["خدابنده", "Khodabandeh", "Khodabande"],
    ["قاسمی", "Ghasemi", "Qasemi"],
    ["موسوی", "Mousavi", "Musavi"],
    ["کریمی", "Karimi"],
    ["جعفری", "Jafari", "Jafary"],
    ["صادقی", "Sadeghi", "Sadeqi"],
    ["نوری", "Nouri", "Noori"],
    ["رحیمپور", "Rahimpour", "Rahimpoor"],
    ["کاظمی", "Kazemi"],
    ["یزدانی", "Yazdani"],
    ["شریفی", "Sharifi"],
    ["طاهری", "Taheri"],
    ["بهرامی", "Bahrami"],
    ["فرهادی", "Farhadi"],
    ["ملکی", "Maleki"],
    ["عباسی", "Abbasi"],
    ["نجفی", "Najafi"],
    ["اکبری", "Akbari"],
    ["سلیمانی", "Soleimani", "Soleymani"],
    ["زارعی", "Zarei"],
]
PLACES = [
    ["تهران", "Tehran"],
    ["قزوین", "Qazvin", "Ghazvin"],
    ["مشهد", "Mashhad"],
    ["شیراز", "Shiraz"],
    ["تبریز", "Tabriz"],
    ["اصفهان", "Isfahan", "Esfahan"],
]


SOUGHT = Record(
    "req-1",
    ("محمدرضا خدابنده",),
    birth_year=1345,
    birthplace="قزوین",
    father_name="حسین",
    sex="m",
)
REGISTERED = Record(
    "reg-1",
    ("Mohammad Reza Khodabande",),
    birth_year=1966,
    birthplace="Qazvin",
    father_name="Hossein",
    sex="m",
)


def _task(registry: int, requests: int, seed: int = 5) -> tuple[list[Record], list[Record]]:
    task = make_task(PeopleGenerator(GIVEN, FAMILY, PLACES, seed=seed), registry, requests)
    return task.registry, task.requests


def test_the_issue_example_is_found_and_explained() -> None:
    index = OnlineIndex(load_default_people_model())
    registry, _ = _task(500, 0)
    index.add([*registry, REGISTERED])
    best = index.candidates(SOUGHT, top_n=3)[0]
    assert best.record_id_r == "reg-1"
    assert best.match_probability > 0.9
    texts = {e.field: e.text for e in best.explanation}
    assert texts["birth"].startswith("birth: one year is Jalali, the other Gregorian")
    assert "Khodabande" in texts["whole_name"] and "خدابنده" in texts["whole_name"]
    assert texts["father_name"].startswith("father's name: same sound in both scripts")


def test_batch_and_online_weights_agree() -> None:
    model = load_default_people_model()
    registry, requests = _task(250, 120)
    records = [*registry, *requests]
    batch = dedupe_people_weights(records, model)
    index = OnlineIndex(model)
    index.add(records)
    frequencies = index.term_frequencies()
    values = {r.record_id: record_values(r) for r in records}
    assert len(batch) > 100
    for (left, right), weight in batch.items():
        online = index.score(values[left], right, frequencies).match_weight
        assert online == pytest.approx(weight, abs=1e-6), (left, right)


def test_batch_link_reports_comparisons_and_finds_the_issue_example() -> None:
    registry, _ = _task(300, 0)
    reports: list[str] = []
    pairs = link_people([SOUGHT], [*registry, REGISTERED], threshold=0.5, report=reports.append)
    assert reports and "comparisons" in reports[0]
    best = max(pairs, key=lambda p: p.match_weight)
    assert (best.record_id_l, best.record_id_r) == ("req-1", "reg-1")


def _true_level_shares(task: LinkageTask, comparison: Comparison) -> dict[str, float]:
    """Share of each level among true pairs where both carry a national ID (the EM block)."""
    records = {r.record_id: record_values(r) for r in [*task.registry, *task.requests]}
    counts: Counter[str] = Counter()
    for request, registered in task.truth.items():
        left, right = records[request], records[registered]
        if left["national_id"] and right["national_id"]:
            counts[comparison.levels[comparison.level_for(left, right)].label] += 1
    total = sum(counts.values())
    return {label: n / total for label, n in counts.items()}


def test_em_recovers_known_m_probabilities() -> None:
    noise = NoiseRates(
        missing_year=0.0,
        sex_recorded_wrong=0.05,
        missing_sex=0.0,
        national_id_on_request=0.6,
        national_id_on_registry=0.8,
    )
    task = make_task(PeopleGenerator(GIVEN, FAMILY, PLACES, seed=9, noise=noise), 3000, 2000)
    rows = [record_values(r) for r in [*task.registry, *task.requests]]
    model = LinkageModel("people", people_comparisons(), PEOPLE_BLOCKING_RULES)
    train_by_em(model, rows, [[("national_id", "national_id")]], u_max_pairs=3e5)
    # Fields the generator perturbs independently of the others; name fields share spellings
    # across comparisons, so their m are not conditionally independent and are not asserted.
    for name in ("birth", "sex"):
        comparison = next(c for c in model.comparisons if c.name == name)
        known = _true_level_shares(task, comparison)
        for level in comparison.levels:
            if not level.is_null and known.get(level.label, 0) > 0.02:
                assert level.m_probability == pytest.approx(known[level.label], abs=0.04), (
                    name,
                    level.label,
                )
