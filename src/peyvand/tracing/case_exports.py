"""Staff exports of a case list: CSV or XLSX with chosen columns, audited.

When any column holds personal data the file is wrapped in an AES-256 encrypted zip whose password
is generated here, shown to the staff member once and never stored. Each export is audited
(columns, row count, format; no values). The file formats are ``peyvand.core.exports``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import User
from peyvand.audit.services import record_event
from peyvand.audit.tombstones import erased_among
from peyvand.core.exports import (
    CONTENT_TYPES,
    Export,
    encrypted_zip,
    escape_cell,
    new_password,
    to_csv,
    to_xlsx,
)
from peyvand.people.models import Person
from peyvand.tracing.models import Case


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


def table(cases: Iterable[Case], columns: list[str]) -> list[list[object]]:
    """Header and rows, every cell escaped."""
    header: list[object] = [escape_cell(str(COLUMNS[key].label)) for key in columns]
    return [header] + [[escape_cell(COLUMNS[key].value(case)) for key in columns] for case in cases]


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
