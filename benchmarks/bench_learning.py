"""Learning from caseworkers: calibration error before and after N simulated decisions.

Run: ``.venv/bin/python -m benchmarks.bench_learning [--decisions 500] [--seed S]
[--registry 20000] [--held-out-requests 1500]``

A synthetic registry and requests (``peyvand.linkage.internals.synthetic``, names from
``../shared/data/names/units_dev.csv``) are linked online with a deliberately mis-calibrated copy
of the shipped model: 8 bits too confident, and the m-probabilities of the birth comparison's
"same year" and "year ±2" levels swapped. Caseworkers then decide the pairs they are shown
(each request's candidates above the floor, best first), following the generator's truth, until
N decisions are made; the pairs shown but not decided stay in their requests' groups, as in
the database. ``peyvand.linkage.internals.learning`` fits a new model on them (m where there
are enough confirmed pairs, and the calibration), and both models are measured on pairs shown
for other requests that no decision touched, every one labelled by the truth: the expected
calibration error over ten probability bins, and precision and recall at 0.5.

Target (issue 14): calibration error under 0.05 after 500 decisions. The learner was written
against seed 1; seeds 2, 3 and 4 are the held-out check.
"""

from __future__ import annotations

import argparse
import time

from benchmarks.data_paths import names_data_dir
from benchmarks.people_data import BIRTHPLACES, unit_pools
from peyvand.linkage.internals.learning import (
    MIN_MATCH_LABELS,
    LabelledPair,
    evaluate,
    labelled_pair,
    learn_from_labels,
)
from peyvand.linkage.internals.model import LinkageModel, load_default_model
from peyvand.linkage.internals.online import OnlineIndex
from peyvand.linkage.internals.people import Record
from peyvand.linkage.internals.synthetic import PeopleGenerator, make_task

TARGET_ECE = 0.05
TARGET_DECISIONS = 500
FLOOR = 0.05
"""Candidates below this probability are not shown (``PEYVAND_CANDIDATE_FLOOR``'s default)."""
SHOWN = 10
"""Candidates shown per request (``PEYVAND_CANDIDATES_PER_RECORD``'s default)."""


def miscalibrated(model: LinkageModel) -> LinkageModel:
    """The shipped model made wrong on purpose: overconfident, and birth years mis-weighed."""
    model.calibration_bits = round(model.calibration_bits + 8.0, 3)
    birth = next(c for c in model.comparisons if c.name == "birth")
    same = next(lv for lv in birth.levels if lv.label == "same year")
    two = next(lv for lv in birth.levels if lv.label == "year ±2")
    same.m_probability, two.m_probability = two.m_probability, same.m_probability
    return model


def shown_pairs(
    index: OnlineIndex, model: LinkageModel, record: Record, truth: dict[str, str]
) -> list[LabelledPair]:
    """One request's candidates above the floor, labelled by the truth (best first)."""
    out = []
    for scored in index.candidates(record, top_n=SHOWN):
        if scored.match_probability < FLOOR:
            continue
        is_match = truth.get(record.record_id) == scored.record_id_r
        evidence = [(e.field, e.level) for e in scored.explanation]
        pair = labelled_pair(model, record.record_id, scored.match_weight, evidence, is_match)
        if pair is not None:
            out.append(pair)
    return out


def decided(pairs: list[LabelledPair], budget: int) -> tuple[list[LabelledPair], int]:
    """The first ``budget`` of the pairs decided; the rest of their requests' pairs undecided."""
    out, made = [], 0
    for pair in pairs:
        if made < budget:
            out.append(pair)
            made += 1
        else:
            out.append(LabelledPair(pair.group, pair.base_weight, pair.levels, None))
    return out, made


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def main() -> None:
    """Run the benchmark and print figures beside the target."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--decisions", type=int, default=TARGET_DECISIONS)
    parser.add_argument("--seed", type=int, default=2, help="generator seed (reported: 2, 3, 4)")
    parser.add_argument("--registry", type=int, default=20_000)
    parser.add_argument("--held-out-requests", type=int, default=1_500)
    args = parser.parse_args()
    start = time.perf_counter()
    given, family = unit_pools(names_data_dir() / "units_dev.csv", keep="odd")
    generator = PeopleGenerator(given, family, BIRTHPLACES, seed=args.seed)
    requests = args.decisions + args.held_out_requests
    task = make_task(generator, args.registry, requests)
    model = miscalibrated(load_default_model("default"))
    index = OnlineIndex(model)
    index.add(task.registry)
    train: list[LabelledPair] = []
    held: list[LabelledPair] = []
    made = 0
    for record in task.requests:
        pairs = shown_pairs(index, model, record, task.truth)
        if made < args.decisions:
            some, count = decided(pairs, args.decisions - made)
            train += some
            made += count
        else:
            held += pairs
    learned = learn_from_labels(model, train)
    before, after = evaluate(model, held), evaluate(learned.model, held)
    # Base weights do not depend on m: each model weighs the same levels with its own m.
    shipped = evaluate(load_default_model("default"), held)
    print(
        f"seed {args.seed}: registry {len(task.registry):,}, decisions {made:,} "
        f"({learned.counts}), held-out pairs {after.pairs:,} from other requests"
    )
    print(f"m fitted for {learned.m_fitted or 'none'} (≥ {MIN_MATCH_LABELS} confirmed pairs each)")
    print(f"calibration bits {model.calibration_bits:+.2f} → {learned.model.calibration_bits:+.2f}")
    for name, figures in (("shipped", shipped), ("mis-calibrated", before), ("learned", after)):
        print(
            f"{name:15} ECE {_fmt(figures.calibration_error)}  precision "
            f"{_fmt(figures.precision)}  recall {_fmt(figures.recall)}"
        )
    own_before, own_after = learned.before, learned.after
    print(
        f"the fit's own held-back labels ({own_after.pairs} pairs): ECE "
        f"{_fmt(own_before.calibration_error)} → {_fmt(own_after.calibration_error)}, precision "
        f"{_fmt(own_before.precision)} → {_fmt(own_after.precision)}, recall "
        f"{_fmt(own_before.recall)} → {_fmt(own_after.recall)}"
    )
    ece = after.calibration_error
    verdict = "ok" if ece is not None and ece < TARGET_ECE else "ABOVE"
    print(f"calibration error after {made} decisions {_fmt(ece)}  target < {TARGET_ECE}  {verdict}")
    print(f"seconds {time.perf_counter() - start:.1f}")


if __name__ == "__main__":
    main()
