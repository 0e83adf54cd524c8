"""Dates of birth with their precision, in the Jalali or the Gregorian calendar.

A record gives a year, or a full date known to the day or to the month. Years below
``JALALI_YEAR_BEFORE`` are Jalali (1365); a full date whose year is Jalali is a Jalali date
that was stored as if it were Gregorian (a clerk typed 1365-04-12 into a Gregorian field),
and is converted, so that it meets the same day written in the other calendar. The birth
comparison's levels run from "same day" through "day and month swapped", "same month",
"same year" (with dates that differ when both are known to the day or month) to years one or
two apart and years given in the other calendar.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import jdatetime

from peyvand.linkage.internals.comparisons import Comparison, Level

Precision = Literal["day", "month", "year", "unknown"]
JALALI_OFFSET_MIN = 620
JALALI_OFFSET_MAX = 623
"""A Jalali year is the Gregorian year minus 621 or 622; ±1 for birthdays near Nowruz."""
JALALI_SLACK = 2
"""A year remembered a year or two off may also be given in the other calendar."""
JALALI_YEAR_BEFORE = 1500
"""Birth years below this are Jalali (1300s and 1400s); Gregorian ones are 1500 or later."""


def gregorian_year(year: int | None) -> int | None:
    """A birth year read as Gregorian: Jalali years (before 1500) are shifted by 621."""
    if year is None:
        return None
    return year + JALALI_OFFSET_MIN + 1 if year < JALALI_YEAR_BEFORE else year


def jalali_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """The Gregorian day of a Jalali date; ValueError when the Jalali date does not exist."""
    converted: dt.date = jdatetime.date(year, month, day).togregorian()
    return converted


def gregorian_date(written: dt.date) -> dt.date | None:
    """The Gregorian day of a date as written: a Jalali one (year before 1500) is converted.

    None when the written Jalali date does not exist (30 Esfand of a common year).
    """
    if written.year >= JALALI_YEAR_BEFORE:
        return written
    try:
        return jalali_to_gregorian(written.year, written.month, written.day)
    except ValueError:
        return None


def jalali_as_written(day: dt.date) -> dt.date | None:
    """A Gregorian day written in the Jalali calendar and stored as a date (for test data).

    None when the Jalali day has no Gregorian twin of the same numbers (31 Ordibehesht).
    """
    jalali = jdatetime.date.fromgregorian(date=day)
    try:
        return dt.date(jalali.year, jalali.month, jalali.day)
    except ValueError:
        return None


def birth_values(year: int | None, written: dt.date | None, precision: Precision) -> dict[str, Any]:
    """The birth columns of one record, from its year and its date with their precision."""
    if written is not None and precision not in ("day", "month"):
        year = year or written.year
        written = None
    year = year or (written.year if written else None)
    gregorian = gregorian_date(written) if written is not None else None
    has_day = gregorian is not None and precision == "day"
    return {
        "birth_year": year,
        "birth_year_g": gregorian.year if gregorian else gregorian_year(year),
        "birth_date": gregorian.isoformat() if has_day and gregorian else None,
        "birth_month_g": f"{gregorian.year:04d}-{gregorian.month:02d}" if gregorian else None,
        "birth_month": written.month if has_day and written else None,
        "birth_day": written.day if has_day and written else None,
        "birth_known_to": 2 if has_day else 1 if gregorian else 0,
    }


def _eq(column: str) -> dict[str, Any]:
    return {"kind": "equal", "column": column}


def _jalali_level(label: str, slack: int, text: str) -> Level:
    condition = {
        "kind": "shifted",
        "column": "birth_year",
        "shift_min": JALALI_OFFSET_MIN - slack,
        "shift_max": JALALI_OFFSET_MAX + slack,
    }
    return Level(label, condition, text)


def birth_comparison() -> Comparison:
    """Date of birth: same day, day–month swapped, same month, same year, ±1, ±2, calendars."""
    year = "birth_year"
    swapped = {
        "kind": "all",
        "of": [_eq(year), {"kind": "crossed", "columns": ["birth_month", "birth_day"]}],
    }
    dates_differ = {
        "kind": "all",
        "of": [_eq(year), {"kind": "both_at_least", "column": "birth_known_to", "value": 1}],
    }
    return Comparison(
        name="birth",
        title="birth",
        shown_column=year,
        levels=[
            Level(
                "missing", {"kind": "null", "columns": [year]}, "not given on both", is_null=True
            ),
            Level("same date", _eq("birth_date"), "same date of birth"),
            Level("day and month swapped", swapped, "same year, day and month swapped"),
            Level("same month", _eq("birth_month_g"), "same month and year of birth"),
            Level(
                "same year, dates differ",
                dates_differ,
                "same year of birth, but the dates given differ",
            ),
            Level("same year", _eq(year), "same year of birth"),
            Level(
                "year ±1",
                {"kind": "abs_diff_at_most", "column": year, "at_most": 1},
                "years of birth one apart",
            ),
            Level(
                "year ±2",
                {"kind": "abs_diff_at_most", "column": year, "at_most": 2},
                "years of birth two apart",
            ),
            _jalali_level(
                "Jalali vs Gregorian", 0, "one year is Jalali, the other Gregorian, and they agree"
            ),
            _jalali_level(
                "Jalali vs Gregorian ±2",
                JALALI_SLACK,
                "one year is Jalali, the other Gregorian, and they are a year or two apart",
            ),
            Level("different", {"kind": "else"}, "different years of birth"),
        ],
    )
