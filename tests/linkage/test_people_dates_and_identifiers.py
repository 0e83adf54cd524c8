"""Full dates with precision, national codes with their check digit, mothers, lossless blocking."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pytest

from peyvand.linkage.internals.birth import birth_comparison, gregorian_date, jalali_as_written
from peyvand.linkage.internals.comparisons import condition_holds, condition_sql
from peyvand.linkage.internals.identifiers import (
    is_valid_national_code,
    national_code_check_digit,
    national_id_comparison,
)
from peyvand.linkage.internals.online import OnlineIndex
from peyvand.linkage.internals.people import Record, record_values
from peyvand.linkage.internals.people_batch import load_default_people_model, never_compared
from peyvand.linkage.internals.scoring import level_and_weight

VALID = "0084575948"  # a valid code: the check digit 8 follows from the first nine
assert national_code_check_digit(VALID[:9]) == VALID[9]


def _sql_holds(cond: dict[str, Any], left: dict[str, Any], right: dict[str, Any]) -> bool:
    row = {f"{k}_l": v for k, v in left.items()} | {f"{k}_r": v for k, v in right.items()}
    columns = ", ".join(f"$v{i} AS {name}" for i, name in enumerate(row))
    params = {f"v{i}": value for i, value in enumerate(row.values())}
    found = duckdb.execute(f"SELECT {condition_sql(cond)} FROM (SELECT {columns})", params)  # noqa: S608 (SQL rendered from the test's own conditions)
    result = found.fetchone()
    return bool(result and result[0])


SUBSTITUTED = {"kind": "substituted_at_most", "column": "national_id", "at_most": 1}
SWAPPED = {"kind": "adjacent_swap", "column": "national_id"}


def _id(value: str | None) -> dict[str, Any]:
    return {"national_id": value}


@pytest.mark.parametrize(
    ("cond", "left", "right", "expected"),
    [
        (SUBSTITUTED, "0084575948", "0084575348", True),
        (SUBSTITUTED, "0084575948", "0084575948", True),
        (SUBSTITUTED, "0084575948", "084575948", False),  # a digit left out is not a change
        (SUBSTITUTED, "0084575948", "0084575333", False),
        (SWAPPED, "0084575948", "0084579548", True),
        (SWAPPED, "0084575948", "0804575948", True),
        (SWAPPED, "0084575948", "0084575948", False),
        (SWAPPED, "0084575948", "0084595748", False),  # not neighbours
        (SWAPPED, "0084575948", None, False),
    ],
)
def test_identifier_slips_agree_in_sql_and_python(
    cond: dict[str, Any], left: str, right: str | None, expected: bool
) -> None:
    assert condition_holds(cond, _id(left), _id(right)) is expected
    assert _sql_holds(cond, _id(left), _id(right)) is expected


def test_the_national_code_check_digit() -> None:
    assert is_valid_national_code(VALID)
    assert not is_valid_national_code("0084575947")  # check digit wrong
    assert not is_valid_national_code("1111111111")  # never issued
    assert not is_valid_national_code("84575948")
    assert record_values(Record("a", ("Ali",), national_id="۰۰۸۴۵۷۵۹۴۸"))["national_id_valid"] == 1


def _level(comparison: Any, left: Record, right: Record) -> str:
    a, b = record_values(left), record_values(right)
    return str(comparison.levels[comparison.level_for(a, b)].label)


def _with_id(code: str) -> Record:
    return Record(code, ("Ali Ahmadi",), national_id=code)


def test_identifier_levels_and_their_weights() -> None:
    comparison = national_id_comparison()
    assert _level(comparison, _with_id(VALID), _with_id(VALID)) == "same valid code"
    assert _level(comparison, _with_id("1234567890"), _with_id("1234567890")) == "same"
    assert _level(comparison, _with_id(VALID), _with_id("0084575348")) == "one digit changed"
    assert _level(comparison, _with_id(VALID), _with_id("0084579548")) == "adjacent digits swapped"
    assert _level(comparison, _with_id(VALID), _with_id("0013542419")) == "different valid codes"
    assert _level(comparison, _with_id(VALID), _with_id("1234567890")) == "different"
    model = load_default_people_model()
    shipped = next(c for c in model.comparisons if c.name == "national_id")

    def weight(left: str, right: str) -> float:
        return level_and_weight(
            shipped, record_values(_with_id(left)), record_values(_with_id(right))
        )[1]

    same_valid, same_invalid = weight(VALID, VALID), weight("1234567890", "1234567890")
    assert same_valid > same_invalid > 0
    assert weight(VALID, "0084575348") > 0  # one digit changed is a slip, not another person
    assert weight(VALID, "0084579548") > 0
    # Two valid codes that differ are stronger evidence against than a code that fails its check.
    assert 0 > weight(VALID, "1234567890") > weight(VALID, "0013542419")


def _date(written: dt.date | None, precision: str, year: int | None = None) -> Record:
    return Record(
        "x", ("Ali Ahmadi",), birth_year=year, birth_date=written, birth_precision=precision
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (_date(dt.date(1980, 3, 4), "day"), _date(dt.date(1980, 3, 4), "day"), "same date"),
        (
            _date(dt.date(1980, 3, 4), "day"),
            _date(dt.date(1980, 4, 3), "day"),
            "day and month swapped",
        ),
        (_date(dt.date(1980, 3, 4), "day"), _date(dt.date(1980, 3, 20), "day"), "same month"),
        (_date(dt.date(1980, 3, 4), "day"), _date(dt.date(1980, 3, 1), "month"), "same month"),
        (
            _date(dt.date(1980, 3, 4), "day"),
            _date(dt.date(1980, 9, 1), "day"),
            "same year, dates differ",
        ),
        (_date(dt.date(1980, 3, 4), "day"), _date(None, "year", 1980), "same year"),
        (_date(dt.date(1980, 3, 4), "day"), _date(None, "year", 1981), "year ±1"),
        (_date(dt.date(1980, 3, 4), "day"), _date(None, "year", 1982), "year ±2"),
        # 1358-12-14 (Jalali) stored as a Gregorian date is 4 March 1980.
        (_date(dt.date(1980, 3, 4), "day"), _date(dt.date(1358, 12, 14), "day"), "same date"),
        (_date(None, "year", 1358), _date(None, "year", 1980), "Jalali vs Gregorian"),
        (_date(dt.date(1980, 3, 4), "day"), _date(None, "year", 1990), "different"),
    ],
)
def test_birth_levels_from_same_day_to_year_two_off(
    left: Record, right: Record, expected: str
) -> None:
    assert _level(birth_comparison(), left, right) == expected
    assert _level(birth_comparison(), right, left) == expected


def test_jalali_dates_stored_as_gregorian_are_converted() -> None:
    assert gregorian_date(dt.date(1358, 12, 14)) == dt.date(1980, 3, 4)
    assert gregorian_date(dt.date(1980, 3, 4)) == dt.date(1980, 3, 4)
    assert jalali_as_written(dt.date(1980, 3, 4)) == dt.date(1358, 12, 14)
    assert gregorian_date(dt.date(1358, 12, 30)) is not None  # 1358 is a Jalali leap year
    assert gregorian_date(dt.date(1359, 12, 30)) is None


def test_same_day_weighs_more_than_same_year() -> None:
    model = load_default_people_model()
    birth = next(c for c in model.comparisons if c.name == "birth")
    day = _date(dt.date(1980, 3, 4), "day")

    def weight(other: Record) -> float:
        return level_and_weight(birth, record_values(day), record_values(other))[1]

    same_day = weight(_date(dt.date(1980, 3, 4), "day"))
    swapped = weight(_date(dt.date(1980, 4, 3), "day"))
    same_year = weight(_date(None, "year", 1980))
    assert same_day > swapped > same_year > weight(_date(None, "year", 1981)) > 0
    assert same_year > weight(_date(dt.date(1980, 9, 1), "day"))


def test_the_mothers_name_is_compared() -> None:
    model = load_default_people_model()
    mother = next(c for c in model.comparisons if c.name == "mother_name")
    a = record_values(Record("a", ("Ali Ahmadi",), mother_name="فاطمه"))
    b = record_values(Record("b", ("علی احمدی",), mother_name="Fatemeh"))
    c = record_values(Record("c", ("علی احمدی",), mother_name="Maryam"))
    assert level_and_weight(mother, a, b)[1] > 0 > level_and_weight(mother, a, c)[1]


PAIRS_THAT_MUST_MEET = [
    # Family name and birth year agree (the year given in the other calendar in the second).
    (
        Record("q1", ("رضا کریمی",), birth_year=1970),
        Record("r1", ("Hamid Karimi",), birth_year=1970),
    ),
    (
        Record("q2", ("زهرا کریمی",), birth_year=1349),
        Record("r2", ("Mina Karimi",), birth_year=1970),
    ),
    # Given name, birth year and place agree; the family names differ.
    (
        Record("q3", ("Hamid Ahmadi",), birth_year=1961, birthplace="Tabriz"),
        Record("r3", ("حمید نوروزی",), birth_year=1961, birthplace="تبریز"),
    ),
    # The ID agrees, nothing else; then the ID with one digit changed or swapped.
    (
        Record("q4", ("Sara Jalili",), national_id=VALID),
        Record("r4", ("Leila Mobini",), national_id=VALID),
    ),
    (
        Record("q5", ("Sara Jalili",), national_id="0084575348"),
        Record("r5", ("Leila Mobini",), national_id=VALID),
    ),
    (
        Record("q6", ("Sara Jalili",), national_id="0084755948"),
        Record("r6", ("Leila Mobini",), national_id=VALID),
    ),
    # The request uses the name the person was also known by in the camp.
    (
        Record("q7", ("ممد رحیمی",)),
        Record("r7", ("Javad Rahimi",), other_names=("Mamad Rahimi",)),
    ),
]


def test_blocking_loses_no_pair_that_agrees_on_family_and_year_given_year_and_place_or_id() -> None:
    model = load_default_people_model()
    requests = [q for q, _ in PAIRS_THAT_MUST_MEET]
    registry = [r for _, r in PAIRS_THAT_MUST_MEET]
    truth = {q.record_id: r.record_id for q, r in PAIRS_THAT_MUST_MEET}
    assert never_compared(requests, registry, truth, model) == set()
    index = OnlineIndex(model)
    index.add(registry)
    for request, registered in PAIRS_THAT_MUST_MEET:
        assert registered.record_id in index.candidate_ids(record_values(request))
