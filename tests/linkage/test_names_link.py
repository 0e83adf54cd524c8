"""``link_names``: the output contract, and clear errors on bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from peyvand.linkage.internals.batch import make_linker, splink_settings
from peyvand.linkage.internals.errors import LinkageInputError
from peyvand.linkage.internals.name_features import name_values
from peyvand.linkage.internals.names import (
    link_names,
    load_name_model,
    load_name_table,
    name_term_frequencies,
)
from peyvand.linkage.internals.scoring import match_weight

NAMES = [
    ("a", "محمدرضا خدابنده"),
    ("b", "Mohammad Reza Khodabande"),
    ("c", "Mohammadreza Khodabandeh"),
    ("d", "علی احمدی"),
    ("e", "Ali Ahmadi"),
    ("f", "Hasan Ahmadi"),
    ("g", "حسین حسینی"),
    ("h", "Hossein Hosseini"),
    ("i", "Hosein Hoseini"),
    ("j", "Zahra Karimi"),
    ("k", "زهرا کریمی"),
    ("l", "Seyed Ali Mousavi"),
    ("m", "علی موسوی"),
]


def _write(path: Path, rows: list[tuple[str, str]], header: str = "record_id,name") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\n")
        csv.writer(handle).writerows(rows)
    return path


def _read_pairs(path: Path) -> dict[tuple[str, str], float]:
    with open(path, encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["record_id_l", "record_id_r", "match_probability"]
        return {(r["record_id_l"], r["record_id_r"]): float(r["match_probability"]) for r in reader}


def test_cross_and_same_script_variants_match(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    link_names(_write(tmp_path / "in.csv", NAMES), out)
    pairs = _read_pairs(out)
    for pair in [
        ("a", "b"),
        ("a", "c"),
        ("b", "c"),
        ("d", "e"),
        ("g", "h"),
        ("h", "i"),
        ("j", "k"),
        ("l", "m"),
    ]:
        assert pairs.get(pair, 0) >= 0.5, pair
    assert pairs.get(("e", "f"), 0) < 0.5


def test_every_record_gets_its_candidates(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    reports: list[str] = []
    link_names(_write(tmp_path / "in.csv", NAMES), out, report=reports.append)
    assert reports and "comparisons" in reports[0]
    pairs = _read_pairs(out)
    ids = {record_id for record_id, _ in NAMES}
    for record_id in ids:
        assert sum(record_id in pair for pair in pairs) >= min(10, len(ids) - 1), record_id
    assert all(0.0 <= p <= 1.0 for p in pairs.values())


def test_missing_column_is_a_clear_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "in.csv", [("a", "Ali")], header="id,name")
    with pytest.raises(LinkageInputError, match="no column"):
        link_names(path, tmp_path / "out.csv")


def test_empty_name_is_a_clear_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "in.csv", [("a", "Ali"), ("b", " ")])
    with pytest.raises(LinkageInputError, match="empty name"):
        link_names(path, tmp_path / "out.csv")


def test_non_utf8_bytes_are_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"record_id,name\na,Ali\nb," + "علي".encode("cp1256") + b"\n")
    with pytest.raises(LinkageInputError, match="not UTF-8"):
        link_names(path, tmp_path / "out.csv")


def test_repeated_record_id_is_a_clear_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "in.csv", [("a", "Ali"), ("a", "Reza")])
    with pytest.raises(LinkageInputError, match="repeated"):
        link_names(path, tmp_path / "out.csv")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LinkageInputError, match="cannot open"):
        link_names(tmp_path / "nope.csv", tmp_path / "out.csv")


def test_python_and_splink_give_the_same_weights() -> None:
    model = load_name_model()
    con = duckdb.connect()
    count = load_name_table(con, NAMES, model)
    linker = make_linker(con, ["names_in"], splink_settings(model, count))
    table = linker.inference.predict(warning_mode="never").physical_name
    rows = con.execute(f"SELECT unique_id_l, unique_id_r, match_weight FROM {table}").fetchall()  # noqa: S608 - Splink's own table name
    values = {record_id: name_values(name) for record_id, name in NAMES}
    frequencies = name_term_frequencies(values.values(), model)
    assert rows
    for left, right, weight in rows:
        expected = match_weight(model, values[left], values[right], count, frequencies)
        assert expected == pytest.approx(weight, abs=1e-6)


def test_input_is_loaded_in_batches_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _write(tmp_path / "in.csv", NAMES)
    whole, batched = tmp_path / "whole.csv", tmp_path / "batched.csv"
    link_names(source, whole)
    monkeypatch.setattr("peyvand.linkage.internals.batch.BATCH_ROWS", 4)
    link_names(source, batched)
    assert _read_pairs(whole) == _read_pairs(batched)
