"""Train the shipped name model (``src/peyvand/linkage/models/names.json``).

Trained on the even-numbered clusters of ``fullnames_dev.csv`` only, so the odd half stays
held out for checking that the model generalises.

Run: ``.venv/bin/python -m benchmarks.train_name_model``
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.data_paths import REPO_ROOT, names_data_dir
from peyvand.linkage.internals.model import LinkageModel, save_model
from peyvand.linkage.internals.name_clusters import ClusterRow, read_clusters
from peyvand.linkage.internals.name_features import (
    NAME_BLOCKING_RULES,
    given_and_family_axes,
    name_comparisons,
    name_values,
    neutralise_frequency_levels,
)
from peyvand.linkage.internals.training import factorise_u, train_from_labels

MODEL_PATH = REPO_ROOT / "src" / "peyvand" / "linkage" / "models" / "names.json"


def is_training_cluster(cluster_id: str) -> bool:
    """Even cluster numbers train; odd ones are held out."""
    digits = "".join(ch for ch in cluster_id if ch.isdigit())
    return int(digits or 0) % 2 == 0


def training_rows(rows: list[ClusterRow]) -> list[dict[str, object]]:
    """Comparison columns plus label for the training half."""
    out = []
    for row in rows:
        if is_training_cluster(row.cluster_id):
            values = name_values(row.name)
            values["unique_id"] = row.record_id
            values["label"] = row.label
            out.append(values)
    return out


def train_name_model(rows: list[dict[str, object]]) -> LinkageModel:
    """Train the name model on labelled rows (comparison columns, ``label``, ``script``).

    m and u are learned on Persian/Latin pairs, the pairs the engine exists for; u of the
    joint given/family comparison is the product of its parts' u (see ``factorise_u``).
    """
    model = LinkageModel("names", name_comparisons(), list(NAME_BLOCKING_RULES))
    train_from_labels(model, rows, u_max_pairs=3e7, split_column="script", u_floor=1e-7)
    for comparison in model.comparisons:
        if comparison.name == "given_and_family":
            factorise_u(comparison, given_and_family_axes(comparison))
    neutralise_frequency_levels(model.comparisons)
    return model


def main(out_path: Path = MODEL_PATH) -> None:
    """Train and write the name model."""
    rows = read_clusters(names_data_dir() / "fullnames_dev.csv")
    model = train_name_model(training_rows(rows))
    model.notes = {
        "trained_on": "fullnames_dev.csv, even clusters (labels merged by shared spelling)",
        "u": "Splink random sampling over Persian/Latin pairs of different labels; "
        "given/family u as the product of the parts' u",
        "m": "Splink estimate_m_from_label_column over Persian/Latin pairs",
    }
    save_model(model, out_path)
    print(f"wrote {out_path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else MODEL_PATH)
