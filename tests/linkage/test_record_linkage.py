"""``link_records``: full-record linkage of CSV files with a column mapping."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest

from peyvand.linkage.internals.errors import LinkageInputError
from peyvand.linkage.internals.record_linkage import link_records

COLUMNS = {
    "record_id": "id",
    "name": "full_name",
    "birth_year": "born",
    "father_name": "father",
    "birthplace": "place",
    "sex": "sex",
}
REQUESTS = [
    ("1", "محمدرضا خدابنده", "1345", "حسین", "قزوین", "m"),
    ("2", "زهرا کریمی", "1360", "علی", "تهران", "f"),
]
REGISTRY = [
    ("x", "Mohammad Reza Khodabande", "1966", "Hossein", "Qazvin", "M"),
    ("y", "Zahra Karimi", "1981", "Ali", "Tehran", "F"),
    ("z", "Zahra Karimi", "1990", "Reza", "Shiraz", "F"),
    ("w", "Ali Ahmadi", "1970", "Hassan", "Tabriz", "M"),
]


def _write(path: Path, rows: Sequence[tuple[str, ...]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "full_name", "born", "father", "place", "sex"])
        writer.writerows(rows)
    return path


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_link_two_files_with_explanations_and_clusters(tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    link_records(
        _write(tmp_path / "a.csv", REQUESTS), out, COLUMNS, _write(tmp_path / "b.csv", REGISTRY)
    )
    pairs = {(r["record_id_l"], r["record_id_r"]): r for r in _read(out)}
    best = pairs[("a:1", "b:x")]
    assert float(best["match_probability"]) > 0.9
    assert "Jalali" in best["explanation"] and "خدابنده" in best["explanation"]
    assert float(pairs[("a:2", "b:y")]["match_probability"]) > float(
        pairs.get(("a:2", "b:z"), {"match_probability": "0"})["match_probability"]
    )
    clusters = {r["record_id"]: r["cluster_id"] for r in _read(tmp_path / "pairs.clusters.csv")}
    assert clusters["a:1"] == clusters["b:x"]
    assert clusters["b:w"] == "b:w"


def test_dedupe_one_file(tmp_path: Path) -> None:
    rows = [*REGISTRY, ("v", "Mohamad Reza Khodabandeh", "1966", "Hosein", "Ghazvin", "M")]
    out = tmp_path / "pairs.csv"
    link_records(_write(tmp_path / "a.csv", rows), out, COLUMNS)
    pairs = {(r["record_id_l"], r["record_id_r"]) for r in _read(out)}
    assert ("v", "x") in pairs or ("x", "v") in pairs


def test_mapping_to_a_missing_column_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LinkageInputError, match="no column"):
        link_records(
            _write(tmp_path / "a.csv", REQUESTS), tmp_path / "o.csv", {**COLUMNS, "sex": "gender"}
        )


def test_a_bad_year_is_a_clear_error(tmp_path: Path) -> None:
    rows = [("1", "Ali Ahmadi", "sometime", "", "", "")]
    with pytest.raises(LinkageInputError, match="not a year"):
        link_records(_write(tmp_path / "a.csv", rows), tmp_path / "o.csv", COLUMNS)
