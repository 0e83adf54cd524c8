"""Train the shipped person model (``src/peyvand/linkage/models/default.json``).

Synthetic people are generated from the *even* name clusters of ``units_dev.csv``; the
benchmark uses the odd ones, so the model is scored on names it was not trained on.
The 16,000 training requests are linked to the 60,000 training registrations (not deduplicated
as one table), so u and m are learned on the pairs the model scores. u comes from Splink's random
sampling, m from Splink's EM in three sessions (blocking on national ID; on father's name, birth
year and birthplace; on given and family name), so every comparison's m is estimated; the
prior (the share of requests whose person is registered) by EM over the training requests, and
the calibration of the one-person probabilities by maximum likelihood on the same requests,
whose true persons the generator knows.

Run: ``.venv/bin/python -m benchmarks.train_people_model``
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from benchmarks.data_paths import REPO_ROOT, names_data_dir
from benchmarks.people_data import BIRTHPLACES, unit_pools
from peyvand.linkage.internals.assignment import fit_calibration_bits
from peyvand.linkage.internals.model import LinkageModel, save_model
from peyvand.linkage.internals.people import (
    PEOPLE_BLOCKING_RULES,
    people_comparisons,
    record_values,
)
from peyvand.linkage.internals.people_batch import LinkedPair, link_people
from peyvand.linkage.internals.synthetic import LinkageTask, PeopleGenerator, make_task
from peyvand.linkage.internals.training import train_by_em

MODEL_PATH = REPO_ROOT / "src" / "peyvand" / "linkage" / "models" / "default.json"
EM_RULES = [
    [("national_id", "national_id")],
    [
        ("father_skeleton", "father_skeleton"),
        ("birth_year", "birth_year"),
        ("birthplace_skeleton", "birthplace_skeleton"),
    ],
    [("given_skeleton", "given_skeleton"), ("family_skeleton", "family_skeleton")],
]
SHARE_ROUNDS = 30
"""EM rounds for the share of requests whose person is in the registry (converges in ~10)."""


def training_pairs(model: LinkageModel, task: LinkageTask) -> list[LinkedPair]:
    """Every candidate pair of the training requests worth counting, scored by ``model``."""
    return link_people(task.requests, task.registry, model, threshold=1e-6)


def estimate_share_registered(
    model: LinkageModel, task: LinkageTask, pairs: list[LinkedPair]
) -> float:
    """EM estimate of the share of requests whose person is registered (the prior π).

    With m and u fixed, each request's posterior of "someone here is the person" is
    ``Σodds / ((1 − π) + Σodds)`` over its candidates (odds carry π, see ``assignment``); π is
    the mean of that posterior over all requests, iterated. Learned from the training
    requests, never from the benchmark's.
    """
    base = model.prior_weight(len(task.registry))
    factors: dict[str, float] = defaultdict(float)
    for pair in pairs:  # Bayes factors without the prior: Σ 2 ** (weight − prior weight)
        factors[pair.record_id_l] += 2.0 ** (pair.match_weight - base)
    share, per_pair = model.matches_per_record, 1.0 / max(len(task.registry) - 1, 1)
    for _ in range(SHARE_ROUNDS):
        odds = [share * per_pair * factor for factor in factors.values()]
        share = sum(o / ((1 - share) + o) for o in odds) / len(task.requests)
    return share


def estimate_calibration_bits(
    model: LinkageModel, task: LinkageTask, pairs: list[LinkedPair], scored_share: float
) -> float:
    """Bits that make the training requests' one-person probabilities fit their known truth.

    The generator knows which registered person each training request is about, so the
    correction is fitted by maximum likelihood (``fit_calibration_bits``) on the training
    requests only. ``pairs`` were scored with π at ``scored_share``; π enters a weight only
    through its prior, so the weights are moved to π's estimate rather than scored again.
    """
    scored = replace(model, matches_per_record=scored_share)
    shift = model.prior_weight(len(task.registry)) - scored.prior_weight(len(task.registry))
    by_request: dict[str, list[LinkedPair]] = defaultdict(list)
    for pair in pairs:
        by_request[pair.record_id_l].append(pair)
    labelled: list[tuple[list[float], int | None]] = []
    for request in task.requests:
        candidates = by_request.get(request.record_id, [])
        ids = [pair.record_id_r for pair in candidates]
        true_id = task.truth.get(request.record_id)
        labelled.append(
            (
                [pair.match_weight + shift for pair in candidates],
                ids.index(true_id) if true_id in ids else None,
            )
        )
    return fit_calibration_bits(labelled, model.matches_per_record)


def main(out_path: Path = MODEL_PATH) -> None:
    """Generate training people, train, write the model."""
    given, family = unit_pools(names_data_dir() / "units_dev.csv", keep="even")
    generator = PeopleGenerator(given, family, BIRTHPLACES, seed=11)
    task = make_task(generator, registry_size=60_000, request_count=16_000)
    model = LinkageModel("people", people_comparisons(), PEOPLE_BLOCKING_RULES)
    train_by_em(
        model,
        [record_values(r) for r in task.requests],
        EM_RULES,
        link_to=[record_values(r) for r in task.registry],
    )
    start = model.matches_per_record = 0.5  # where the EM for π starts
    pairs = training_pairs(model, task)
    model.matches_per_record = estimate_share_registered(model, task, pairs)
    model.calibration_bits = estimate_calibration_bits(model, task, pairs, start)
    model.notes = {
        "trained_on": "synthetic people from even clusters of units_dev.csv (seed 11): "
        "16,000 requests linked to 60,000 registrations",
        "u": "Splink random sampling of request-registration pairs",
        "m": "Splink EM: national ID block, father + birth year + birthplace block, "
        "given + family name block",
        "prior": f"share of requests registered, EM on the training requests: "
        f"{model.matches_per_record:.3f}",
        "calibration": f"{model.calibration_bits:+.2f} bits, maximum likelihood on the "
        "training requests, whose true persons the generator knows",
    }
    save_model(model, out_path)
    print(f"wrote {out_path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else MODEL_PATH)
