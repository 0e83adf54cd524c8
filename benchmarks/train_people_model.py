"""Train the shipped person model (``src/peyvand/linkage/models/default.json``).

Synthetic people are generated from the *even* name clusters of ``units_dev.csv``; the
benchmark uses the odd ones, so the model is scored on names it was not trained on.
u comes from Splink's random sampling, m from Splink's EM in two sessions (blocking on national ID,
then on father's name, birth year and birthplace), so every comparison's m is estimated; the
prior (the share of requests whose person is registered) by EM over the training requests.

Run: ``.venv/bin/python -m benchmarks.train_people_model``
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from benchmarks.data_paths import REPO_ROOT, names_data_dir
from benchmarks.people_data import BIRTHPLACES, unit_pools
from peyvand.linkage.model import LinkageModel, save_model
from peyvand.linkage.people import PEOPLE_BLOCKING_RULES, people_comparisons, record_values
from peyvand.linkage.people_batch import link_people
from peyvand.linkage.synthetic import LinkageTask, PeopleGenerator, make_task
from peyvand.linkage.training import train_by_em

MODEL_PATH = REPO_ROOT / "src" / "peyvand" / "linkage" / "models" / "default.json"
EM_RULES = [
    [("national_id", "national_id")],
    [
        ("father_skeleton", "father_skeleton"),
        ("birth_year", "birth_year"),
        ("birthplace_skeleton", "birthplace_skeleton"),
    ],
]
SHARE_ROUNDS = 30
"""EM rounds for the share of requests whose person is in the registry (converges in ~10)."""


def estimate_share_registered(model: LinkageModel, task: LinkageTask, start: float = 0.5) -> float:
    """EM estimate of the share of requests whose person is registered (the prior π).

    With m and u fixed, each request's posterior of "someone here is the person" is
    ``Σodds / ((1 − π) + Σodds)`` over its candidates (odds carry π, see ``assignment``); π is
    the mean of that posterior over all requests, iterated. Learned from the training
    requests, never from the benchmark's.
    """
    model.matches_per_record = start
    pairs = link_people(task.requests, task.registry, model, threshold=1e-6)
    base = model.prior_weight(len(task.registry))
    factors: dict[str, float] = defaultdict(float)
    for pair in pairs:  # Bayes factors without the prior: Σ 2 ** (weight − prior weight)
        factors[pair.record_id_l] += 2.0 ** (pair.match_weight - base)
    share, per_pair = start, 1.0 / max(len(task.registry) - 1, 1)
    for _ in range(SHARE_ROUNDS):
        odds = [share * per_pair * factor for factor in factors.values()]
        share = sum(o / ((1 - share) + o) for o in odds) / len(task.requests)
    return share


def main(out_path: Path = MODEL_PATH) -> None:
    """Generate training people, train, write the model."""
    given, family = unit_pools(names_data_dir() / "units_dev.csv", keep="even")
    generator = PeopleGenerator(given, family, BIRTHPLACES, seed=11)
    task = make_task(generator, registry_size=30_000, request_count=8_000)
    rows = [record_values(r) for r in [*task.registry, *task.requests]]
    model = LinkageModel("people", people_comparisons(), PEOPLE_BLOCKING_RULES)
    train_by_em(model, rows, EM_RULES)
    model.matches_per_record = estimate_share_registered(model, task)
    model.notes = {
        "trained_on": "synthetic people from even clusters of units_dev.csv (seed 11)",
        "u": "Splink random sampling",
        "m": "Splink EM: national ID block, then father + birth year + birthplace block",
        "prior": f"share of requests registered, EM on the training requests: "
        f"{model.matches_per_record:.3f}",
    }
    save_model(model, out_path)
    print(f"wrote {out_path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else MODEL_PATH)
