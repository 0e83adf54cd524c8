"""Train the shipped person model (``src/peyvand/linkage/models/default.json``).

Synthetic people are generated from the *even* name clusters of ``units_dev.csv``; the
benchmark uses the odd ones, so the model is scored on names it was not trained on.
u comes from Splink's random sampling, m from Splink's EM in two sessions (blocking on national ID,
then on father's name, birth year and birthplace), so every comparison's m is estimated.

Run: ``.venv/bin/python -m benchmarks.train_people_model``
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.data_paths import REPO_ROOT, names_data_dir
from benchmarks.people_data import BIRTHPLACES, unit_pools
from peyvand.linkage.model import LinkageModel, save_model
from peyvand.linkage.people import PEOPLE_BLOCKING_RULES, people_comparisons, record_values
from peyvand.linkage.synthetic import PeopleGenerator, make_task
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
MATCHES_PER_REQUEST = 0.5
"""Prior: about half of all requests are about someone in the registry."""


def main(out_path: Path = MODEL_PATH) -> None:
    """Generate training people, train, write the model."""
    given, family = unit_pools(names_data_dir() / "units_dev.csv", keep="even")
    generator = PeopleGenerator(given, family, BIRTHPLACES, seed=11)
    task = make_task(generator, registry_size=30_000, request_count=8_000)
    rows = [record_values(r) for r in [*task.registry, *task.requests]]
    model = LinkageModel("people", people_comparisons(), PEOPLE_BLOCKING_RULES)
    train_by_em(model, rows, EM_RULES)
    model.matches_per_record = MATCHES_PER_REQUEST
    model.notes = {
        "trained_on": "synthetic people from even clusters of units_dev.csv (seed 11)",
        "u": "Splink random sampling",
        "m": "Splink EM: national ID block, then father + birth year + birthplace block",
        "prior": "0.5 expected matches per request in the registry",
    }
    save_model(model, out_path)
    print(f"wrote {out_path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else MODEL_PATH)
