"""Iranian national identification numbers (code melli, کد ملی).

A code melli has ten digits; the last is a check digit over the first nine. People write it with
Persian or Arabic-Indic digits, with dashes (``049-937089-9``) or spaces, and old cards and
spreadsheets often lose the leading zeros, so eight- and nine-digit inputs are padded back.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peyvand.core.digits import ascii_digits

__all__ = ["code_melli_validator", "normalise_national_id", "validate_code_melli"]

CODE_MELLI_LENGTH = 10

# Whitespace, ASCII and Unicode dashes, tatweel, bidi marks and ZWNJ: formatting, never content.
_FORMATTING = re.compile("[\\s\\-\u2010-\u2015\u2212\u0640\u200c\u200e\u200f\u202a-\u202e]+")


def normalise_national_id(text: str) -> str:
    """Return ``text`` with ASCII digits and no spaces or dashes, zero-padded to ten digits.

    Eight- and nine-digit numbers are left-padded with zeros (a spreadsheet that stored the code
    as a number drops them). Anything else is returned as is, for the validator to reject.
    """
    compact = _FORMATTING.sub("", ascii_digits(text))
    if compact.isascii() and compact.isdigit() and len(compact) in (8, 9):
        return compact.zfill(CODE_MELLI_LENGTH)
    return compact


def _check_digit(first_nine: str) -> int:
    remainder = sum(int(digit) * (10 - index) for index, digit in enumerate(first_nine)) % 11
    return remainder if remainder < 2 else 11 - remainder


def validate_code_melli(text: str) -> str:
    """Return the normalised ten-digit code melli, or raise ``ValidationError``.

    Error codes: ``length`` (not ten digits after normalising), ``repeated`` (one digit ten times,
    such as 1111111111, which passes the checksum but is never issued) and ``checksum``.
    """
    code = normalise_national_id(text)
    if not (code.isascii() and code.isdigit() and len(code) == CODE_MELLI_LENGTH):
        raise ValidationError(
            _("A national ID (code melli) has 10 digits, such as 0499370899. Please check it."),
            code="length",
        )
    if len(set(code)) == 1:
        raise ValidationError(
            _("%(code)s is not a real national ID (code melli). Please check it."),
            code="repeated",
            params={"code": code},
        )
    if int(code[9]) != _check_digit(code[:9]):
        raise ValidationError(
            _(
                "%(code)s is not a valid national ID (code melli): one of the digits is wrong "
                "or two are swapped. Please check it against the card."
            ),
            code="checksum",
            params={"code": code},
        )
    return code


def code_melli_validator(value: str) -> None:
    """Django field validator: raises ``ValidationError`` unless ``value`` is a valid code."""
    validate_code_melli(str(value))
