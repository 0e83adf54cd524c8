"""Writes to persons and their names. Every function here runs in a transaction and is audited."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from peyvand.accounts.models import Agency, User
from peyvand.audit.services import EventInput, record_event, record_events
from peyvand.core.bulk import insert_rows
from peyvand.core.dates import DateParseError, PartialDate, parse_partial_date
from peyvand.people.models import ContactDetail, ContactKind, Name, NameKind, Person, Sex
from peyvand.people.name_search import name_search_key
from peyvand.people.national_id import validate_code_melli
from peyvand.people.scripts import detect_script

# Django rebuilds a choices class's ``values`` list on every access; a bulk import asks millions
# of times.
_SEXES = frozenset(Sex.values)
_NAME_KINDS = frozenset(NameKind.values)
_CONTACT_KINDS = frozenset(ContactKind.values)


# Direction marks, embeddings, overrides and isolates (and the Arabic letter mark) change how
# text is displayed, not what it says; pasted names often carry them. They are removed before
# anything is checked or stored. ZWNJ (U+200C) is a letter-joining control Persian needs: kept.
_BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def without_bidi_controls(text: str) -> str:
    """``text`` without direction controls (they would let a name display as another)."""
    return text.translate(_BIDI_CONTROLS)


def has_letters(text: str) -> bool:
    """True when ``text`` holds at least one letter of any script (not only emoji, digits or
    punctuation)."""
    return any(unicodedata.category(c).startswith("L") for c in text)


def _clean_text(text: str) -> str:
    return " ".join(without_bidi_controls(text).split())


@dataclass(frozen=True)
class NameInput:
    """One written form of a name as entered; ``script`` is detected when left empty."""

    full: str
    given: str = ""
    family: str = ""
    kind: str = NameKind.BIRTH
    script: str = ""
    source: str = ""


@dataclass(frozen=True)
class ContactInput:
    """One way to reach a person: kind (phone, email, address, other) and its value."""

    kind: str
    value: str


@dataclass(frozen=True)
class PersonInput:
    """What a form, an import or the demo generator knows about a person."""

    names: list[NameInput]
    sex: str = ""
    birth_date_text: str = ""
    birthplace: str = ""
    father_given_name: str = ""
    mother_given_name: str = ""
    national_id: str = ""
    contacts: tuple[ContactInput, ...] = ()


@dataclass(frozen=True)
class CleanPerson:
    """A validated PersonInput, ready to write."""

    data: PersonInput
    birth: PartialDate | None
    national_id: str


def clean_person(data: PersonInput) -> CleanPerson:
    """Validate before anything is written; raise one ValidationError naming every bad field."""
    errors: dict[str, list[str]] = {}
    names = [n for n in data.names if _clean_text(n.full)]
    if not names:
        errors["names"] = [_("Give at least one name, in any script.")]
    elif not all(has_letters(n.full) for n in names):
        errors["names"] = [_("A name must be written in letters, not only in signs or pictures.")]
    for field_name in ("father_given_name", "mother_given_name", "birthplace"):
        value = _clean_text(getattr(data, field_name))
        if value and not has_letters(value):
            errors[field_name] = [_("Write this in letters, not only in signs or pictures.")]
    if data.sex not in _SEXES:
        errors["sex"] = [_("Choose female, male or not stated.")]
    kinds = _NAME_KINDS
    if any(n.kind not in kinds for n in names):
        errors["names"] = [_("Unknown kind of name.")]
    birth = None
    if data.birth_date_text.strip():
        try:
            birth = parse_partial_date(data.birth_date_text)
        except DateParseError as exc:
            errors["birth_date_text"] = [str(exc)]
    national_id = ""
    if data.national_id.strip():
        try:
            national_id = validate_code_melli(data.national_id)
        except ValidationError as exc:
            errors["national_id"] = list(exc.messages)
    contact_errors = [
        message for contact in data.contacts if (message := contact_problem(contact)) is not None
    ]
    if contact_errors:
        errors["contacts"] = contact_errors
    if errors:
        raise ValidationError(errors)
    return CleanPerson(data=data, birth=birth, national_id=national_id)


def contact_problem(contact: ContactInput) -> str | None:
    """A translated complaint about one contact detail, or None when it is usable."""
    value = contact.value.strip()
    if contact.kind not in _CONTACT_KINDS:
        return _("Unknown kind of contact detail.")
    if not value:
        return _("A contact detail cannot be empty.")
    if contact.kind == ContactKind.EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            return _("“%(value)s” is not an email address.") % {"value": value}
    if contact.kind == ContactKind.PHONE:
        digits = [c for c in value if c.isdigit()]
        if len(digits) < 6 or any(c.isalpha() for c in value):
            return _("“%(value)s” is not a phone number.") % {"value": value}
    return None


def _person_values(clean: CleanPerson) -> dict[str, Any]:
    data = clean.data
    birth = clean.birth
    return {
        "sex": data.sex,
        "birth_date": birth.value if birth else None,
        "birth_date_precision": str(birth.precision) if birth else "",
        "birth_date_calendar": str(birth.calendar) if birth else "",
        "birth_date_text": birth.text if birth else "",
        "birthplace": _clean_text(data.birthplace),
        "father_given_name": _clean_text(data.father_given_name),
        "mother_given_name": _clean_text(data.mother_given_name),
        "national_id": clean.national_id,
    }


def _name_values(data: PersonInput) -> list[dict[str, Any]]:
    values = []
    for name in data.names:
        full = _clean_text(name.full)
        if not full:
            continue
        values.append(
            {
                "full": full,
                "given": _clean_text(name.given),
                "family": _clean_text(name.family),
                "kind": name.kind,
                "script": name.script or detect_script(full),
                "source": name.source,
                "search_key": name_search_key(full),
            }
        )
    return values


def _contact_values(data: PersonInput) -> list[dict[str, Any]]:
    return [{"kind": contact.kind, "value": contact.value.strip()} for contact in data.contacts]


def _write_person(agency: Agency, clean: CleanPerson) -> Person:
    person = Person.objects.create(agency=agency, **_person_values(clean))
    for name in _name_values(clean.data):
        person.names.create(**name)
    for contact in _contact_values(clean.data):
        person.contacts.create(**contact)
    return person


def create_person(actor: User | None, agency: Agency, data: PersonInput) -> Person:
    """Validate and store a person with their names; audited as ``person.created``."""
    clean = clean_person(data)
    with transaction.atomic():
        person = _write_person(agency, clean)
        record_event(actor, "person.created", person, details={"names": len(data.names)})
    return person


def create_persons(actor: User | None, agency: Agency, people: Sequence[CleanPerson]) -> list[int]:
    """Store many validated persons with their names and contacts in a few queries (bulk
    loads): the same rows and ``person.created`` events as ``create_person`` for each. Returns
    the new persons' ids in order."""
    with transaction.atomic():
        ids = insert_rows(
            Person,
            [{"agency_id": agency.pk, **_person_values(clean)} for clean in people],
            returning_ids=True,
        )
        pairs = list(zip(ids, people, strict=True))
        insert_rows(
            Name, [{"person_id": pk, **v} for pk, clean in pairs for v in _name_values(clean.data)]
        )
        insert_rows(
            ContactDetail,
            [{"person_id": pk, **v} for pk, clean in pairs for v in _contact_values(clean.data)],
        )
        record_events(
            actor,
            [
                EventInput(
                    "person.created",
                    ("people.person", pk),
                    details={"names": len(clean.data.names)},
                )
                for pk, clean in pairs
            ],
        )
    return ids


def add_contact_detail(actor: User | None, person: Person, contact: ContactInput) -> ContactDetail:
    """Add one way to reach a person; audited without the value."""
    problem = contact_problem(contact)
    if problem is not None:
        raise ValidationError({"contacts": [problem]})
    with transaction.atomic():
        detail = person.contacts.create(kind=contact.kind, value=contact.value.strip())
        record_event(actor, "person.contact_added", person, details={"kind": contact.kind})
    return detail
