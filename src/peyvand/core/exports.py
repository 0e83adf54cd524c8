"""Spreadsheet files for staff exports (``peyvand.tracing.case_exports`` builds the case list's).

Every text cell that a spreadsheet could read as a formula (it starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) gets a leading apostrophe. A file that holds personal data goes
out in an AES-256 encrypted zip whose password is generated here, shown to the staff member once
and never stored.
"""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass
from datetime import date, datetime

import pyzipper
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# No 0/O, 1/I/L: the password is read off the screen and typed in.
_PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - an alphabet, not a password


def escape_cell(value: object) -> object:
    """A value safe to put in a spreadsheet cell: formula-like text gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def new_password() -> str:
    """About 100 bits, in five groups of four for reading off the screen."""
    body = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(20))
    return "-".join(body[i : i + 4] for i in range(0, 20, 4))


def to_csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    # The BOM makes spreadsheet programs read Persian text as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("cases")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def encrypted_zip(name: str, content: bytes, password: str) -> bytes:
    """``content`` as ``name`` inside an AES-256 encrypted zip."""
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        archive.writestr(name, content)
    return buffer.getvalue()


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    content_type: str
    password: str  # empty when the file holds no personal data and is not encrypted
    # The seekers and sought persons whose rows are in the file: a later erasure of any of them
    # makes a file kept for download unavailable.
    person_ids: frozenset[int] = frozenset()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
