"""Persian and Arabic-Indic digits ↔ ASCII digits: one table for every place that reads numbers
typed by people (dates, codes, passphrases, phone numbers, spreadsheet cells)."""

from __future__ import annotations

_TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)
_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def ascii_digits(text: str) -> str:
    """``text`` with Persian (۰–۹) and Arabic-Indic (٠–٩) digits replaced by 0–9."""
    return text.translate(_TO_ASCII)


def persian_digits(text: str) -> str:
    """``text`` with 0–9 written as Persian digits (۰–۹), for showing numbers to fa readers."""
    return text.translate(_TO_PERSIAN)
