"""One row of a family list turned into service inputs: names, sex, dates, contacts,
relationship or consent parsed from the file's text and validated as the services will, with
every problem named by row and column. Nothing here writes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from peyvand.accounts.models import Agency
from peyvand.core.dates import DateParseError, parse_partial_date
from peyvand.intake.models import (
    ImportKind,
)
from peyvand.intake.reading import (
    BAD,
    FIELDS,
    ascii_digits,
)
from peyvand.people.models import ContactKind, Sex
from peyvand.people.services import (
    CleanPerson,
    ContactInput,
    NameInput,
    PersonInput,
    clean_person,
    contact_problem,
)
from peyvand.tracing.models import ConsentMethod, Relationship
from peyvand.tracing.services import (
    CleanRequest,
)

_SEX = {
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "woman": Sex.FEMALE,
    "زن": Sex.FEMALE,
    "مونث": Sex.FEMALE,
    "مؤنث": Sex.FEMALE,
    "خانم": Sex.FEMALE,
    "دختر": Sex.FEMALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "man": Sex.MALE,
    "مرد": Sex.MALE,
    "مذکر": Sex.MALE,
    "آقا": Sex.MALE,
    "پسر": Sex.MALE,
    "": Sex.UNKNOWN,
    "-": Sex.UNKNOWN,
    "نامشخص": Sex.UNKNOWN,
    "unknown": Sex.UNKNOWN,
    "not stated": Sex.UNKNOWN,
}

_RELATIONSHIP = {
    **{value: value for value in Relationship.values},
    **{str(label).casefold(): value for value, label in Relationship.choices},
    "father": "parent",
    "mother": "parent",
    "son": "child",
    "daughter": "child",
    "brother": "sibling",
    "sister": "sibling",
    "husband": "spouse",
    "wife": "spouse",
    "پدر": "parent",
    "مادر": "parent",
    "فرزند": "child",
    "پسر": "child",
    "دختر": "child",
    "برادر": "sibling",
    "خواهر": "sibling",
    "همسر": "spouse",
    "شوهر": "spouse",
    "پدربزرگ": "grandparent",
    "مادربزرگ": "grandparent",
    "نوه": "grandchild",
    "عمو": "uncle_aunt",
    "عمه": "uncle_aunt",
    "دایی": "uncle_aunt",
    "خاله": "uncle_aunt",
    "برادرزاده": "nephew_niece",
    "خواهرزاده": "nephew_niece",
    "پسرعمو": "cousin",
    "دخترعمو": "cousin",
    "پسرخاله": "cousin",
    "دخترخاله": "cousin",
    "پسردایی": "cousin",
    "دختردایی": "cousin",
    "پسرعمه": "cousin",
    "دخترعمه": "cousin",
    "سایر": "other",
    "دیگر": "other",
}

_CONSENT = {
    **{value: value for value in ConsentMethod.values},
    "کتبی": ConsentMethod.WRITTEN,
    "written": ConsentMethod.WRITTEN,
    "حضوری": ConsentMethod.IN_PERSON,
    "in person": ConsentMethod.IN_PERSON,
}


@dataclass(frozen=True)
class CellError:
    """Why one row fails, and in which column (the file's own header)."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Prepared:
    """A row turned into service inputs, or the reasons it cannot be."""

    number: int
    values: dict[str, str]
    errors: list[CellError] = field(default_factory=list)
    person: PersonInput | None = None  # the sought person (requests) or the registered one
    seeker: PersonInput | None = None
    relationship: str = ""
    consent_method: str = ""
    clean: CleanPerson | None = None
    seeker_clean: CleanPerson | None = None
    request: CleanRequest | None = None  # the tracing service's check, once the row passed


def fingerprint(agency: Agency, kind: str, values: dict[str, str]) -> str:
    """sha256 of the normalised row, the agency and the kind: the row's identity for re-runs."""
    normal = {k: " ".join(ascii_digits(v).casefold().split()) for k, v in values.items() if v}
    text = json.dumps([agency.pk, kind, sorted(normal.items())], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _header(columns: dict[str, str], *fields: str) -> str:
    for name in fields:
        if name in columns:
            return columns[name]
    return str(FIELDS[fields[0]])


def _person_input(
    values: dict[str, str],
    columns: dict[str, str],
    number: int,
    prefix: str,
    with_contacts: bool,
    errors: list[CellError],
) -> PersonInput:
    def get(name: str) -> str:
        return values.get(prefix + name, "")

    names: list[NameInput] = []
    given, family, full = get("given"), get("family"), get("full_name")
    if given or family:
        names.append(NameInput(full=f"{given} {family}".strip(), given=given, family=family))
    elif full:
        names.append(NameInput(full=full))
    if not prefix and values.get("latin_name"):
        names.append(NameInput(full=values["latin_name"]))
    sex_text = get("sex").casefold()
    sex = _SEX.get(sex_text)
    if sex is None:
        errors.append(
            CellError(
                number,
                _header(columns, prefix + "sex"),
                _("“%(value)s” is not a sex we recognise: write زن/مرد or female/male.")
                % {"value": get("sex")},
            )
        )
        sex = Sex.UNKNOWN
    contacts: list[ContactInput] = []
    if with_contacts:
        for kind in (ContactKind.PHONE, ContactKind.EMAIL, ContactKind.ADDRESS):
            raw = values.get(str(kind), "")
            if not raw:
                continue
            value = ascii_digits(raw) if kind == ContactKind.PHONE else raw
            contact = ContactInput(kind=str(kind), value=value)
            problem = contact_problem(contact)
            if problem is not None:
                errors.append(CellError(number, _header(columns, str(kind)), problem))
            else:
                contacts.append(contact)
    return PersonInput(
        names=names,
        sex=str(sex),
        birth_date_text=get("birth"),
        birthplace="" if prefix else values.get("birthplace", ""),
        father_given_name=get("father"),
        mother_given_name="" if prefix else values.get("mother", ""),
        national_id=get("national_id"),
        contacts=tuple(contacts),
    )


_SERVICE_FIELDS = {
    "names": ("given", "full_name", "family"),
    "sex": ("sex",),
    "birth_date_text": ("birth",),
    "national_id": ("national_id",),
    "contacts": ("phone", "email", "address"),
    "relationship": ("relationship",),
    "last_contact_text": ("last_contact",),
    "consent_method": ("consent_method",),
}


def errors_from_service(
    exc: ValidationError, columns: dict[str, str], number: int, kind: str
) -> list[CellError]:
    """A service's ValidationError, message by message, on the columns the fields came from."""
    found: list[CellError] = []
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]
    for key, messages in items:
        prefix, _dot, name = key.rpartition(".")
        prefix = "seeker_" if prefix == "seeker" else ""
        fields = _SERVICE_FIELDS.get(name, ())
        # contact columns carry no prefix: in a request file they are the seeker's
        candidates = [
            prefix + f if not f.startswith(("phone", "email", "address")) else f for f in fields
        ]
        column = _header(columns, *candidates) if candidates else "—"
        found.extend(CellError(number, column, str(m)) for m in messages)
    return found


def prepare_row(
    kind: str, columns: dict[str, str], number: int, values: dict[str, str]
) -> Prepared:
    """Turn one row into service inputs and validate them as the service will."""
    row = Prepared(number=number, values=values)
    unreadable = [name for name, value in values.items() if BAD in value]
    for name in unreadable:
        row.errors.append(
            CellError(
                number,
                _header(columns, name),
                _(
                    "The cell holds bytes that are not text (shown as �): bytes that are not "
                    "UTF-8, a NUL or other control character, or a line break outside quotes. "
                    "Correct the cell in the file or here."
                ),
            )
        )
    if unreadable:
        return row  # nothing of the row is read further: it waits in quarantine as it is
    requests = kind == ImportKind.REQUESTS
    row.person = _person_input(values, columns, number, "", not requests, row.errors)
    try:
        row.clean = clean_person(row.person)
    except ValidationError as exc:
        row.errors.extend(errors_from_service(exc, columns, number, kind))
    if requests:
        row.seeker = _person_input(values, columns, number, "seeker_", True, row.errors)
        try:
            row.seeker_clean = clean_person(row.seeker)
        except ValidationError as exc:
            failed = ValidationError({f"seeker.{k}": v for k, v in exc.message_dict.items()})
            row.errors.extend(errors_from_service(failed, columns, number, kind))
        text = values.get("relationship", "")
        relationship = _RELATIONSHIP.get(text.casefold().replace(" ", "").replace("\u200c", ""))
        relationship = relationship or _RELATIONSHIP.get(text.casefold())
        if relationship is None:
            row.errors.append(
                CellError(
                    number,
                    _header(columns, "relationship"),
                    _("“%(value)s” is not a relationship we recognise, e.g. پدر, خواهر, parent.")
                    % {"value": text}
                    if text
                    else _("Say how the sought person is related to the seeker."),
                )
            )
        else:
            row.relationship = relationship
        if values.get("last_contact"):
            try:
                parse_partial_date(values["last_contact"])
            except DateParseError as exc:
                row.errors.append(CellError(number, _header(columns, "last_contact"), str(exc)))
    else:
        text = values.get("consent_method", "")
        method = _CONSENT.get(text.casefold(), ConsentMethod.WRITTEN if not text else None)
        if method is None:
            row.errors.append(
                CellError(
                    number,
                    _header(columns, "consent_method"),
                    _(
                        "“%(value)s” is not a way of giving consent: write کتبی/written or "
                        "حضوری/in person."
                    )
                    % {"value": text},
                )
            )
        else:
            row.consent_method = str(method)
    return row
