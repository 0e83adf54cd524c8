"""``peyvand link A.csv [B.csv] --columns …``: full-record linkage or dedupe of CSV files.

A column mapping says which CSV column holds which field (``name``, ``birth_year``,
``birth_date``, ``father_name``, ``mother_name``, ``other_names``, ``birthplace``, ``sex``,
``national_id``, ``record_id``). A birth date is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``
(``/`` also separates), Jalali when its year is before 1500; other names are separated by
``|`` or ``;``. Pairs are written
with their probability and a per-field explanation; clusters (records linked at p ≥ 0.5,
joined transitively) are written beside them.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peyvand.linkage.internals.birth import JALALI_YEAR_BEFORE, Precision, jalali_to_gregorian
from peyvand.linkage.internals.errors import LinkageInputError
from peyvand.linkage.internals.fitting import fit_people_model
from peyvand.linkage.internals.model import MIN_POPULATION, LinkageModel
from peyvand.linkage.internals.name_input import iter_csv_rows
from peyvand.linkage.internals.normalise import fold_digits
from peyvand.linkage.internals.people import Record, record_values
from peyvand.linkage.internals.people_batch import link_people_rows, load_default_people_model
from peyvand.linkage.internals.scoring import pair_evidence

FIELDS = (
    "record_id",
    "name",
    "birth_year",
    "birth_date",
    "father_name",
    "mother_name",
    "other_names",
    "birthplace",
    "sex",
    "national_id",
)
CLUSTER_THRESHOLD = 0.5


def _year(text: str, where: str) -> int | None:
    digits = text.strip()
    if not digits:
        return None
    if not digits.isdigit() or not 1200 <= int(digits) <= 2100:
        raise LinkageInputError(f"{where}: birth year {text!r} is not a year")
    return int(digits)


_DATE = re.compile(r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?")


def _date(text: str, where: str) -> tuple[dt.date | None, Precision]:
    """A birth date as written and its precision; a Jalali one is converted to Gregorian."""
    written = fold_digits(text.strip())
    if not written:
        return None, "unknown"
    found = _DATE.fullmatch(written)
    if not found or not 1200 <= int(found[1]) <= 2100:
        raise LinkageInputError(f"{where}: birth date {text!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = int(found[1]), int(found[2] or 1), int(found[3] or 1)
    precision: Precision = "day" if found[3] else "month" if found[2] else "year"
    try:
        if year < JALALI_YEAR_BEFORE:
            day_of_birth = jalali_to_gregorian(year, month, day)
        else:
            day_of_birth = dt.date(year, month, day)
    except ValueError as exc:
        raise LinkageInputError(f"{where}: birth date {text!r} is not a date: {exc}") from exc
    return day_of_birth, precision


def _sex(text: str) -> str | None:
    value = text.strip().lower()[:1]
    return {"f": "f", "m": "m", "w": "f", "z": "f", "ز": "f", "م": "m"}.get(value)


def read_records(
    path: str | Path, columns: Mapping[str, str], prefix: str = ""
) -> Iterator[Record]:
    """Records from a CSV whose columns are named in ``columns`` (field → CSV column).

    ``record_id`` and ``name`` are required; the other fields are optional.
    """
    unknown = set(columns) - set(FIELDS)
    if unknown:
        raise LinkageInputError(f"unknown field(s) in --columns: {', '.join(sorted(unknown))}")
    for field in ("record_id", "name"):
        if field not in columns:
            raise LinkageInputError(f"--columns must say which column holds {field}")
    for line, row in iter_csv_rows(path, list(columns.values())):
        where = f"{path}, line {line}"

        def value(field: str, row: dict[str, str] = row) -> str:
            return row.get(columns.get(field, ""), "").strip()

        if not value("record_id") or not value("name"):
            raise LinkageInputError(f"{where}: empty record id or name")
        birth_date, precision = _date(value("birth_date"), where)
        yield Record(
            record_id=prefix + value("record_id"),
            names=(value("name"),),
            birth_year=_year(value("birth_year"), where),
            birth_date=birth_date,
            birth_precision=precision,
            father_name=value("father_name") or None,
            mother_name=value("mother_name") or None,
            other_names=tuple(
                n.strip() for n in re.split("[|;]", value("other_names")) if n.strip()
            ),
            birthplace=value("birthplace") or None,
            sex=_sex(value("sex")),  # type: ignore[arg-type]
            national_id=value("national_id") or None,
        )


def clusters_of(pairs: list[tuple[str, str]], ids: list[str]) -> dict[str, str]:
    """Cluster id (smallest member id) of each record, joining pairs transitively."""
    parent = {i: i for i in ids}

    def find(item: str) -> str:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in ids}


def read_sides(
    a_csv: str | Path, columns: Mapping[str, str], b_csv: str | Path | None = None
) -> tuple[list[Record], list[Record]]:
    """The records of A and B (ids prefixed ``a:`` and ``b:``), or of A twice for a dedupe."""
    left = list(read_records(a_csv, columns, "a:" if b_csv else ""))
    right = list(read_records(b_csv, columns, "b:")) if b_csv else left
    return left, right


@dataclass(frozen=True)
class LinkageInput:
    """The comparison columns of file A's records and of B's (None to deduplicate A)."""

    left: list[dict[str, Any]]
    right: list[dict[str, Any]] | None
    description: str

    def everyone(self) -> list[dict[str, Any]]:
        """The rows of both files (of A alone in a dedupe)."""
        return [*self.left, *(self.right or [])]


def read_input(
    a_csv: str | Path, columns: Mapping[str, str], b_csv: str | Path | None = None
) -> LinkageInput:
    """Read A (and B) and compute every record's comparison columns once."""
    left, right = read_sides(a_csv, columns, b_csv)
    return LinkageInput(
        [record_values(r) for r in left],
        [record_values(r) for r in right] if b_csv else None,
        " and ".join(Path(p).name for p in (a_csv, b_csv) if p),
    )


def fit_to_input(linkage_input: LinkageInput, start: LinkageModel | None = None) -> LinkageModel:
    """A person model fitted to the files about to be linked (``peyvand link --train``).

    Starts from ``start`` (default: the shipped model); see :func:`fit_people_model`. When
    two files are linked the prior is left to :func:`write_links` with ``fit_prior``, which
    estimates it on the pairs it scores anyway.
    """
    return fit_people_model(
        linkage_input.left,
        linkage_input.right,
        start=start,
        description=linkage_input.description,
        estimate_prior=linkage_input.right is None,
    )


def _term_frequencies(model: LinkageModel, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Each value's share per term-frequency column, as the batch path and the index count."""
    columns = {lv.tf_column for c in model.comparisons for lv in c.levels if lv.tf_column}
    out: dict[str, Any] = {}
    for column in columns:
        counts = Counter(row[column] for row in rows if row.get(column) is not None)
        total = max(sum(counts.values()), MIN_POPULATION)
        out[column] = {value: n / total for value, n in counts.items()}
    return out


def link_records(
    a_csv: str | Path,
    out_csv: str | Path,
    columns: Mapping[str, str],
    b_csv: str | Path | None = None,
    model: LinkageModel | None = None,
    threshold: float = 0.05,
) -> int:
    """Link A to B (or deduplicate A); write pairs with explanations and clusters.

    ``out_csv`` gets ``record_id_l,record_id_r,match_probability,match_weight,explanation``;
    a sibling file ``<out>.clusters.csv`` gets ``record_id,cluster_id``. With two files, ids
    are prefixed ``a:`` and ``b:``. Returns the number of pairs written.
    """
    return write_links(read_input(a_csv, columns, b_csv), out_csv, model, threshold)


def write_links(
    linkage_input: LinkageInput,
    out_csv: str | Path,
    model: LinkageModel | None = None,
    threshold: float = 0.05,
    fit_prior: bool = False,
) -> int:
    """:func:`link_records` on input already read; returns the number of pairs written.

    With ``fit_prior`` and two files, ``model``'s prior is estimated on the scored pairs
    first and set on it (after :func:`fit_to_input`).
    """
    model = model or load_default_people_model()
    dedupe = linkage_input.right is None
    registry = linkage_input.left if dedupe else linkage_input.right
    pairs = link_people_rows(
        linkage_input.left, registry or [], model, threshold, dedupe=dedupe, fit_prior=fit_prior
    )
    everyone = linkage_input.everyone()  # Splink counts term frequencies over both files
    frequencies = _term_frequencies(model, everyone)
    values = {str(row["unique_id"]): row for row in everyone}
    with open(out_csv, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["record_id_l", "record_id_r", "match_probability", "match_weight", "explanation"]
        )
        for pair in sorted(pairs, key=lambda p: -p.match_weight):
            evidence = pair_evidence(
                model, values[pair.record_id_l], values[pair.record_id_r], frequencies
            )
            reasons = "; ".join(e.text for e in evidence if e.weight != 0)
            writer.writerow(
                [
                    pair.record_id_l,
                    pair.record_id_r,
                    f"{pair.match_probability:.6f}",
                    f"{pair.match_weight:.2f}",
                    reasons,
                ]
            )
    linked = [(p.record_id_l, p.record_id_r) for p in pairs if p.match_probability >= 0.5]
    cluster_path = Path(out_csv).with_suffix(".clusters.csv")
    with open(cluster_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "cluster_id"])
        writer.writerows(sorted(clusters_of(linked, list(values)).items()))
    return len(pairs)
