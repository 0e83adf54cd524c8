"""Training recovers known m-probabilities (in the spirit of Splink's convergence tests).

The generator's truth says which pairs match, so the share of true pairs at each level of a
comparison is that level's real m. EM, which never sees the truth, must land near it. The
ID, the date of birth and the place are checked; the name comparisons share their pairs with
the whole-name comparison ("decided by whole name"), so a name level's share of true pairs is
not its m.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from peyvand.linkage.internals.fitting import fit_people_model
from peyvand.linkage.internals.model import LinkageModel
from peyvand.linkage.internals.people import record_values
from peyvand.linkage.internals.record_linkage import read_records
from peyvand.linkage.internals.scoring import pair_evidence
from peyvand.linkage.internals.synthetic_latin import FIELDS, same_script_task

TOLERANCE = 0.05
CHECKED = ("national_id", "birth", "birthplace")


def _values(rows: list[dict[str, str]], path: Path) -> dict[str, dict[str, Any]]:
    """Comparison columns of generated rows, read back as ``peyvand link`` reads a CSV."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    columns = {field: field for field in FIELDS}
    return {r.record_id: record_values(r) for r in read_records(path, columns)}


@pytest.fixture(scope="module")
def fitted(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[LinkageModel, dict[str, Counter[str]]]:
    """A model fitted by EM to 1,500 + 1,500 records, and the levels of the true pairs."""
    folder = tmp_path_factory.mktemp("convergence")
    task = same_script_task(1500, seed=31)
    left, right = _values(task.a_rows, folder / "a.csv"), _values(task.b_rows, folder / "b.csv")
    model = fit_people_model(list(left.values()), list(right.values()))
    levels: dict[str, Counter[str]] = {name: Counter() for name in CHECKED}
    for a_id, b_id in task.truth:
        for evidence in pair_evidence(model, left[a_id], right[b_id]):
            if evidence.field in levels and evidence.level != "missing":
                levels[evidence.field][evidence.level] += 1
    return model, levels


def test_em_recovers_the_m_of_every_common_level(
    fitted: tuple[LinkageModel, dict[str, Counter[str]]],
) -> None:
    model, levels = fitted
    checked = 0
    for comparison in model.comparisons:
        if comparison.name not in levels:
            continue
        total = sum(levels[comparison.name].values())
        for level in comparison.levels:
            if level.is_null:
                continue
            true_m = levels[comparison.name][level.label] / total
            assert abs((level.m_probability or 0.0) - true_m) < TOLERANCE, (
                comparison.name,
                level.label,
                level.m_probability,
                true_m,
            )
            checked += true_m > 0.02
    assert checked >= 8  # the test looked at real levels, not only empty ones


def test_em_recovers_the_share_of_records_with_a_match(
    fitted: tuple[LinkageModel, dict[str, Counter[str]]],
) -> None:
    model, _ = fitted
    assert model.matches_per_record == pytest.approx(0.5, abs=0.05)
