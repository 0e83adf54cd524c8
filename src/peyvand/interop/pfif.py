"""PFIF 1.4 documents: parse and validate a partner's XML, build our own.

The element names, the mandatory fields and the value rules follow the PFIF 1.4 specification
(http://zesty.ca/pfif/1.4, namespace ``http://zesty.ca/pfif/1.4``):

- record ids are ``domain/unique``, the domain naming the record's original repository;
- ``entry_date``, ``expiry_date`` and ``source_date`` are UTC, ``YYYY-MM-DDTHH:MM:SSZ``;
- ``sex`` is ``female``, ``male`` or ``other``; ``date_of_birth`` is ``YYYY``, ``YYYY-MM`` or
  ``YYYY-MM-DD``; ``age`` is ``N`` or ``N-M``; ``home_country`` is an ISO 3166-1 alpha-2 code;
- a note's ``status`` is one of ``information_sought``, ``is_note_author``, ``believed_alive``,
  ``believed_missing``, ``believed_dead``; ``author_made_contact`` is ``true`` or ``false``;
- a person needs ``person_record_id``, ``source_date`` and ``full_name``; a note needs
  ``note_record_id``, ``author_name`` and ``source_date``.

Parsing is incremental (``defusedxml``'s ``iterparse``, each record dropped once read), within
``PEYVAND_PFIF_MAX_BYTES`` and ``PEYVAND_PFIF_MAX_RECORDS``, and uses :mod:`defusedxml`: a
document type declaration, any entity declaration (the
"billion laughs" bomb) and any external entity or DTD are refused before anything is read.
Every failure raises :class:`PfifRefused` naming the reason and the record id; the caller refuses
the file whole.

Peyvand's extras travel in one ``pv:peyvand`` element per person, in the namespace
``https://peyvand.org/pfif-ext/1``, which a plain PFIF reader ignores as an unknown element:
every name with its script and kind, the birth date's original calendar, precision and text, the
relationship to the seeker, and the consent scope recorded by the original repository.
"""

from __future__ import annotations

import datetime
import io
import re
import xml.etree.ElementTree as ET  # building only; parsing goes through defusedxml
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

import defusedxml.ElementTree as SafeET
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from peyvand.consent.models import Choice
from peyvand.people.models import CalendarKind, ContactKind, DatePrecision, NameKind, Script
from peyvand.tracing.models import Relationship

PFIF_NS = "http://zesty.ca/pfif/1.4"
EXT_NS = "https://peyvand.org/pfif-ext/1"

PERSON_FIELDS = (
    "person_record_id",
    "entry_date",
    "expiry_date",
    "author_name",
    "author_email",
    "author_phone",
    "source_name",
    "source_date",
    "source_url",
    "full_name",
    "given_name",
    "family_name",
    "alternate_names",
    "description",
    "sex",
    "date_of_birth",
    "age",
    "home_street",
    "home_neighborhood",
    "home_city",
    "home_state",
    "home_postal_code",
    "home_country",
    "photo_url",
    "profile_urls",
)
NOTE_FIELDS = (
    "note_record_id",
    "person_record_id",
    "linked_person_record_id",
    "entry_date",
    "author_name",
    "author_email",
    "author_phone",
    "source_date",
    "author_made_contact",
    "status",
    "email_of_found_person",
    "phone_of_found_person",
    "last_known_location",
    "text",
    "photo_url",
)
PERSON_REQUIRED = ("person_record_id", "source_date", "full_name")
NOTE_REQUIRED = ("note_record_id", "author_name", "source_date")
SEX_VALUES = ("female", "male", "other")
NOTE_STATUS_VALUES = (
    "information_sought",
    "is_note_author",
    "believed_alive",
    "believed_missing",
    "believed_dead",
)
DATE_FIELDS = frozenset({"entry_date", "expiry_date", "source_date"})
RECORD_ID_FIELDS = frozenset({"person_record_id", "note_record_id", "linked_person_record_id"})

# Fields that say where the sought person lives or how to reach them (see services.py).
LOCATION_FIELDS = (
    "home_street",
    "home_neighborhood",
    "home_city",
    "home_state",
    "home_postal_code",
    "home_country",
)

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_RECORD_ID = re.compile(rf"^{_LABEL}(?:\.{_LABEL})+/\S+$")
_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_BIRTH = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_AGE = re.compile(r"^\d{1,3}(?:-\d{1,3})?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class PfifRefused(ValidationError):
    """The whole file is refused: ``reason`` says why, ``record_id`` names the record."""

    def __init__(self, reason: str, record_id: str = "") -> None:
        self.reason = reason
        self.record_id = record_id
        if record_id:
            message = _("Record %(record)s: %(reason)s") % {"record": record_id, "reason": reason}
        else:
            message = reason
        super().__init__(message)


@dataclass(frozen=True)
class ExtName:
    """One written form of a name with its script and kind."""

    full: str
    given: str = ""
    family: str = ""
    script: str = ""
    kind: str = NameKind.BIRTH


@dataclass
class Extension:
    """Peyvand's extras for one person record."""

    names: list[ExtName] = field(default_factory=list)
    birth_calendar: str = ""
    birth_precision: str = ""
    birth_text: str = ""
    relationship: str = ""
    consent_choice: str = ""
    consent_kinds: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return self == Extension()


@dataclass
class PfifNote:
    """One note record: PFIF field name → value (only the fields present)."""

    fields: dict[str, str]

    @property
    def record_id(self) -> str:
        return self.fields.get("note_record_id", "")


@dataclass
class PfifPerson:
    """One person record with its enclosed notes and Peyvand's extension."""

    fields: dict[str, str]
    notes: list[PfifNote] = field(default_factory=list)
    extension: Extension = field(default_factory=Extension)

    @property
    def record_id(self) -> str:
        return self.fields.get("person_record_id", "")


@dataclass
class PfifDocument:
    """Person records, and note records given outside any person."""

    persons: list[PfifPerson] = field(default_factory=list)
    notes: list[PfifNote] = field(default_factory=list)


def repository_of(record_id: str) -> str:
    """The original repository's domain of a record id such as ``example.org/p.1``."""
    return record_id.split("/", 1)[0].lower()


def format_utc(moment: datetime.datetime) -> str:
    """A datetime as PFIF writes it: UTC, whole seconds, ``Z``."""
    utc = moment.astimezone(datetime.UTC).replace(microsecond=0, tzinfo=None)
    return utc.isoformat() + "Z"


# ---------------------------------------------------------------- parsing


def max_bytes() -> int:
    return int(settings.PEYVAND_PFIF_MAX_BYTES)


def too_large() -> PfifRefused:
    return PfifRefused(
        _("The file is larger than %(size)s.") % {"size": filesizeformat(max_bytes())}
    )


class _Capped:
    """A binary stream that refuses to be read past ``limit`` bytes."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self.stream, self.left = stream, limit

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size if size >= 0 else self.left + 1)
        self.left -= len(data)
        if self.left < 0:
            raise too_large()
        return data


def parse_pfif(source: bytes | IO[bytes]) -> PfifDocument:
    """Parse and validate a PFIF 1.4 document as a stream (each record's elements are dropped
    once read); raise :class:`PfifRefused` on the first fault, or when the file is larger than
    ``PEYVAND_PFIF_MAX_BYTES`` or holds more records than ``PEYVAND_PFIF_MAX_RECORDS``."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    events = SafeET.iterparse(
        _Capped(stream, max_bytes()),
        events=("start", "end"),
        forbid_dtd=True,
        forbid_entities=True,
        forbid_external=True,
    )
    try:
        document = _read_records(events)
    except DTDForbidden as exc:
        raise PfifRefused(
            _(
                "The file has a document type declaration (<!DOCTYPE …>), which can declare "
                "entities or load an external DTD. PFIF files must not; nothing was read."
            )
        ) from exc
    except (EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise PfifRefused(
            _(
                "The file declares XML entities or refers to external entities. PFIF files "
                "must not; nothing was read."
            )
        ) from exc
    except ET.ParseError as exc:
        reason = _("The file is not well-formed XML: %(error)s.") % {"error": exc}
        raise PfifRefused(reason) from exc
    _check_unique(document)
    return document


def _read_records(events: Iterator[tuple[str, ET.Element]]) -> PfifDocument:
    """The root's children, one at a time, each removed from the tree once parsed."""
    document = PfifDocument()
    root: ET.Element | None = None
    depth = position = records = 0
    limit = int(settings.PEYVAND_PFIF_MAX_RECORDS)
    for event, element in events:
        if event == "start":
            depth += 1
            if depth == 1:
                root = element
                if root.tag != _q("pfif"):
                    raise PfifRefused(
                        _("The root element must be pfif in the PFIF 1.4 namespace %(ns)s.")
                        % {"ns": PFIF_NS}
                    )
            continue
        depth -= 1
        if depth != 1:
            continue
        assert root is not None
        position += 1
        if element.tag == _q("person"):
            person = _parse_person(element, position)
            document.persons.append(person)
            records += 1 + len(person.notes)
        elif element.tag == _q("note"):
            document.notes.append(_parse_note(element, f"#{position}", parent_id=""))
            records += 1
        elif _in_pfif(element.tag):
            raise PfifRefused(_("Unknown PFIF element %(tag)s.") % {"tag": _local(element.tag)})
        root.remove(element)
        if records > limit:
            raise PfifRefused(
                _("The file holds more than %(limit)s records. Split it into smaller files.")
                % {"limit": f"{limit:,}"}
            )
    if root is None:
        raise PfifRefused(_("The file is empty."))
    return document


def _q(local: str, ns: str = PFIF_NS) -> str:
    return f"{{{ns}}}{local}"


def _in_pfif(tag: object) -> bool:
    return isinstance(tag, str) and tag.startswith(f"{{{PFIF_NS}}}")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_person(element: ET.Element, position: int) -> PfifPerson:
    label = _peek(element, "person_record_id") or _("person #%(n)s") % {"n": position}
    fields: dict[str, str] = {}
    notes: list[PfifNote] = []
    extension = Extension()
    for child in element:
        if child.tag == _q("note"):
            notes.append(_parse_note(child, label, parent_id=_peek(element, "person_record_id")))
        elif child.tag == _q("peyvand", EXT_NS):
            extension = _parse_extension(child, label)
        elif _in_pfif(child.tag):
            _take_field(fields, child, PERSON_FIELDS, label)
    _check_fields(fields, PERSON_REQUIRED, label)
    person = PfifPerson(fields=fields, notes=notes, extension=extension)
    for note in notes:
        note.fields.setdefault("person_record_id", person.record_id)
    return person


def _peek(element: ET.Element, name: str) -> str:
    found = element.find(_q(name))
    return (found.text or "").strip() if found is not None else ""


def _parse_note(element: ET.Element, label: str, parent_id: str) -> PfifNote:
    note_label = _peek(element, "note_record_id") or _("a note of %(record)s") % {"record": label}
    fields: dict[str, str] = {}
    for child in element:
        if _in_pfif(child.tag):
            _take_field(fields, child, NOTE_FIELDS, note_label)
    _check_fields(fields, NOTE_REQUIRED, note_label)
    if parent_id and fields.get("person_record_id", parent_id) != parent_id:
        raise PfifRefused(
            _("The note's person_record_id differs from the person it is enclosed in."),
            note_label,
        )
    if not parent_id and "person_record_id" not in fields:
        raise PfifRefused(_("A note outside a person needs a person_record_id."), note_label)
    return PfifNote(fields=fields)


def _take_field(
    fields: dict[str, str], child: ET.Element, allowed: tuple[str, ...], label: str
) -> None:
    name = _local(child.tag)
    if name not in allowed:
        raise PfifRefused(_("Unknown PFIF element %(tag)s.") % {"tag": name}, label)
    if name in fields:
        raise PfifRefused(_("The element %(tag)s appears twice.") % {"tag": name}, label)
    if len(child):
        raise PfifRefused(_("The element %(tag)s must hold text only.") % {"tag": name}, label)
    value = (child.text or "").strip()
    if value:
        fields[name] = value


def _check_fields(fields: dict[str, str], required: tuple[str, ...], label: str) -> None:
    for name in required:
        if not fields.get(name):
            reason = _("The mandatory field %(field)s is missing.") % {"field": name}
            raise PfifRefused(reason, label)
    for name, value in fields.items():
        problem = _value_problem(name, value)
        if problem:
            raise PfifRefused(
                _("%(field)s “%(value)s”: %(problem)s")
                % {"field": name, "value": value[:80], "problem": problem},
                label,
            )


def _value_problem(name: str, value: str) -> str:
    if name in RECORD_ID_FIELDS and not _RECORD_ID.match(value):
        return _("a record id must be domain/unique, for example example.org/person.1.")
    if name in DATE_FIELDS and not _is_utc(value):
        return _("dates must be UTC in the form YYYY-MM-DDTHH:MM:SSZ.")
    if name == "sex" and value not in SEX_VALUES:
        return _("sex must be female, male or other.")
    if name == "status" and value not in NOTE_STATUS_VALUES:
        return _("unknown note status.")
    if name == "author_made_contact" and value not in ("true", "false"):
        return _("must be true or false.")
    if name == "date_of_birth" and not _is_birth_date(value):
        return _("must be YYYY, YYYY-MM or YYYY-MM-DD.")
    if name == "age" and not _AGE.match(value):
        return _("must be a number of years or a range such as 30-35.")
    if name == "home_country" and not _COUNTRY.match(value):
        return _("must be a two-letter ISO 3166-1 country code.")
    return ""


def _is_utc(value: str) -> bool:
    if not _UTC.match(value):
        return False
    try:
        datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return False
    return True


def _is_birth_date(value: str) -> bool:
    if not _BIRTH.match(value):
        return False
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        datetime.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def _parse_extension(element: ET.Element, label: str) -> Extension:
    extension = Extension()
    for child in element:
        name = _local(child.tag) if child.tag.startswith(f"{{{EXT_NS}}}") else ""
        text = (child.text or "").strip()
        if name == "name":
            extension.names.append(_ext_name(child, text, label))
        elif name == "birth_date":
            extension.birth_calendar = _choice(child.get("calendar", ""), CalendarKind, label)
            extension.birth_precision = _choice(child.get("precision", ""), DatePrecision, label)
            extension.birth_text = text
        elif name == "relationship":
            extension.relationship = _choice(text, Relationship, label)
        elif name == "consent_scope":
            extension.consent_choice = _choice(child.get("choice", ""), Choice, label)
            extension.consent_kinds = tuple(_choice(k, ContactKind, label) for k in text.split())
        else:
            raise PfifRefused(_("Unknown Peyvand extension element %(tag)s.") % {"tag": child.tag})
    return extension


def _ext_name(child: ET.Element, text: str, label: str) -> ExtName:
    if not text:
        raise PfifRefused(_("A Peyvand name element is empty."), label)
    return ExtName(
        full=text,
        given=child.get("given", ""),
        family=child.get("family", ""),
        script=_choice(child.get("script", ""), Script, label),
        kind=_choice(child.get("kind", NameKind.BIRTH), NameKind, label) or NameKind.BIRTH,
    )


def _choice(value: str, choices: type[TextChoices], label: str) -> str:
    if value and value not in choices.values:
        raise PfifRefused(
            _("“%(value)s” is not a value the Peyvand extension knows.") % {"value": value[:40]},
            label,
        )
    return value


def _check_unique(document: PfifDocument) -> None:
    seen: set[str] = set()
    for person in document.persons:
        if person.record_id in seen:
            raise PfifRefused(_("The person record appears twice in the file."), person.record_id)
        seen.add(person.record_id)
    notes_seen: set[str] = set()
    all_notes = [n for p in document.persons for n in p.notes] + document.notes
    for note in all_notes:
        if note.record_id in notes_seen:
            raise PfifRefused(_("The note record appears twice in the file."), note.record_id)
        notes_seen.add(note.record_id)


# ---------------------------------------------------------------- building


def build_pfif(document: PfifDocument) -> bytes:
    """Serialise a document as PFIF 1.4 XML (UTF-8), fields in the specification's order."""
    ET.register_namespace("pfif", PFIF_NS)
    ET.register_namespace("pv", EXT_NS)
    root = ET.Element(_q("pfif"))
    for person in document.persons:
        element = ET.SubElement(root, _q("person"))
        _write_fields(element, person.fields, PERSON_FIELDS)
        if not person.extension.is_empty():
            _write_extension(element, person.extension)
        for note in person.notes:
            _write_fields(ET.SubElement(element, _q("note")), note.fields, NOTE_FIELDS)
    for note in document.notes:
        _write_fields(ET.SubElement(root, _q("note")), note.fields, NOTE_FIELDS)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _write_fields(element: ET.Element, fields: dict[str, str], order: tuple[str, ...]) -> None:
    for name in order:
        if fields.get(name):
            ET.SubElement(element, _q(name)).text = fields[name]


def _write_extension(person: ET.Element, extension: Extension) -> None:
    element = ET.SubElement(person, _q("peyvand", EXT_NS))
    for name in extension.names:
        attrs = {"script": name.script, "kind": name.kind}
        attrs |= {k: v for k, v in (("given", name.given), ("family", name.family)) if v}
        ET.SubElement(element, _q("name", EXT_NS), attrs).text = name.full
    if extension.birth_calendar or extension.birth_text:
        ET.SubElement(
            element,
            _q("birth_date", EXT_NS),
            {"calendar": extension.birth_calendar, "precision": extension.birth_precision},
        ).text = extension.birth_text
    if extension.relationship:
        ET.SubElement(element, _q("relationship", EXT_NS)).text = extension.relationship
    if extension.consent_choice:
        ET.SubElement(
            element, _q("consent_scope", EXT_NS), {"choice": extension.consent_choice}
        ).text = " ".join(extension.consent_kinds)
