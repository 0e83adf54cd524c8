"""PFIF 1.4 through the CLI: import a partner file, export, round trip, consent gates the export."""

from __future__ import annotations

from pathlib import Path

import pytest
from defusedxml import ElementTree
from django.core.management import CommandError, call_command
from pfif_samples import PARTNER_CONTACTS, ask_about, partner_file

from conftest import World
from peyvand.accounts.services import create_agency
from peyvand.actions.decisions import record_decision
from peyvand.audit.models import AuditEvent
from peyvand.consent.models import Choice
from peyvand.consent.services import withdraw_decision
from peyvand.interop.models import ExternalNote, ExternalRecord
from peyvand.interop.pfif import (
    EXT_NS,
    NOTE_FIELDS,
    PERSON_FIELDS,
    PFIF_NS,
    PfifDocument,
    PfifPerson,
    parse_pfif,
)
from peyvand.people.models import ContactKind, Person
from peyvand.people.services import ContactInput, add_contact_detail
from peyvand.tracing.models import TracingRequest


def run_import(tmp_path: Path, data: bytes, agency: str = "agency-a") -> None:
    path = tmp_path / "in.xml"
    path.write_bytes(data)
    call_command("pfif", "import", str(path), "--agency", agency)


def run_export(tmp_path: Path, agency: str | None = "agency-a", name: str = "out.xml") -> bytes:
    path = tmp_path / name
    args = ["pfif", "export", "-o", str(path), "--domain", "peyvand.test"]
    if agency:
        args += ["--agency", agency]
    call_command(*args)
    return path.read_bytes()


def names_of(person: Person) -> list[tuple[str, str, str, str, str]]:
    return [(n.script, n.kind, n.given, n.family, n.full) for n in person.names.all()]


def birth_of(person: Person) -> tuple[object, ...]:
    return (
        person.birth_date,
        person.birth_date_precision,
        person.birth_date_calendar,
        person.birth_date_text,
    )


def by_id(document: PfifDocument) -> dict[str, PfifPerson]:
    return {p.record_id: p for p in document.persons}


@pytest.mark.django_db
def test_partner_file_becomes_tracing_requests_no_seeker_can_see(
    world: World, tmp_path: Path
) -> None:
    before = TracingRequest.objects.count()
    run_import(tmp_path, partner_file())

    assert TracingRequest.objects.count() == before + 2
    record = ExternalRecord.objects.get(record_id="partner.example.org/person.1")
    assert record.repository == "partner.example.org"
    assert record.agency == world.agency_a
    request = record.tracing_request
    assert request.agency == world.agency_a
    assert request.seeker_user is None and request.passphrase_hash == ""
    assert not hasattr(request.sought, "registration")  # never offered as a registration
    assert names_of(request.sought) == [
        ("latn", "birth", "Reza", "Rahimi", "Reza Rahimi"),
        ("fa", "alias", "", "", "رضا رحیمی"),
        ("latn", "alias", "", "", "Riza Rahimy"),
    ]
    assert request.sought.sex == "m"
    assert str(request.sought.birth_date) == "1979-03-01"
    assert request.sought.birth_date_precision == "month"
    assert request.seeker.primary_name().full == "Maryam Rahimi"  # type: ignore[union-attr]
    notes = {n.note_record_id: n for n in ExternalNote.objects.filter(record=record)}
    assert set(notes) == {"partner.example.org/note.1", "partner.example.org/note.2"}
    assert notes["partner.example.org/note.1"].status == "information_sought"
    assert notes["partner.example.org/note.2"].status == "believed_alive"
    assert notes["partner.example.org/note.2"].fields()["author_made_contact"] == "true"
    event = AuditEvent.objects.filter(action="pfif.imported").get()
    assert event.details == {"created": 2, "skipped": 0, "notes": 2}


@pytest.mark.django_db
def test_reimporting_the_same_file_neither_fails_nor_duplicates(
    world: World, tmp_path: Path
) -> None:
    run_import(tmp_path, partner_file())
    counts = (TracingRequest.objects.count(), ExternalNote.objects.count())
    run_import(tmp_path, partner_file())
    assert (TracingRequest.objects.count(), ExternalNote.objects.count()) == counts
    assert ExternalRecord.objects.count() == 2


@pytest.mark.django_db
def test_round_trip_export_import_is_equal(world: World, tmp_path: Path) -> None:
    run_import(tmp_path, partner_file())
    registration = world.registration_a
    registration.person.contacts.create(kind=ContactKind.PHONE, value="+355 69 123 4567")
    asked = ask_about(world, world.request_a, registration)
    record_decision(
        world.caseworker_a, asked, Choice.SHARE_CONTACT, channel="in_person", shared_kinds=["phone"]
    )
    first = run_export(tmp_path, name="a.xml")

    create_agency(None, name="Agency C", code="agency-c", country="AL")
    run_import(tmp_path, first, agency="agency-c")
    second = run_export(tmp_path, agency="agency-c", name="c.xml")

    # In the database: every exported person is now in agency C under its original id.
    native_id = f"peyvand.test/person.{world.request_a.sought.pk}"
    copy = ExternalRecord.objects.get(agency__code="agency-c", record_id=native_id)
    assert copy.repository == "peyvand.test"
    original, copied = world.request_a.sought, copy.tracing_request.sought
    assert names_of(copied) == names_of(original)
    assert birth_of(copied) == birth_of(original)
    assert birth_of(copied)[2] == "jalali"
    assert copied.sex == original.sex
    assert copy.tracing_request.relationship == world.request_a.relationship
    partner = ExternalRecord.objects.get(
        agency__code="agency-c", record_id="partner.example.org/person.1"
    )
    assert partner.repository == "partner.example.org"
    assert names_of(partner.tracing_request.sought) == names_of(
        ExternalRecord.objects.get(
            agency__code="agency-a", record_id="partner.example.org/person.1"
        ).tracing_request.sought
    )

    # In the files: the same persons, fields, notes, statuses and extension, apart from the
    # entry date (the date each repository stored the record) and the consent-gated contact.
    a, c = by_id(parse_pfif(first)), by_id(parse_pfif(second))
    assert set(a) == set(c) and len(a) == 3
    for record_id, person in a.items():
        other = c[record_id]
        assert {k: v for k, v in person.fields.items() if k != "entry_date"} == {
            k: v for k, v in other.fields.items() if k != "entry_date"
        }
        assert person.extension == other.extension
        gated = ("phone_of_found_person", "email_of_found_person", "last_known_location")
        assert [{k: v for k, v in n.fields.items() if k not in gated} for n in person.notes] == [
            {k: v for k, v in n.fields.items() if k not in gated} for n in other.notes
        ]
    assert a[native_id].extension.consent_choice == "share_contact"
    assert a[native_id].extension.consent_kinds == ("phone",)
    consent_note = a[native_id].notes[0]
    assert consent_note.fields["phone_of_found_person"] == "+355 69 123 4567"
    assert consent_note.fields["status"] == "believed_alive"
    # Agency C holds no decision of the person: the copy passes the phone on to nobody.
    assert b"+355 69 123 4567" not in second
    # A plain PFIF reader sees only PFIF 1.4 elements: Peyvand's extras are in their own
    # namespace, so they are an unknown element it skips.
    root = ElementTree.fromstring(first)
    pfif_tags = {e.tag for e in root.iter() if e.tag.startswith(f"{{{PFIF_NS}}}")}
    known = {"pfif", "person", "note", *PERSON_FIELDS, *NOTE_FIELDS}
    assert {t.split("}")[1] for t in pfif_tags} <= known
    assert all(e.tag.startswith(f"{{{EXT_NS}}}") for e in root.iter() if e.tag not in pfif_tags)
    statuses = [n.fields.get("status") for n in a["partner.example.org/person.1"].notes]
    assert statuses == ["information_sought", "believed_alive"]


@pytest.mark.django_db
def test_export_never_includes_contact_or_location_without_consent(
    world: World, tmp_path: Path
) -> None:
    run_import(tmp_path, partner_file())
    sought = world.request_a.sought
    add_contact_detail(None, sought, ContactInput(ContactKind.ADDRESS, "Rruga Myslym Shyri 7"))
    add_contact_detail(None, sought, ContactInput(ContactKind.PHONE, "+355 67 000 1111"))
    registration = world.registration_a
    for kind, value in (
        (ContactKind.PHONE, "+355 69 123 4567"),
        (ContactKind.EMAIL, "mr.kh@example.org"),
        (ContactKind.ADDRESS, "Rruga e Kavajës 12, Tirana"),
    ):
        registration.person.contacts.create(kind=kind, value=value)
    # A standing readiness to share is not a decision about this seeker (strict reading).
    registration.shareable_kinds = ["phone", "email", "address"]
    registration.save()
    secrets = (
        *PARTNER_CONTACTS,
        "Rruga Myslym Shyri 7",
        "+355 67 000 1111",
        "+355 69 123 4567",
        "mr.kh@example.org",
        "Rruga e Kavajës 12",
        "تهران",  # place of last contact given by the seeker
    )

    def leaked(data: bytes) -> list[str]:
        return [s for s in secrets if s.encode() in data]

    assert leaked(run_export(tmp_path)) == []
    assert leaked(run_export(tmp_path, agency=None)) == []

    # The person answers "messages only": still nothing.
    asked = ask_about(world, world.request_a, registration)
    decision = record_decision(world.caseworker_a, asked, Choice.MESSAGES_ONLY, channel="in_person")
    assert leaked(run_export(tmp_path)) == []
    withdraw_decision(world.caseworker_a, decision)

    # Share the phone only: the phone and nothing else.
    other = TracingRequest.objects.get(external_record__record_id="partner.example.org/person.1")
    asked = ask_about(world, other, registration)
    decision = record_decision(
        world.caseworker_a,
        asked,
        Choice.SHARE_CONTACT,
        channel="in_person",
        shared_kinds=["phone"],
    )
    assert leaked(run_export(tmp_path)) == ["+355 68 555 0101", "+355 69 123 4567"]

    # Withdrawn: gone again.
    withdraw_decision(world.caseworker_a, decision)
    assert leaked(run_export(tmp_path)) == []


@pytest.mark.django_db
def test_sharing_the_address_releases_the_location_fields(world: World, tmp_path: Path) -> None:
    run_import(tmp_path, partner_file())
    registration = world.registration_a
    registration.person.contacts.create(kind=ContactKind.ADDRESS, value="Rruga e Kavajës 12")
    other = TracingRequest.objects.get(external_record__record_id="partner.example.org/person.1")
    asked = ask_about(world, other, registration)
    record_decision(
        world.caseworker_a,
        asked,
        Choice.SHARE_CONTACT,
        channel="in_person",
        shared_kinds=["address"],
    )
    data = run_export(tmp_path)
    person = by_id(parse_pfif(data))["partner.example.org/person.1"]
    assert person.fields["home_city"] == "Tirana"
    assert person.fields["home_country"] == "AL"
    assert b"Durr\xc3\xabs, near the port" in data
    assert b"reza.found@example.net" not in data and b"+355 68 555 0101" not in data


@pytest.mark.django_db
def test_export_leaves_out_withdrawn_requests_and_registrations(
    world: World, tmp_path: Path
) -> None:
    data = run_export(tmp_path, agency=None)
    ids = set(by_id(parse_pfif(data)))
    assert ids == {
        f"peyvand.test/person.{world.request_a.sought.pk}",
        f"peyvand.test/person.{world.request_b.sought.pk}",
    }
    assert b"Khodabande" not in data  # registration_a's name
    TracingRequest.objects.filter(pk=world.request_a.pk).update(withdrawn_at="2026-01-01T00:00Z")
    ids = set(by_id(parse_pfif(run_export(tmp_path))))
    assert ids == set()
    assert AuditEvent.objects.filter(action="pfif.exported").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import"], "Name the PFIF file"),
        (["import", "missing.xml", "--agency", "agency-a"], "Cannot read"),
        (["import", "in.xml"], "--agency"),
        (["import", "in.xml", "--agency", "nope"], "No agency"),
        (["export"], "-o FILE"),
        (["export", "-o", "no/such/dir/out.xml"], "Cannot write"),
        (["export", "-o", "out.xml", "--agency", "nope"], "No agency"),
    ],
)
def test_cli_bad_input_is_a_command_error(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.xml").write_bytes(partner_file())
    with pytest.raises(CommandError, match=message):
        call_command("pfif", *args)
