"""Iranian national ID (code melli) normalisation and check digit."""

import random

import pytest
from django.core.exceptions import ValidationError

from peyvand.people.national_id import (
    code_melli_validator,
    normalise_national_id,
    validate_code_melli,
)


def check_digit(first_nine: str) -> str:
    """The published algorithm, written out independently of the module under test."""
    total = 0
    for position in range(9):
        total += int(first_nine[position]) * (10 - position)
    remainder = total % 11
    return str(remainder) if remainder < 2 else str(11 - remainder)


def generated_codes(count: int) -> list[str]:
    rng = random.Random(1345)
    codes: list[str] = []
    while len(codes) < count:
        first_nine = f"{rng.randrange(10**9):09d}"
        code = first_nine + check_digit(first_nine)
        if len(set(code)) > 1:
            codes.append(code)
    return codes


def rejection_code(text: str) -> str | None:
    with pytest.raises(ValidationError) as raised:
        validate_code_melli(text)
    return raised.value.code


def test_hand_checked_code() -> None:
    # 0*10 + 4*9 + 9*8 + 9*7 + 3*6 + 7*5 + 0*4 + 8*3 + 9*2 = 266; 266 % 11 = 2; 11 - 2 = 9.
    assert validate_code_melli("0499370899") == "0499370899"


@pytest.mark.parametrize(
    "code",
    [
        "0100000010",  # 1*9 + 1*2 = 11, remainder 0 -> check digit 0
        "1000000011",  # 1*10 + 1*2 = 12, remainder 1 -> check digit 1
        "0000000027",  # 2*2 = 4, remainder 4 -> check digit 11 - 4 = 7
    ],
)
def test_hand_checked_remainder_cases(code: str) -> None:
    assert validate_code_melli(code) == code


def test_generated_codes_are_valid_and_one_digit_off_is_not() -> None:
    for code in generated_codes(500):
        assert validate_code_melli(code) == code
        code_melli_validator(code)
        wrong_last = code[:9] + str((int(code[9]) + 1) % 10)
        assert rejection_code(wrong_last) == "checksum"


def test_both_small_remainders_are_covered() -> None:
    seen = set()
    for code in generated_codes(500):
        total = sum(int(code[i]) * (10 - i) for i in range(9))
        seen.add(min(total % 11, 2))
    assert seen == {0, 1, 2}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۰۴۹۹۳۷۰۸۹۹", "0499370899"),
        ("٠٤٩٩٣٧٠٨٩٩", "0499370899"),
        ("049-937089-9", "0499370899"),
        (" 049 937 0899 ", "0499370899"),
        ("049–937089–9", "0499370899"),
        ("499370899", "0499370899"),
        ("\u200f۰۴۹-۹۳۷۰۸۹-۹", "0499370899"),
    ],
)
def test_normalised_forms_validate(text: str, expected: str) -> None:
    assert normalise_national_id(text) == expected
    assert validate_code_melli(text) == expected


def test_eight_digits_padded_with_two_zeros() -> None:
    code = next(c for c in generated_codes(5000) if c.startswith("00") and c[2] != "0")
    assert normalise_national_id(code[2:]) == code
    assert validate_code_melli(code[2:]) == code


def test_other_lengths_not_padded() -> None:
    assert normalise_national_id("1234567") == "1234567"
    assert normalise_national_id("12345678901") == "12345678901"


@pytest.mark.parametrize("digit", "0123456789")
def test_all_same_digit_rejected(digit: str) -> None:
    assert rejection_code(digit * 10) == "repeated"


@pytest.mark.parametrize(
    "text", ["", "1234567", "12345678901", "04993708a9", "abcdefghij", "0499370899x"]
)
def test_wrong_length_or_letters(text: str) -> None:
    assert rejection_code(text) == "length"


def test_invalid_checksum() -> None:
    assert rejection_code("0499370898") == "checksum"
    assert rejection_code("0499370889") == "checksum"  # swapped digits


def test_validator_rejects_with_validation_error() -> None:
    with pytest.raises(ValidationError):
        code_melli_validator("1234567890")
    code_melli_validator("0499370899")
