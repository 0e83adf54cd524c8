"""PFIF 1.4 import and export for an agency; each run in one transaction, audited.

Import mapping (a partner's PFIF person is someone *being looked for*):

- each person record becomes a :class:`TracingRequest` of the importing agency, filed through
  ``tracing.services.submit_tracing_requests`` (so it is validated, audited, opens a case and
  enters the matching loop like any other request). Its sought person gets the names
  (``full_name``/``given_name``/``family_name`` as the birth name, each line of
  ``alternate_names`` as an alias, script detected; or the exact names of the Peyvand
  extension), ``sex`` (``other`` kept only in the stored fields) and ``date_of_birth`` (or the
  original calendar and text from the extension). The seeker is the record's author
  (``author_name``, else ``source_name``, else the repository's domain), relationship from the
  extension or "other". The request has no seeker account and no passphrase: no seeker can ever
  see it; only the agency's staff do, through the usual access functions.
- an imported record is **not** a Registration: nobody recorded the person's own consent to be
  registered, so it is never offered to a seeker as "found".
- :class:`ExternalRecord` keeps the original record id (``domain/unique``) and its repository;
  other PFIF fields are kept verbatim, encrypted, for re-export. Notes become
  :class:`ExternalNote` rows with their PFIF status value. A consent scope in the extension is
  the original repository's statement; it is kept and passed on, but it never creates a
  Decision here and never opens a disclosure gate.
- a record id already imported into the agency is skipped (its new notes are added): re-running
  an import neither fails nor duplicates.

Export: open tracing requests of the agency (not withdrawn, not closed), imported or native,
each as a person record under its original id (native: ``<domain>/person.<id>``). Registrations
are never exported: a separated person's own record leaves only with their consent, case by
case. Case notes are internal and never exported.

Contact details and location (strict reading): the ``home_*`` fields and a note's
``last_known_location`` (kind ``address``), ``email_of_found_person`` (``email``) and
``phone_of_found_person`` (``phone``) are written only when the sought person's **decision in
force** about this request (``consent.services.decision_in_force``) has the choice
``share_contact`` and lists that kind in ``shared_kinds``. A registration's standing
``shareable_kinds`` is a readiness, not a decision about this seeker, and never suffices. With
such a decision, the consented details of the registered person are written as a note
(``believed_alive``, ``author_made_contact`` true). The author's own e-mail and phone are
written only when a partner sent them (native requests never export the seeker's details).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from peyvand.accounts.models import Agency, User
from peyvand.audit.services import record_event
from peyvand.consent.models import Choice, Decision
from peyvand.consent.services import decision_in_force
from peyvand.interop.models import ExternalNote, ExternalRecord
from peyvand.interop.pfif import (
    LOCATION_FIELDS,
    Extension,
    ExtName,
    PfifDocument,
    PfifNote,
    PfifPerson,
    PfifRefused,
    build_pfif,
    format_utc,
    parse_pfif,
    repository_of,
)
from peyvand.people.models import ContactKind, DatePrecision, NameKind, Person
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.models import Relationship, RequestStatus, TracingRequest
from peyvand.tracing.services import clean_tracing_request, submit_tracing_requests

# PFIF person fields Peyvand maps to its own columns; every other field is kept verbatim.
_MAPPED = frozenset(
    {"person_record_id", "entry_date", "full_name", "given_name", "family_name"}
    | {"alternate_names", "sex", "date_of_birth"}
)
_CONSENT_KEY = "peyvand:consent_scope"
_NOTE_GATES = {
    "last_known_location": ContactKind.ADDRESS,
    "email_of_found_person": ContactKind.EMAIL,
    "phone_of_found_person": ContactKind.PHONE,
}
_SEX_IN = {"female": "f", "male": "m"}
_SEX_OUT = {"f": "female", "m": "male"}
DEFAULT_DOMAIN = "peyvand.example.org"


@dataclass(frozen=True)
class ImportReport:
    """What one import did."""

    persons_created: int
    persons_skipped: int
    notes_created: int


def repository_domain() -> str:
    """The domain that names this installation's own records (``PEYVAND_PFIF_DOMAIN``)."""
    return str(getattr(settings, "PEYVAND_PFIF_DOMAIN", "") or DEFAULT_DOMAIN)


# ---------------------------------------------------------------- import


def import_pfif(actor: User | None, agency: Agency, data: bytes | IO[bytes]) -> ImportReport:
    """Validate a PFIF 1.4 file and import it whole, or raise :class:`PfifRefused`.

    Every new person record is checked first (the whole file is refused on the first bad one),
    then all are filed together through ``tracing.services.submit_tracing_requests``."""
    document = parse_pfif(data)
    with transaction.atomic():
        ids = {p.record_id for p in document.persons}
        known = _known_records(agency, ids | {n.fields["person_record_id"] for n in document.notes})
        notes_by_person = _notes_by_person(document, known)
        new = [p for p in document.persons if p.record_id not in known]
        notes = _import_notes(known, notes_by_person)  # notes of records imported before
        known |= _import_persons(actor, agency, new)
        notes += _import_notes(known, {p.record_id: notes_by_person[p.record_id] for p in new})
        created, skipped = len(new), len(document.persons) - len(new)
        report = ImportReport(created, skipped, notes)
        record_event(
            actor,
            "pfif.imported",
            agency,
            details={"created": created, "skipped": skipped, "notes": notes},
        )
    return report


def _known_records(agency: Agency, record_ids: set[str]) -> dict[str, ExternalRecord]:
    """The agency's records among ``record_ids``, asked a slice at a time (big files)."""
    ordered = sorted(record_ids)
    known: dict[str, ExternalRecord] = {}
    for start in range(0, len(ordered), 2000):
        part = ordered[start : start + 2000]
        for record in ExternalRecord.objects.filter(agency=agency, record_id__in=part):
            known[record.record_id] = record
    return known


def _notes_by_person(
    document: PfifDocument, known: dict[str, ExternalRecord]
) -> dict[str, list[PfifNote]]:
    grouped: dict[str, list[PfifNote]] = {p.record_id: list(p.notes) for p in document.persons}
    for note in document.notes:
        target = note.fields["person_record_id"]
        if target not in grouped:
            if target not in known:
                raise PfifRefused(
                    _(
                        "The note refers to person %(person)s, which is neither in the file nor "
                        "imported before."
                    )
                    % {"person": target},
                    note.record_id,
                )
            grouped[target] = []
        grouped[target].append(note)
    return grouped


def _import_persons(
    actor: User | None, agency: Agency, persons: list[PfifPerson]
) -> dict[str, ExternalRecord]:
    requests = []
    for person in persons:
        fields, repository = person.fields, repository_of(person.record_id)
        author = fields.get("author_name") or fields.get("source_name") or repository
        try:
            requests.append(
                clean_tracing_request(
                    seeker=PersonInput(names=[NameInput(full=author, source=repository[:120])]),
                    sought=_sought_input(person, repository),
                    relationship=person.extension.relationship or Relationship.OTHER,
                )
            )
        except ValidationError as exc:
            raise PfifRefused(" ".join(exc.messages), person.record_id) from exc
    request_ids = submit_tracing_requests(actor, agency, requests)
    records = ExternalRecord.objects.bulk_create(
        [
            ExternalRecord(
                agency=agency,
                tracing_request_id=request_id,
                repository=repository_of(person.record_id),
                record_id=person.record_id,
                payload=json.dumps(_kept_fields(person), ensure_ascii=False, sort_keys=True),
                imported_by=actor if actor is not None and actor.is_authenticated else None,
            )
            for person, request_id in zip(persons, request_ids, strict=True)
        ]
    )
    return {record.record_id: record for record in records}


def _kept_fields(person: PfifPerson) -> dict[str, object]:
    """The PFIF fields Peyvand has no column for, kept verbatim for re-export."""
    fields, extension = person.fields, person.extension
    kept: dict[str, object] = {k: v for k, v in fields.items() if k not in _MAPPED}
    if fields.get("sex") == "other":
        kept["sex"] = "other"
    if extension.consent_choice:
        kept[_CONSENT_KEY] = {
            "choice": extension.consent_choice,
            "kinds": list(extension.consent_kinds),
        }
    return kept


def _sought_input(person: PfifPerson, repository: str) -> PersonInput:
    fields, extension = person.fields, person.extension
    source = repository[:120]
    if extension.names:
        names = [
            NameInput(
                full=n.full,
                given=n.given,
                family=n.family,
                kind=n.kind,
                script=n.script,
                source=source,
            )
            for n in extension.names
        ]
    else:
        names = [
            NameInput(
                full=fields["full_name"],
                given=fields.get("given_name", ""),
                family=fields.get("family_name", ""),
                source=source,
            )
        ]
        for line in fields.get("alternate_names", "").splitlines():
            if line.strip():
                names.append(NameInput(full=line.strip(), kind=NameKind.ALIAS, source=source))
    return PersonInput(
        names=names,
        sex=_SEX_IN.get(fields.get("sex", ""), ""),
        birth_date_text=extension.birth_text or fields.get("date_of_birth", ""),
    )


def _import_notes(records: dict[str, ExternalRecord], notes: dict[str, list[PfifNote]]) -> int:
    """The notes of ``records`` not yet kept, added together; how many. Records not in
    ``records`` (new in this file, not yet written) are left for a later call."""
    listed_for = {records[r].pk: listed for r, listed in notes.items() if listed and r in records}
    kept: set[tuple[int, str]] = set()
    targets = sorted(listed_for)
    for start in range(0, len(targets), 2000):
        rows = ExternalNote.objects.filter(record_id__in=targets[start : start + 2000])
        kept |= set(rows.values_list("record_id", "note_record_id"))
    new = []
    for record_id, listed in notes.items():
        if record_id not in records:
            continue
        record = records[record_id]
        for note in listed:
            if (record.pk, note.record_id) in kept:
                continue
            kept.add((record.pk, note.record_id))
            extra = {
                k: v
                for k, v in note.fields.items()
                if k not in ("note_record_id", "person_record_id", "status")
            }
            new.append(
                ExternalNote(
                    record=record,
                    note_record_id=note.record_id,
                    status=note.fields.get("status", ""),
                    payload=json.dumps(extra, ensure_ascii=False, sort_keys=True),
                )
            )
    ExternalNote.objects.bulk_create(new)
    return len(new)


# ---------------------------------------------------------------- export


def export_pfif(actor: User | None, agency: Agency | None, domain: str = "") -> bytes:
    """PFIF 1.4 XML of the open tracing requests of ``agency`` (or of every agency)."""
    domain = domain or repository_domain()
    requests = (
        TracingRequest.objects.filter(withdrawn_at__isnull=True)
        .exclude(status=RequestStatus.CLOSED)
        .select_related("agency", "sought", "external_record")
        .prefetch_related(
            "sought__names",
            "external_record__notes",
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("registration").prefetch_related(
                    "registration__person__contacts"
                ),
            ),
        )
        .order_by("id")
    )
    if agency is not None:
        requests = requests.filter(agency=agency)
    document = PfifDocument(persons=[_person_record(r, domain) for r in requests])
    with transaction.atomic():
        record_event(
            actor,
            "pfif.exported",
            agency if agency is not None else ("accounts.agency", "all"),
            details={"persons": len(document.persons)},
        )
    return build_pfif(document)


def decisions_allowing_contact(tracing_request: TracingRequest) -> list[Decision]:
    """The sought person's decisions in force about this request that share contact details."""
    registrations = {d.registration_id: d.registration for d in tracing_request.decisions.all()}
    allowing = []
    for registration in registrations.values():
        decision = decision_in_force(registration, tracing_request)
        if decision is not None and decision.choice == Choice.SHARE_CONTACT:
            allowing.append(decision)
    return allowing


def _person_record(tracing_request: TracingRequest, domain: str) -> PfifPerson:
    sought = tracing_request.sought
    allowing = decisions_allowing_contact(tracing_request)
    kinds = {kind for d in allowing for kind in d.shared_kinds}
    record = getattr(tracing_request, "external_record", None)
    kept = record.fields() if record is not None else {}
    fields = {k: str(v) for k, v in kept.items() if k in _PERSON_OUT}
    if ContactKind.ADDRESS not in kinds:
        for name in LOCATION_FIELDS:
            fields.pop(name, None)
    record_id = record.record_id if record is not None else f"{domain}/person.{sought.pk}"
    fields["person_record_id"] = record_id
    fields["entry_date"] = format_utc(record.imported_at if record else tracing_request.created_at)
    if record is None:  # native: this agency is the original repository
        fields["source_name"] = tracing_request.agency.name
        fields["source_date"] = format_utc(tracing_request.created_at)
    fields |= _name_fields(sought)
    if sought.sex in _SEX_OUT:
        fields["sex"] = _SEX_OUT[sought.sex]
    if sought.birth_date is not None:
        fields["date_of_birth"] = _pfif_birth(sought)
    notes = [_note_record(n, record_id, kinds) for n in record.notes.all()] if record else []
    agency_name = tracing_request.agency.name
    notes += [_consent_note(d, record_id, domain, agency_name) for d in allowing]
    return PfifPerson(
        fields=fields, notes=notes, extension=_extension(tracing_request, allowing, kept)
    )


_PERSON_OUT = frozenset(
    {"expiry_date", "author_name", "author_email", "author_phone", "source_name", "source_date"}
    | {"source_url", "description", "sex", "age", "photo_url", "profile_urls"}
    | set(LOCATION_FIELDS)
)


def _name_fields(person: Person) -> dict[str, str]:
    names = list(person.names.all())
    primary = person.primary_name()
    if primary is None:
        return {}
    fields = {"full_name": primary.full, "given_name": primary.given, "family_name": primary.family}
    others = [n.full for n in names if n.pk != primary.pk]
    if others:
        fields["alternate_names"] = "\n".join(others)
    return {k: v for k, v in fields.items() if v}


def _pfif_birth(person: Person) -> str:
    assert person.birth_date is not None
    widths: dict[str, int] = {DatePrecision.YEAR: 4, DatePrecision.MONTH: 7}
    width = widths.get(person.birth_date_precision, 10)
    return person.birth_date.isoformat()[:width]


def _note_record(note: ExternalNote, person_record_id: str, kinds: set[str]) -> PfifNote:
    fields = {k: str(v) for k, v in note.fields().items()}
    for name, kind in _NOTE_GATES.items():
        if kind not in kinds:
            fields.pop(name, None)
    fields |= {"note_record_id": note.note_record_id, "person_record_id": person_record_id}
    if note.status:
        fields["status"] = note.status
    return PfifNote(fields=fields)


def _consent_note(
    decision: Decision, person_record_id: str, domain: str, agency_name: str
) -> PfifNote:
    fields = {
        "note_record_id": f"{domain}/note.decision.{decision.pk}",
        "person_record_id": person_record_id,
        "author_name": agency_name,
        "source_date": format_utc(decision.decided_at),
        "author_made_contact": "true",
        "status": "believed_alive",
    }
    out: dict[str, str] = {v: k for k, v in _NOTE_GATES.items()}
    for contact in decision.registration.person.contacts.all():
        if contact.kind in decision.shared_kinds and contact.kind in out:
            fields.setdefault(out[contact.kind], contact.value)
    return PfifNote(fields=fields)


def _extension(
    tracing_request: TracingRequest, allowing: list[Decision], kept: dict[str, object]
) -> Extension:
    sought = tracing_request.sought
    names = [
        ExtName(full=n.full, given=n.given, family=n.family, script=n.script, kind=n.kind)
        for n in sought.names.all()
    ]
    extension = Extension(
        names=names,
        birth_calendar=sought.birth_date_calendar,
        birth_precision=sought.birth_date_precision,
        birth_text=sought.birth_date_text,
        relationship=tracing_request.relationship,
    )
    declared = kept.get(_CONSENT_KEY)
    if allowing:
        extension.consent_choice = Choice.SHARE_CONTACT
        extension.consent_kinds = tuple(sorted({k for d in allowing for k in d.shared_kinds}))
    elif isinstance(declared, dict):
        extension.consent_choice = str(declared.get("choice", ""))
        extension.consent_kinds = tuple(str(k) for k in declared.get("kinds", []))
    return extension
