"""Seekers type codes and passphrases as they can: any case, spaces, Persian digits."""

from __future__ import annotations

import pytest

from peyvand.tracing.seeker import normalise_code, normalise_passphrase


@pytest.mark.parametrize(
    "typed", ["PV-7K3M-Q9TX", "pv 7k3m q9tx", "7k3m-q9tx", "pv-۷k۳m-q۹tx", " PV7K3MQ9TX "]
)
def test_code_variants_normalise_to_the_issued_code(typed: str) -> None:
    assert normalise_code(typed) == "PV-7K3M-Q9TX"


def test_passphrase_digits_and_separators() -> None:
    assert normalise_passphrase("۱۲۳۴ ۵۶۷۸ ۹۰۱۲") == "1234-5678-9012"
    assert normalise_passphrase("1234.5678.9012") == "1234-5678-9012"
    assert normalise_passphrase("12") == "12"
