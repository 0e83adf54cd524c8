"""National identifiers: the Iranian national code (code melli) and its check digit.

A national code has ten digits; the last is a check digit over the first nine, so a code
typed with one digit wrong, or two adjacent digits swapped, almost never passes the check.
The comparison therefore tells apart the same *valid* code (strong evidence), the same code
that fails its check (a number, but not certainly a well-typed national code), a code one
typing slip away from the other (one digit changed, two adjacent digits swapped), and two
different codes (strong evidence against only when both are valid).
"""

from __future__ import annotations

import re
from typing import Any

from peyvand.linkage.internals.comparisons import Comparison, Level
from peyvand.linkage.internals.normalise import fold_digits

NATIONAL_CODE_LENGTH = 10


def national_id_digits(raw: str | None) -> str | None:
    """The digits of an identifier (Persian digits folded), or None when it has none."""
    digits = re.sub(r"\D", "", fold_digits(raw or ""))
    return digits or None


def is_valid_national_code(digits: str | None) -> bool:
    """Whether ``digits`` is a ten-digit Iranian national code whose check digit agrees.

    The check digit c is the remainder r of Σ digitᵢ·(10 − i) over the first nine digits
    modulo 11 when r < 2, and 11 − r otherwise. A code of one repeated digit passes the
    arithmetic but is never issued.
    """
    if digits is None or len(digits) != NATIONAL_CODE_LENGTH or not digits.isdigit():
        return False
    if len(set(digits)) == 1:
        return False
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    check = remainder if remainder < 2 else 11 - remainder
    return int(digits[9]) == check


def national_code_check_digit(first_nine: str) -> str:
    """The check digit that makes ``first_nine`` + digit a valid national code."""
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(first_nine[:9])) % 11
    return str(remainder if remainder < 2 else 11 - remainder)


def identifier_values(raw: str | None) -> dict[str, Any]:
    """The identifier columns of one record: its digits and whether they pass the check."""
    digits = national_id_digits(raw)
    return {
        "national_id": digits,
        "national_id_valid": None if digits is None else int(is_valid_national_code(digits)),
    }


def national_id_comparison() -> Comparison:
    """National ID: same valid code, same code, one slip apart, or different."""
    column, valid = "national_id", "national_id_valid"
    both_valid = {"kind": "both_at_least", "column": valid, "value": 1}
    same = {"kind": "equal", "column": column}
    return Comparison(
        name="national_id",
        title="national ID",
        shown_column=column,
        levels=[
            Level(
                "missing", {"kind": "null", "columns": [column]}, "not given on both", is_null=True
            ),
            Level(
                "same valid code",
                {"kind": "all", "of": [same, both_valid]},
                "same national code, and its check digit is right",
            ),
            Level("same", same, "same number (not a national code that passes its check)"),
            Level(
                "one digit changed",
                {"kind": "substituted_at_most", "column": column, "at_most": 1},
                "the same number but for one digit",
            ),
            Level(
                "adjacent digits swapped",
                {"kind": "adjacent_swap", "column": column},
                "the same number with two neighbouring digits swapped",
            ),
            Level(
                "different valid codes",
                both_valid,
                "two different national codes, both with a right check digit",
            ),
            Level("different", {"kind": "else"}, "different numbers"),
        ],
    )
