"""peyvand.linkage.internals.learning: calibration and m fitted from labelled pairs, measured
held back.

Pairs are drawn from the shipped model itself (a true pair's levels from m, a wrong candidate's
from u), so the model that drew them is the right one and a distorted copy is measurably wrong.
"""

from __future__ import annotations

import random

import pytest

from peyvand.linkage import (
    LabelledPair,
    LinkageModel,
    labelled_pair,
    learn_from_labels,
    load_default_model,
    model_document,
    model_from_document,
)
from peyvand.linkage.internals.learning import (
    MIN_MATCH_LABELS,
    calibration_error,
    evaluate,
    fit_calibration,
    held_back,
    pair_weight,
)
from peyvand.linkage.internals.scoring import level_weight

SHOWN = ("birth", "birthplace", "sex")
"""The comparisons drawn from m or u; the whole name sounds the same for every candidate
(namesakes), every other comparison is missing (its null level)."""


def _draw(rng: random.Random, model: LinkageModel, match: bool) -> tuple[int, ...]:
    levels = []
    for comparison in model.comparisons:
        if comparison.name not in SHOWN:
            levels.append(2 if comparison.name == "whole_name" else 0)
            continue
        real = [(i, lv) for i, lv in enumerate(comparison.levels) if not lv.is_null]
        odds = [(lv.m_probability if match else lv.u_probability) or 0.0 for _, lv in real]
        levels.append(rng.choices([i for i, _ in real], weights=odds)[0])
    return tuple(levels)


def drawn_pairs(
    model: LinkageModel, requests: int, seed: int, found: float = 0.8
) -> list[LabelledPair]:
    """Each request: its person among the candidates (a share ``found`` of them) and two
    namesakes that made it to the list (the same name by sound; birth, place and sex as chance
    has them)."""
    rng = random.Random(seed)
    prior = model.prior_weight(100_000)
    out = []
    for number in range(requests):
        group = f"request-{number}"
        if rng.random() < found:
            out.append(LabelledPair(group, prior, _draw(rng, model, True), True))
        for _ in range(2):
            out.append(LabelledPair(group, prior, _draw(rng, model, False), False))
    return out


def with_bits(model: LinkageModel, bits: float) -> LinkageModel:
    copy = model_from_document(model_document(model))
    copy.calibration_bits = bits
    return copy


def test_calibration_error_is_the_weighted_gap_per_bin() -> None:
    assert calibration_error([0.95, 0.95, 0.05, 0.05], [True, True, False, False]) == (
        pytest.approx(0.05)
    )
    # One bin at 0.8 where half match: a gap of 0.3 over all pairs.
    assert calibration_error([0.8, 0.8], [True, False]) == pytest.approx(0.3)
    assert calibration_error([], []) is None


def test_the_held_back_share_is_stable_and_near_a_quarter() -> None:
    groups = [f"request-{i}" for i in range(4000)]
    held = [g for g in groups if held_back(g)]
    assert held == [g for g in groups if held_back(g)]
    assert 0.22 < len(held) / len(groups) < 0.28


def test_the_model_document_reads_back_with_its_checksum() -> None:
    model = load_default_model("default")
    again = model_from_document(model_document(model))
    assert again.content() == model.content()


def test_a_pair_is_read_as_the_model_that_scored_it_saw_it() -> None:
    model = load_default_model("default")
    evidence = [(c.name, c.levels[-1].label) for c in model.comparisons]
    weight = (
        model.prior_weight(5000)
        + 1.5
        + sum(
            level_weight(c.levels[-1].m_probability, c.levels[-1].u_probability)
            for c in model.comparisons
        )
    )
    pair = labelled_pair(model, "r1", weight, evidence, True)
    assert pair is not None
    assert pair.base_weight == pytest.approx(model.prior_weight(5000) + 1.5)  # TF part kept
    assert pair_weight(model, pair) == pytest.approx(weight)
    assert labelled_pair(model, "r1", weight, evidence[:-1], True) is None  # a comparison missing
    unknown = [*evidence[:-1], (evidence[-1][0], "a level no model has")]
    assert labelled_pair(model, "r1", weight, unknown, True) is None


@pytest.mark.parametrize(("off_by", "found", "error_before"), [(-10, 0.8, 0.1), (10, 0.3, 0.03)])
def test_a_fit_brings_a_miscalibrated_model_back_to_calibration(
    off_by: float, found: float, error_before: float
) -> None:
    truth = load_default_model("default")
    # Overconfidence shows where the person sought is often not among the candidates.
    pairs = drawn_pairs(truth, 400, seed=1, found=found)
    # These requests' own correction (their prior differs from the shipped model's), then
    # a model that many bits too cautious or too confident.
    best = fit_calibration(truth, pairs)
    wrong = with_bits(truth, best + off_by)
    learned = learn_from_labels(wrong, pairs)
    assert learned.before.calibration_error is not None
    assert learned.after.calibration_error is not None
    assert learned.before.calibration_error > error_before
    assert learned.after.calibration_error < min(0.02, learned.before.calibration_error / 2)
    assert abs(learned.model.calibration_bits - wrong.calibration_bits) > 4
    # The held-back requests were not fitted on: the counts add up to all labels, apart.
    counts = learned.counts
    assert counts["held_confirmed"] + counts["fit_confirmed"] == sum(1 for p in pairs if p.is_match)


def test_calibration_alone_recovers_a_shift_of_the_weights() -> None:
    truth = load_default_model("default")
    pairs = drawn_pairs(truth, 600, seed=2)
    fitted = fit_calibration(with_bits(truth, -6.0), pairs)
    best = fit_calibration(truth, pairs)
    assert fitted == pytest.approx(best, abs=0.01)  # where it starts does not matter
    # Weights all shifted by two bits: the correction takes them back.
    shifted = [LabelledPair(p.group, p.base_weight + 2, p.levels, p.is_match) for p in pairs]
    assert fit_calibration(truth, shifted) == pytest.approx(best - 2, abs=0.05)


def test_m_is_fitted_only_where_enough_confirmed_pairs_reach_a_level() -> None:
    truth = load_default_model("default")
    distorted = model_from_document(model_document(truth))
    birth = next(c for c in distorted.comparisons if c.name == "birth")
    same, two = birth.levels[5], birth.levels[7]  # "same year", "year ±2"
    same.m_probability, two.m_probability = two.m_probability, same.m_probability
    many = learn_from_labels(distorted, drawn_pairs(truth, 400, seed=3))
    assert "birth" in many.m_fitted
    fitted_birth = next(c for c in many.model.comparisons if c.name == "birth")
    true_same = next(c for c in truth.comparisons if c.name == "birth").levels[5].m_probability
    assert true_same is not None and same.m_probability is not None
    assert abs(fitted_birth.levels[5].m_probability - true_same) < abs(
        same.m_probability - true_same
    )
    # u never changes: rejected pairs are near-misses, not random non-matches.
    assert [lv.u_probability for lv in fitted_birth.levels] == [
        lv.u_probability for lv in birth.levels
    ]
    few = learn_from_labels(distorted, drawn_pairs(truth, 20, seed=3))
    assert few.counts["fit_confirmed"] < MIN_MATCH_LABELS and few.m_fitted == []
    for new, old in zip(few.model.comparisons, distorted.comparisons, strict=True):
        assert [lv.m_probability for lv in new.levels] == [lv.m_probability for lv in old.levels]


def test_figures_need_decided_pairs() -> None:
    model = load_default_model("default")
    undecided = [LabelledPair("r", model.prior_weight(1000), (0,) * len(model.comparisons), None)]
    figures = evaluate(model, undecided)
    assert (figures.pairs, figures.precision, figures.recall) == (0, None, None)
