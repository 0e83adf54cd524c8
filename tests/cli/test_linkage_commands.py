"""The engine's command-line contracts: `peyvand names link|eval` and `peyvand link`."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

NAMES = [
    ("1", "محمدرضا خدابنده"),
    ("2", "Mohammad Reza Khodabande"),
    ("3", "Mohammadreza Khodabandeh"),
    ("4", "زهرا احمدی"),
    ("5", "Zahra Ahmadi"),
    ("6", "Hossein Karimi"),
]


def write_csv(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_names_link_writes_best_candidates_for_every_record(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["record_id", "name"], NAMES)
    out = StringIO()
    call_command("names", "link", str(source), "-o", str(tmp_path / "out.csv"), stdout=out)
    assert "comparisons" in out.getvalue()  # the count is reported before the run
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert set(rows[0]) == {"record_id_l", "record_id_r", "match_probability"}
    probability = {
        frozenset((r["record_id_l"], r["record_id_r"])): float(r["match_probability"]) for r in rows
    }
    assert probability[frozenset(("1", "2"))] > 0.9
    assert probability[frozenset(("4", "5"))] > 0.9
    assert probability.get(frozenset(("1", "5")), 0.0) < 0.05
    for record_id, _name in NAMES:  # fewer than 10 others: every other record is a candidate
        seen = {p for p in probability if record_id in p}
        assert len(seen) == len(NAMES) - 1


def test_names_eval_prints_the_engine_beside_both_peers(tmp_path: Path) -> None:
    clusters = write_csv(
        tmp_path / "clusters.csv",
        ["cluster_id", "script", "name", "kind", "source"],
        [
            ("F1", "fa", "محمدرضا خدابنده", "full", "t"),
            ("F1", "latn", "Mohammad Reza Khodabande", "full", "t"),
            ("F2", "fa", "زهرا احمدی", "full", "t"),
            ("F2", "latn", "Zahra Ahmadi", "full", "t"),
            ("F3", "fa", "حسین کریمی", "full", "t"),
            ("F3", "latn", "Hossein Karimi", "full", "t"),
        ],
    )
    out = StringIO()
    call_command("names", "eval", str(clusters), stdout=out)
    report = out.getvalue()
    for matcher in ("peyvand", "unidecode + Jaro-Winkler", "consonants + Jaro-Winkler"):
        assert matcher in report
    assert "F1" in report and "R@10" in report


def test_link_writes_pairs_with_explanations_and_clusters(tmp_path: Path) -> None:
    records = write_csv(
        tmp_path / "records.csv",
        ["id", "full", "father", "year"],
        [
            ("a1", "محمدرضا خدابنده", "حسین", "1345"),
            ("a2", "Mohammad Reza Khodabande", "Hossein", "1966"),
            ("a3", "Ali Ahmadi", "Reza", "1970"),
        ],
    )
    out_path = tmp_path / "pairs.csv"
    call_command(
        "link",
        str(records),
        "--columns",
        "record_id=id,name=full,father_name=father,birth_year=year",
        "-o",
        str(out_path),
        stdout=StringIO(),
    )
    with out_path.open(encoding="utf-8") as handle:
        pairs = list(csv.DictReader(handle))
    top = max(pairs, key=lambda r: float(r["match_probability"]))
    assert {top["record_id_l"], top["record_id_r"]} == {"a1", "a2"}
    assert "father's name" in top["explanation"]
    clusters = (tmp_path / "pairs.clusters.csv").read_text(encoding="utf-8")
    assert "a1" in clusters and "a2" in clusters


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,nm\n1,x\n", "record_id"),
        ("record_id,name\n1,\n", "empty"),
    ],
)
def test_names_link_refuses_bad_input_with_a_message(
    tmp_path: Path, content: str, message: str
) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("names", "link", str(source), "-o", str(tmp_path / "o.csv"), stdout=StringIO())


def test_names_link_refuses_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    source = tmp_path / "latin1.csv"
    source.write_bytes("record_id,name\n1,Hüseyin\n".encode("latin-1"))
    with pytest.raises(CommandError):
        call_command("names", "link", str(source), "-o", str(tmp_path / "o.csv"), stdout=StringIO())


def test_link_refuses_a_malformed_column_mapping(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="field=column"):
        call_command("link", "x.csv", "--columns", "nonsense", "-o", "o.csv", stdout=StringIO())


def test_link_compares_full_dates_mothers_and_other_names(tmp_path: Path) -> None:
    records = write_csv(
        tmp_path / "people.csv",
        ["id", "full", "born", "mother", "aka"],
        [
            # 1358/12/14 (Jalali) is 4 March 1980; ممد is the name he used in the camp.
            ("a1", "ممد رحیمی", "۱۳۵۸/۱۲/۱۴", "فاطمه", ""),
            ("a2", "Javad Rahimi", "1980-03-04", "Fatemeh", "Mamad Rahimi | Mamad"),
            ("a3", "Javad Rahimi", "1980-04", "Zahra", ""),
        ],
    )
    out_path = tmp_path / "pairs.csv"
    call_command(
        "link",
        str(records),
        "--columns",
        "record_id=id,name=full,birth_date=born,mother_name=mother,other_names=aka",
        "-o",
        str(out_path),
        stdout=StringIO(),
    )
    with out_path.open(encoding="utf-8") as handle:
        pairs = {(r["record_id_l"], r["record_id_r"]): r for r in csv.DictReader(handle)}
    found = pairs[("a1", "a2")]["explanation"]
    assert "same date of birth" in found
    assert "mother's name" in found
    assert "other names: a name one of them was also known by" in found


def test_link_refuses_a_birth_date_it_cannot_read(tmp_path: Path) -> None:
    records = write_csv(tmp_path / "p.csv", ["id", "full", "born"], [("1", "Ali", "4 March")])
    with pytest.raises(CommandError, match="birth date"):
        call_command(
            "link",
            str(records),
            "--columns",
            "record_id=id,name=full,birth_date=born",
            "-o",
            str(tmp_path / "o.csv"),
            stdout=StringIO(),
        )
