"""Person records and the person-level comparisons (names, father, birth, place, sex, ID).

A :class:`Record` is what the web app or a CSV gives us about one person. ``record_values``
turns it into the flat comparison columns both paths (Splink batch and online index) read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from peyvand.linkage.internals.birth import (
    Precision,
    birth_comparison,
    birth_values,
    gregorian_year,
)
from peyvand.linkage.internals.comparisons import BlockingRule, Comparison, Level
from peyvand.linkage.internals.identifiers import identifier_values, national_id_comparison
from peyvand.linkage.internals.keys import skeleton
from peyvand.linkage.internals.name_features import (
    name_comparisons,
    name_values,
    word_comparison,
)

__all__ = [
    "PEOPLE_BLOCKING_RULES",
    "Precision",
    "Record",
    "birth_comparison",
    "exact_comparison",
    "gregorian_year",
    "other_names_comparison",
    "people_comparisons",
    "record_values",
]


@dataclass(frozen=True)
class Record:
    """One person as written in a registration or a tracing request.

    ``names`` holds the full names the person is known by, in any script, the main one first.
    ``birth_year`` may be Gregorian or Jalali (1345); the comparison recognises the shift.
    ``birth_date`` is known to ``birth_precision`` (day or month); a date whose year is Jalali
    is a Jalali date stored as a Gregorian one (see ``birth``). ``mother_name`` is the mother's
    given name; ``other_names`` are other names the person used (nicknames, names used in a
    camp, names before it), compared with the other side's names.
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
    mother_name: str | None = None
    other_names: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)


def _prefixed(values: dict[str, Any], prefix: str) -> dict[str, Any]:
    keys = ("text", "sound", "skeleton", "letters", "plain")
    return {f"{prefix}_{k}": values.get(f"name_{k}") for k in keys}


def record_values(record: Record) -> dict[str, Any]:
    """The comparison columns of one person record (names, parents, birth, place, sex, ID)."""
    if not record.names or not any(n.strip() for n in record.names):
        values: dict[str, Any] = name_values("")
    else:
        values = name_values(next(n for n in record.names if n.strip()))
    values.update(_prefixed(name_values(record.father_name or ""), "father"))
    values.update(_prefixed(name_values(record.mother_name or ""), "mother"))
    values.update(_prefixed(name_values(record.birthplace or "", False), "birthplace"))
    values.update(birth_values(record.birth_year, record.birth_date, record.birth_precision))
    values.update(identifier_values(record.national_id))
    values.update({"unique_id": record.record_id, "sex": record.sex})
    values.update(_other_name_values(values, record))
    values.update(_blocking_values(values))
    return values


def _other_name_values(values: dict[str, Any], record: Record) -> dict[str, Any]:
    """Given names of the other names a person used (not their main given name), and of all.

    Only ``other_names`` count: ``names`` may hold the same name in both scripts."""
    own = values.get("given_sound")
    others = [name_values(n.strip()) for n in record.other_names if n.strip()]
    other_given = sorted({g for o in others if (g := o["given_sound"]) and g != own})
    known = sorted({*other_given, *([own] if own else [])})
    return {
        "other_names_text": "; ".join(n.strip() for n in record.other_names if n.strip()) or None,
        "other_given_sounds": other_given or None,
        "known_given_sounds": known or None,
        # For blocking: the first other name's given name meets the other side's given name.
        "other_given_skeleton": others[0]["given_skeleton"] if others else None,
    }


def other_names_comparison() -> Comparison:
    """Other names (nicknames, camp names): does a name one side also used meet the other's?"""
    others = ["other_given_sounds", "known_given_sounds"]
    neither = {
        "kind": "all",
        "of": [
            {"kind": "is_null", "column": "other_given_sounds", "side": "l"},
            {"kind": "is_null", "column": "other_given_sounds", "side": "r"},
        ],
    }
    return Comparison(
        name="other_names",
        title="other names",
        shown_column="other_names_text",
        levels=[
            Level("missing", neither, "no other names given", is_null=True),
            Level(
                "another name matches",
                {"kind": "shares_any", "columns": others},
                "a name one of them was also known by is the other's given name",
            ),
            Level("different", {"kind": "else"}, "their other names do not meet"),
        ],
    )


def _blocking_values(values: dict[str, Any]) -> dict[str, Any]:
    """Keys that only blocking reads: the next year, parts of an ID, a given name's initial.

    A year one off meets its neighbour through ``birth_year_g_next``; an ID with one digit
    changed or two adjacent digits swapped keeps its first five digits, its last five, or
    its first three and last three.
    """
    year, given = values.get("birth_year_g"), values.get("given_skeleton")
    digits: str = values.get("national_id") or ""
    long_id = len(digits) >= 8
    return {
        "birth_year_g_next": year + 1 if year is not None else None,
        "id_head": digits[:5] if long_id else None,
        "id_tail": digits[-5:] if long_id else None,
        "id_ends": digits[:3] + digits[-3:] if long_id else None,
        "given_initial": given[:1] if given else None,
        # The given name without its female-ending mark: Marie ~ ماری still meets.
        "given_plain_skeleton": skeleton(plain) if (plain := values.get("given_plain")) else None,
    }


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
            Level("same", {"kind": "equal", "column": column}, "same"),
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
    ("whole_name", "same words reordered"): "name_sound",
    ("whole_name", "reordered, same consonants"): "name_sound",
    ("whole_name", "reordered, similar"): "name_sound",
    ("mother_name", "same spelling"): "mother_text",
    ("mother_name", "same sound"): "mother_sound",
    ("mother_name", "same skeleton"): "mother_skeleton",
}
"""Common names are weak evidence: these (comparison, level) pairs are adjusted by how often
the value occurs. Skeleton levels too: Hassan and Hossein share the skeleton HSN, which is
worth little, while a rare skeleton shared across scripts is worth a lot. A reading with the
words swapped is weighed by how common the two names are too (as Splink does for a level
that is not an exact match: against the u of the exact level on the same column), so that
a common name read directly (Mohammad Rezaei) does not weigh less than the same words
swapped (Reza Mohammadi) only because the direct reading alone was marked down as common."""


def people_comparisons() -> list[Comparison]:
    """The comparisons of the person-level model."""
    # Commonness is weighed inside the name levels here (TF below), not by separate comparisons.
    names = [c for c in name_comparisons(joint_parts=False) if not c.name.endswith("_frequency")]
    father = word_comparison("father_name", "father's name", "father", defer=False)
    mother = word_comparison("mother_name", "mother's name", "mother", defer=False)
    for comparison in [*names, father, mother]:
        for level in comparison.levels:
            level.tf_column = TERM_FREQUENCY_COLUMNS.get((comparison.name, level.label))
    return [
        *names,
        father,
        mother,
        birth_comparison(),
        word_comparison("birthplace", "birthplace", "birthplace", defer=False),
        exact_comparison("sex", "sex", "sex"),
        national_id_comparison(),
        other_names_comparison(),
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
    # Family name with a year one off; given name and birthplace with a year one off.
    [("family_skeleton", "family_skeleton"), ("birth_year_g", "birth_year_g_next")],
    [("family_skeleton", "family_skeleton"), ("birth_year_g_next", "birth_year_g")],
    [
        ("given_skeleton", "given_skeleton"),
        ("birth_year_g", "birth_year_g_next"),
        ("birthplace_skeleton", "birthplace_skeleton"),
    ],
    [
        ("given_skeleton", "given_skeleton"),
        ("birth_year_g_next", "birth_year_g"),
        ("birthplace_skeleton", "birthplace_skeleton"),
    ],
    # An ID typed with one slip (see _blocking_values).
    [("id_head", "id_head")],
    [("id_tail", "id_tail")],
    [("id_ends", "id_ends")],
    # The mother's name separates namesakes and meets a typo in a name part.
    [("family_skeleton", "family_skeleton"), ("mother_skeleton", "mother_skeleton")],
    [("given_skeleton", "given_skeleton"), ("mother_skeleton", "mother_skeleton")],
    # Names swapped and one of them misspelt: the other still meets with place or initial.
    [("given_skeleton", "family_skeleton"), ("birthplace_skeleton", "birthplace_skeleton")],
    [("family_skeleton", "given_skeleton"), ("birthplace_skeleton", "birthplace_skeleton")],
    [("family_skeleton", "family_skeleton"), ("given_initial", "given_initial")],
    # A request that uses the name the person was also known by (a camp name, a nickname).
    [("given_skeleton", "other_given_skeleton"), ("family_skeleton", "family_skeleton")],
    [("other_given_skeleton", "given_skeleton"), ("family_skeleton", "family_skeleton")],
    # Both parents, or the mother and the year, when the person's own names are mangled.
    [("mother_skeleton", "mother_skeleton"), ("birth_year_g", "birth_year_g")],
    [("mother_skeleton", "mother_skeleton"), ("father_skeleton", "father_skeleton")],
    # A given name marked with the female ending in one script only (Annemarie ~ آنماری).
    [("given_plain_skeleton", "given_plain_skeleton"), ("family_skeleton", "family_skeleton")],
]
"""Blocking rules for people: a pair is scored only if one of these holds."""
