"""The saved column mappings page: an agency's staff create, edit and delete their mappings;
other agencies see none of them; every change is audited; an upload uses the saved names."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from intake_data import request_rows, write_csv

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.intake.models import ColumnMapping, ImportBatch

pytestmark = pytest.mark.django_db

# An agency whose lists say "First", "Surname", "Kin" and "Seeker first": nothing we recognise.
OWN_HEADERS = ["First", "Surname", "Father", "Born", "Birthplace", "Sex", "NID", "Kin"]
OWN_HEADERS += ["Seeker first", "Seeker surname", "Phone"]


def form(name: str = "Association list", kind: str = "requests", **columns: str) -> dict[str, str]:
    data = {"name": name, "kind": kind}
    data |= {f"column_{field}": header for field, header in columns.items()}
    return data


def own_mapping() -> dict[str, str]:
    return form(
        given="First | Prénom",
        family="Surname",
        relationship="Kin",
        seeker_given="Seeker first",
        seeker_family="Seeker surname",
    )


def test_staff_create_a_mapping_and_an_upload_uses_it(world: World, tmp_path: Path) -> None:
    client = world.client_for("caseworker_a")
    assert client.get("/staff/intake/mappings/new/").status_code == 200
    response = client.post("/staff/intake/mappings/new/", own_mapping())
    assert response.status_code == 302 and response["Location"] == "/staff/intake/mappings/"
    mapping = ColumnMapping.objects.get()
    assert mapping.agency == world.agency_a and mapping.kind == "requests"
    assert mapping.columns == {
        "first": "given",
        "prénom": "given",
        "surname": "family",
        "kin": "relationship",
        "seeker first": "seeker_given",
        "seeker surname": "seeker_family",
    }
    event = AuditEvent.objects.get(action="import.mapping_created")
    assert event.actor == world.caseworker_a and event.object_id == str(mapping.pk)
    assert event.details == {
        "kind": "requests",
        "fields": ["family", "given", "relationship", "seeker_family", "seeker_given"],
    }
    assert "Surname" not in str(event.details)  # the trail names fields, not the agency's text
    assert "Association list" in client.get("/staff/intake/mappings/").content.decode()

    path = write_csv(tmp_path / "own.csv", OWN_HEADERS, request_rows(3))
    upload = SimpleUploadedFile("own.csv", path.read_bytes())
    response = client.post(
        "/staff/intake/", {"file": upload, "kind": "requests", "mapping": mapping.pk}
    )
    assert response.status_code == 302
    report = ImportBatch.objects.get().report_data()
    assert report["columns"]["given"] == "First" and report["columns"]["relationship"] == "Kin"
    assert report["failing_rows"] == 0


def test_edit_rename_and_delete_are_audited(world: World) -> None:
    client = world.client_for("supervisor_a")
    client.post("/staff/intake/mappings/new/", own_mapping())
    mapping = ColumnMapping.objects.get()
    page = client.get(f"/staff/intake/mappings/{mapping.pk}/").content.decode()
    assert 'value="first | prénom"' in page and 'value="Association list"' in page

    changed = client.post(
        f"/staff/intake/mappings/{mapping.pk}/",
        form(name="Camp list", kind="registrations", given="Vorname", consent_method="Consent"),
    )
    assert changed.status_code == 302
    mapping.refresh_from_db()
    assert (mapping.name, mapping.kind) == ("Camp list", "registrations")
    assert mapping.columns == {"vorname": "given", "consent": "consent_method"}
    assert AuditEvent.objects.filter(
        action="import.mapping_changed", object_id=str(mapping.pk)
    ).exists()

    unconfirmed = client.post(f"/staff/intake/mappings/{mapping.pk}/delete/")
    assert unconfirmed.status_code == 400 and "Tick the box" in unconfirmed.content.decode()
    assert ColumnMapping.objects.filter(pk=mapping.pk).exists()
    deleted = client.post(f"/staff/intake/mappings/{mapping.pk}/delete/", {"confirm": "yes"})
    assert deleted.status_code == 302
    assert not ColumnMapping.objects.filter(pk=mapping.pk).exists()
    event = AuditEvent.objects.get(action="import.mapping_deleted")
    assert event.object_id == str(mapping.pk) and event.actor == world.supervisor_a


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(name=" "), "This field is required"),
        (form(), "Name the column of at least one field"),
        (form(kind="registrations", relationship="Kin"), "do not belong in this kind of file"),
        (form(given="Name", family="name"), "already the column of another field"),
        (form(name="Taken", given="First"), "already has a mapping of this name"),
    ],
)
def test_bad_mappings_are_refused_with_the_reason(
    world: World, data: dict[str, str], message: str
) -> None:
    ColumnMapping.objects.create(agency=world.agency_a, name="Taken", kind="requests")
    response = world.client_for("caseworker_a").post("/staff/intake/mappings/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ColumnMapping.objects.count() == 1


def test_other_agencies_and_readers_cannot_change_a_mapping(world: World) -> None:
    world.client_for("caseworker_a").post("/staff/intake/mappings/new/", own_mapping())
    mapping = ColumnMapping.objects.get()
    edit = f"/staff/intake/mappings/{mapping.pk}/"
    other = world.client_for("caseworker_b")
    assert "Association list" not in other.get("/staff/intake/mappings/").content.decode()
    assert other.get(edit).status_code == 404
    assert other.post(edit, form(name="Hijacked", given="x")).status_code == 404
    assert other.post(f"{edit}delete/", {"confirm": "yes"}).status_code == 404
    # the same answer as for a mapping that does not exist
    assert other.get(f"/staff/intake/mappings/{mapping.pk + 99}/").status_code == 404

    dpo = world.client_for("dpo")
    page = dpo.get(edit)
    assert page.status_code == 200 and "<form" not in page.content.decode().split("<main")[-1]
    assert "Given name" in page.content.decode()  # read only, with the fields' names
    assert dpo.post(edit, form(name="Hijacked", given="x")).status_code == 404
    assert dpo.get("/staff/intake/mappings/new/").status_code == 404
    mapping.refresh_from_db()
    assert mapping.name == "Association list"
    assert AuditEvent.objects.filter(action="access.refused", object_id=str(mapping.pk)).exists()
