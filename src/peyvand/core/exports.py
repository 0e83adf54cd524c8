"""Staff exports of a case list: CSV or XLSX with chosen columns.

Every text cell that a spreadsheet could read as a formula (it starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) gets a leading apostrophe. When any column holds personal data
the file is wrapped in an AES-256 encrypted zip whose password is generated here, shown to the
staff member once and never stored. Each export is audited (columns, row count, format; no values).
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

import pyzipper
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import User
from peyvand.audit.services import record_event
from peyvand.audit.tombstones import erased_among
from peyvand.people.models import Person
from peyvand.tracing.models import Case

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# No 0/O, 1/I/L: the password is read off the screen and typed in.
_PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105


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


def _first_name(person: Person) -> str:
    names = list(person.names.all())
    return names[0].full if names else ""


@dataclass(frozen=True)
class Column:
    label: Promise
    personal: bool
    value: Callable[[Case], object]


COLUMNS: dict[str, Column] = {
    "reference_code": Column(
        _("Reference code"), False, lambda c: c.tracing_request.reference_code
    ),
    "agency": Column(_("Agency"), False, lambda c: c.agency.code),
    "state": Column(_("Case state"), False, lambda c: c.get_state_display()),
    "outcome": Column(_("Outcome"), False, lambda c: c.get_outcome_display() if c.outcome else ""),
    "opened_at": Column(_("Opened"), False, lambda c: c.opened_at),
    "closed_at": Column(_("Closed"), False, lambda c: c.closed_at),
    "assigned_to": Column(
        _("Assigned to"), False, lambda c: c.assigned_to.username if c.assigned_to else ""
    ),
    "relationship": Column(
        _("Relationship"), False, lambda c: c.tracing_request.get_relationship_display()
    ),
    "seeker_name": Column(
        _("Seeker's name"), True, lambda c: _first_name(c.tracing_request.seeker)
    ),
    "sought_name": Column(
        _("Sought person's name"), True, lambda c: _first_name(c.tracing_request.sought)
    ),
    "sought_birth": Column(
        _("Sought person's birth date"), True, lambda c: c.tracing_request.sought.birth_date_text
    ),
    "sought_birthplace": Column(
        _("Sought person's birthplace"), True, lambda c: c.tracing_request.sought.birthplace
    ),
    "sought_father": Column(
        _("Sought person's father's name"),
        True,
        lambda c: c.tracing_request.sought.father_given_name,
    ),
    "last_contact": Column(_("Last contact"), True, lambda c: c.tracing_request.last_contact_text),
    "last_contact_place": Column(
        _("Place of last contact"), True, lambda c: c.tracing_request.last_contact_place
    ),
}
# Contact details are never exported: they reach no one without the person's consent.


def has_personal_data(columns: Iterable[str]) -> bool:
    return any(COLUMNS[key].personal for key in columns)


def new_password() -> str:
    """About 100 bits, in five groups of four for reading off the screen."""
    body = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(20))
    return "-".join(body[i : i + 4] for i in range(0, 20, 4))


def table(cases: Iterable[Case], columns: list[str]) -> list[list[object]]:
    """Header and rows, every cell escaped."""
    header: list[object] = [escape_cell(str(COLUMNS[key].label)) for key in columns]
    return [header] + [[escape_cell(COLUMNS[key].value(case)) for key in columns] for case in cases]


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


def export_cases(actor: User, cases: QuerySet[Case], columns: list[str], fmt: str) -> Export:
    """Build the export of ``cases`` (already narrowed to what ``actor`` may see); audited."""
    unknown = [key for key in columns if key not in COLUMNS]
    if unknown or not columns or fmt not in CONTENT_TYPES:
        raise ValueError("unknown column or format")
    # Persons already emptied by an erasure are read empty below; any other that gains a
    # tombstone from here on makes the file stale. Asked before the rows are read, so an
    # erasure that commits in between is caught either way.
    emptied = erased_among(
        "people.person",
        {
            person_id
            for pair in cases.values_list(
                "tracing_request__seeker_id", "tracing_request__sought_id"
            )
            for person_id in pair
        },
    )
    selected = list(
        cases.select_related(
            "agency", "assigned_to", "tracing_request__seeker", "tracing_request__sought"
        ).prefetch_related("tracing_request__seeker__names", "tracing_request__sought__names")
    )
    rows = table(selected, columns)
    person_ids = frozenset(
        person_id
        for case in selected
        for person_id in (case.tracing_request.seeker_id, case.tracing_request.sought_id)
        if person_id not in emptied
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    name = f"peyvand-cases-{stamp}.{fmt}"
    content = to_csv(rows) if fmt == "csv" else to_xlsx(rows)
    personal = has_personal_data(columns)
    password = new_password() if personal else ""
    record_event(
        actor,
        "export.cases",
        ("tracing.case", "export"),
        details={
            "columns": columns,
            "rows": len(rows) - 1,
            "format": fmt,
            "encrypted": personal,
        },
    )
    if personal:
        return Export(
            name + ".zip",
            encrypted_zip(name, content, password),
            "application/zip",
            password,
            person_ids,
        )
    return Export(name, content, CONTENT_TYPES[fmt], "", person_ids)
