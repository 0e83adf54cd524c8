"""Reading a family list: CSV or XLSX rows, headers recognised in Persian or English, values
normalised (Persian and Arabic-Indic digits, Arabic letter forms, spreadsheet dates and numbers).

Nothing here writes; ``peyvand.intake.services`` turns the rows into service calls.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from peyvand.core.digits import ascii_digits
from peyvand.intake.csv_file import BAD, read_csv
from peyvand.intake.limits import FileFormatError, Limits
from peyvand.intake.xlsx_file import read_xlsx

# The fields an import understands. For tracing requests the plain fields describe the SOUGHT
# person and the ``seeker_`` fields the person looking; contact columns belong to the seeker
# (a sought person's whereabouts are what is unknown).
FIELDS: dict[str, Promise] = {
    "given": _("Given name"),
    "family": _("Family name"),
    "full_name": _("Full name"),
    "latin_name": _("Name in Latin letters"),
    "father": _("Father's given name"),
    "mother": _("Mother's given name"),
    "birth": _("Date of birth, year or age"),
    "birthplace": _("Place of birth"),
    "sex": _("Sex"),
    "national_id": _("National ID"),
    "phone": _("Phone"),
    "email": _("Email"),
    "address": _("Postal address"),
    "consent_method": _("How consent was given"),
    "seeker_given": _("Seeker's given name"),
    "seeker_family": _("Seeker's family name"),
    "seeker_full_name": _("Seeker's full name"),
    "seeker_father": _("Seeker's father's given name"),
    "seeker_birth": _("Seeker's date of birth, year or age"),
    "seeker_sex": _("Seeker's sex"),
    "seeker_national_id": _("Seeker's national ID"),
    "relationship": _("Relationship"),
    "last_contact": _("Date of last contact"),
    "last_contact_place": _("Place of last contact"),
    "circumstances": _("Circumstances"),
}

REQUEST_ONLY = frozenset(
    {
        "seeker_given",
        "seeker_family",
        "seeker_full_name",
        "seeker_father",
        "seeker_birth",
        "seeker_sex",
        "seeker_national_id",
        "relationship",
        "last_contact",
        "last_contact_place",
        "circumstances",
    }
)
REGISTRATION_ONLY = frozenset({"consent_method"})

_ALIASES: dict[str, tuple[str, ...]] = {
    "given": ("نام", "اسم", "نام کوچک", "given name", "given", "first name", "name"),
    "family": ("نام خانوادگی", "فامیلی", "family name", "family", "surname", "last name"),
    "full_name": ("نام و نام خانوادگی", "نام کامل", "full name"),
    "latin_name": ("نام لاتین", "نام به لاتین", "latin name", "name in latin"),
    "father": ("نام پدر", "father", "father's name", "fathers name", "father name"),
    "mother": ("نام مادر", "mother", "mother's name", "mothers name", "mother name"),
    "birth": (
        "تاریخ تولد",
        "سال تولد",
        "سن",
        "birth date",
        "date of birth",
        "birth",
        "dob",
        "year of birth",
        "birth year",
        "age",
    ),
    "birthplace": ("محل تولد", "birthplace", "place of birth", "birth place"),
    "sex": ("جنسیت", "جنس", "sex", "gender"),
    "national_id": ("کد ملی", "شماره ملی", "national id", "national code", "code melli"),
    "phone": ("تلفن", "شماره تلفن", "موبایل", "تلفن همراه", "phone", "telephone", "mobile"),
    "email": ("ایمیل", "پست الکترونیک", "email", "e-mail"),
    "address": ("نشانی", "آدرس", "address", "postal address"),
    "consent_method": ("نحوه رضایت", "رضایت", "consent", "consent method"),
    "seeker_given": ("نام متقاضی", "seeker given name", "seeker name", "seeker first name"),
    "seeker_family": ("نام خانوادگی متقاضی", "seeker family name", "seeker surname"),
    "seeker_full_name": ("نام کامل متقاضی", "seeker full name"),
    "seeker_father": ("نام پدر متقاضی", "seeker father", "seeker's father"),
    "seeker_birth": ("تاریخ تولد متقاضی", "سن متقاضی", "seeker birth date", "seeker age"),
    "seeker_sex": ("جنسیت متقاضی", "seeker sex", "seeker gender"),
    "seeker_national_id": ("کد ملی متقاضی", "seeker national id"),
    "relationship": ("نسبت", "نسبت خانوادگی", "relationship", "relation"),
    "last_contact": ("تاریخ آخرین تماس", "آخرین تماس", "last contact", "date of last contact"),
    "last_contact_place": ("محل آخرین تماس", "last contact place", "place of last contact"),
    "circumstances": ("شرح", "توضیحات", "شرح حال", "circumstances", "notes", "description"),
}

_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "\u0640": None})


def normalise_header(text: str) -> str:
    """A header as compared: Persian letter forms, no ZWNJ or punctuation, lower case."""
    text = ascii_digits(unicodedata.normalize("NFC", str(text)).translate(_LETTERS))
    text = text.replace("\u200c", " ").replace("_", " ")
    text = re.sub(r"[*:؛.()\[\]]", " ", text)
    return " ".join(text.split()).casefold()


HEADER_TO_FIELD: dict[str, str] = {
    normalise_header(alias): field for field, aliases in _ALIASES.items() for alias in aliases
}
HEADER_TO_FIELD.update({normalise_header(field): field for field in FIELDS})


# C0 and C1 control characters other than tab, line feed and carriage return (which collapse to
# spaces): NUL would fail on PostgreSQL, the others are never part of a name, date or address.
_CONTROLS = {
    c: BAD for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
}


def normalise_value(value: Any) -> str:
    """A cell as text: spreadsheet dates as ISO dates, whole numbers without ``.0``, Persian
    letter forms unified, whitespace collapsed, control characters marked as U+FFFD (the row
    reports them). Digits are left as written (the validators read Persian digits; the value
    is shown back as the person wrote it)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value).translate(_CONTROLS)).translate(_LETTERS)
    return " ".join(text.split())


@dataclass(frozen=True)
class Sheet:
    """A file's header row and its data rows (1-based spreadsheet row numbers), read lazily."""

    headers: list[str]
    rows: Iterator[tuple[int, list[str]]]


def open_sheet(file: IO[bytes], name: str, limits: Limits | None = None) -> Sheet:
    """Read a CSV or XLSX file (decided by its first bytes: XLSX is a ZIP) as a stream within
    ``limits`` (the settings' caps by default). Raises :class:`FileFormatError` for a file that
    cannot be read, at once or when the rows reach a cap."""
    limits = limits or Limits.from_settings()
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    raw = read_xlsx(file, limits) if head.startswith(b"PK\x03\x04") else read_csv(file, limits)
    try:
        _number, header = next(raw)
    except StopIteration:
        raise FileFormatError(_("The file has no header row.")) from None
    headers = [normalise_value(h) for h in header]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, row in raw:
            values = [normalise_value(v) for v in row]
            if any(values):
                yield number, values

    return Sheet(headers, rows())


def detect_columns(
    headers: list[str], saved: dict[str, str] | None = None
) -> tuple[dict[int, str], list[str]]:
    """Column index → field, and the headers no field was found for. A saved mapping (header →
    field) wins over the built-in names."""
    chosen: dict[int, str] = {}
    unknown: list[str] = []
    saved_normal = {normalise_header(h): f for h, f in (saved or {}).items() if f in FIELDS}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        field = saved_normal.get(key) or HEADER_TO_FIELD.get(key)
        if field is None or field in taken:
            unknown.append(header)
            continue
        chosen[index] = field
        taken.add(field)
    return chosen, unknown
