"""Person records and the person-level comparisons (names, father, birth, place, sex, ID).

A :class:`Record` is what the web app or a CSV gives us about one person. ``record_values``
turns it into the flat comparison columns both paths (Splink batch and online index) read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from peyvand.linkage.comparisons import BlockingRule, Comparison, Level
from peyvand.linkage.name_features import (
    name_comparisons,
    name_values,
    word_comparison,
)
from peyvand.linkage.normalise import fold_digits

Precision = Literal["day", "month", "year", "unknown"]
JALALI_OFFSET_MIN = 620
JALALI_OFFSET_MAX = 623
"""A Jalali year is the Gregorian year minus 621 or 622; ±1 for birthdays near Nowruz."""
JALALI_SLACK = 2
"""A year remembered a year or two off may also be given in the other calendar."""
JALALI_YEAR_BEFORE = 1500
"""Birth years below this are Jalali (1300s and 1400s); Gregorian ones are 1500 or later."""


@dataclass(frozen=True)
class Record:
    """One person as written in a registration or a tracing request.

    ``names`` holds the full names the person is known by, in any script, the main one first.
    ``birth_year`` may be Gregorian or Jalali (1345); the comparison recognises the shift.
    """

    record_id: str
    names: tuple[str, ...]
    birth_year: int | None = None
    birth_date: dt.date | None = None
    birth_precision: Precision = "unknown"
    birthplace: str | None = None
    father_name: str | None = None
    sex: Literal["f", "m"] | None = None
    national_id: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _prefixed(values: dict[str, Any], prefix: str) -> dict[str, Any]:
    keys = ("text", "sound", "skeleton", "letters")
    return {f"{prefix}_{k}": values.get(f"name_{k}") for k in keys}


def _national_id(raw: str | None) -> str | None:
    digits = re.sub(r"\D", "", fold_digits(raw or ""))
    return digits or None


def gregorian_year(year: int | None) -> int | None:
    """A birth year read as Gregorian: Jalali years (before 1500) are shifted by 621."""
    if year is None:
        return None
    return year + JALALI_OFFSET_MIN + 1 if year < JALALI_YEAR_BEFORE else year


def record_values(record: Record) -> dict[str, Any]:
    """The comparison columns of one person record (names, father, birth, place, sex, ID)."""
    if not record.names or not any(n.strip() for n in record.names):
        values: dict[str, Any] = name_values("")
    else:
        values = name_values(next(n for n in record.names if n.strip()))
    father = name_values(record.father_name or "")
    place = name_values(record.birthplace or "")
    year = record.birth_year or (record.birth_date.year if record.birth_date else None)
    values.update(_prefixed(father, "father"))
    values.update(_prefixed(place, "birthplace"))
    values.update(
        {
            "unique_id": record.record_id,
            "birth_year": year,
            "birth_year_g": gregorian_year(year),
            "birth_date": record.birth_date.isoformat()
            if record.birth_date and record.birth_precision == "day"
            else None,
            "sex": record.sex,
            "national_id": _national_id(record.national_id),
        }
    )
    return values


def _eq(column: str) -> dict[str, Any]:
    return {"kind": "equal", "column": column}


def birth_comparison() -> Comparison:
    """Birth date and year: exact, ±1, ±2 years, or a Jalali year against a Gregorian one."""
    year = "birth_year"
    return Comparison(
        name="birth",
        title="birth",
        shown_column=year,
        levels=[
            Level(
                "missing", {"kind": "null", "columns": [year]}, "not given on both", is_null=True
            ),
            Level("same date", _eq("birth_date"), "same date of birth"),
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
            Level(
                "Jalali vs Gregorian",
                {
                    "kind": "shifted",
                    "column": year,
                    "shift_min": JALALI_OFFSET_MIN,
                    "shift_max": JALALI_OFFSET_MAX,
                },
                "one year is Jalali, the other Gregorian, and they agree",
            ),
            Level(
                "Jalali vs Gregorian ±2",
                {
                    "kind": "shifted",
                    "column": year,
                    "shift_min": JALALI_OFFSET_MIN - JALALI_SLACK,
                    "shift_max": JALALI_OFFSET_MAX + JALALI_SLACK,
                },
                "one year is Jalali, the other Gregorian, and they are a year or two apart",
            ),
            Level("different", {"kind": "else"}, "different years of birth"),
        ],
    )


def exact_comparison(name: str, title: str, column: str) -> Comparison:
    """Two-level comparison for sex or national ID: same or different (missing is neutral)."""
    return Comparison(
        name=name,
        title=title,
        shown_column=column,
        levels=[
            Level(
                "missing", {"kind": "null", "columns": [column]}, "not given on both", is_null=True
            ),
            Level("same", _eq(column), "same"),
            Level("different", {"kind": "else"}, "different"),
        ],
    )


TERM_FREQUENCY_COLUMNS: dict[tuple[str, str], str] = {
    ("whole_name", "same spelling"): "name_text",
    ("whole_name", "same sound"): "name_sound",
    ("family_name", "same spelling"): "family_text",
    ("given_name", "same spelling"): "given_text",
    ("father_name", "same spelling"): "father_text",
    ("given_name", "same sound"): "given_sound",
    ("given_name", "same skeleton"): "given_skeleton",
    ("family_name", "same sound"): "family_sound",
    ("family_name", "same skeleton"): "family_skeleton",
    ("father_name", "same sound"): "father_sound",
    ("father_name", "same skeleton"): "father_skeleton",
}
"""Common names are weak evidence: these (comparison, level) pairs are adjusted by how often
the value occurs. Skeleton levels too: Hassan and Hossein share the skeleton HSN, which is
worth little, while a rare skeleton shared across scripts is worth a lot."""


def people_comparisons() -> list[Comparison]:
    """The comparisons of the person-level model."""
    # Commonness is weighed inside the name levels here (TF below), not by separate comparisons.
    names = [c for c in name_comparisons(joint_parts=False) if not c.name.endswith("_frequency")]
    father = word_comparison("father_name", "father's name", "father", defer=False)
    for comparison in [*names, father]:
        for level in comparison.levels:
            level.tf_column = TERM_FREQUENCY_COLUMNS.get((comparison.name, level.label))
    return [
        *names,
        father,
        birth_comparison(),
        word_comparison("birthplace", "birthplace", "birthplace", defer=False),
        exact_comparison("sex", "sex", "sex"),
        exact_comparison("national_id", "national ID", "national_id"),
    ]


PEOPLE_BLOCKING_RULES: list[BlockingRule] = [
    [("given_skeleton", "given_skeleton"), ("family_skeleton", "family_skeleton")],
    [("name_skeleton", "name_skeleton")],
    [("name_sorted_skeleton", "name_sorted_skeleton")],
    [("national_id", "national_id")],
    [("family_skeleton", "family_skeleton"), ("father_skeleton", "father_skeleton")],
    [("given_skeleton", "given_skeleton"), ("father_skeleton", "father_skeleton")],
    [("family_skeleton", "family_skeleton"), ("birth_year_g", "birth_year_g")],
    [("given_skeleton", "given_skeleton"), ("birth_year_g", "birth_year_g")],
    [("family_skeleton", "family_skeleton"), ("birthplace_skeleton", "birthplace_skeleton")],
    [("given_skeleton", "family_skeleton"), ("birth_year_g", "birth_year_g")],
    [("family_skeleton", "given_skeleton"), ("birth_year_g", "birth_year_g")],
    [("given_skeleton", "family_skeleton"), ("family_skeleton", "given_skeleton")],
    [("name_loose_skeleton", "name_loose_skeleton")],
    [("skeleton_head", "skeleton_head"), ("skeleton_tail", "skeleton_tail")],
    # A typo in each name part still leaves the family's other facts to meet on.
    [("father_skeleton", "father_skeleton"), ("birth_year_g", "birth_year_g")],
    [("father_skeleton", "father_skeleton"), ("birthplace_skeleton", "birthplace_skeleton")],
    [("given_skeleton", "given_skeleton"), ("birthplace_skeleton", "birthplace_skeleton")],
    # One name part exact, the other with a typo past its first two consonants.
    [("first_skeleton", "first_skeleton"), ("family_head", "family_head")],
    [("first_head", "first_head"), ("family_skeleton", "family_skeleton")],
    # Two letters of one name part typed the wrong way round (همدی for مهدی).
    [("given_letters", "given_letters"), ("family_skeleton", "family_skeleton")],
    [("given_skeleton", "given_skeleton"), ("family_letters", "family_letters")],
]
"""Blocking rules for people: a pair is scored only if one of these holds."""
