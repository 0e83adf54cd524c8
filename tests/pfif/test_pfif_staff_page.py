"""The staff PFIF page: a supervisor uploads and downloads for their own agency; nobody else."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pfif_samples import PERSON_2, document, partner_file
from test_pfif_refusals import BILLION_LAUGHS

from conftest import PASSWORD, World, pass_second_factor
from peyvand.accounts.models import Role
from peyvand.accounts.services import create_user
from peyvand.interop.models import ExternalRecord
from peyvand.interop.pfif import parse_pfif
from peyvand.tracing.models import TracingRequest

PAGE = "/staff/interop/pfif/"
EXPORT = "/staff/interop/pfif/export/"


def upload(client: Client, data: bytes) -> Any:
    return client.post(PAGE, {"file": SimpleUploadedFile("partner.xml", data)})


def test_supervisor_imports_a_partner_file(world: World) -> None:
    client = world.client_for("supervisor_a")
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Agency A" in page.content.decode()

    response = upload(client, partner_file())
    assert response.status_code == 200
    assert "Imported 2 person records" in response.content.decode()
    record = ExternalRecord.objects.get(record_id="partner.example.org/person.1")
    assert record.agency == world.agency_a
    assert record.imported_by == world.supervisor_a


def test_refused_file_names_the_reason_and_writes_nothing(world: World) -> None:
    client = world.client_for("supervisor_a")
    before = TracingRequest.objects.count()
    bad = PERSON_2.replace("female", "unknown")
    response = upload(client, document(bad))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Record other.example.com/p/22:" in body and "female, male or other" in body
    response = upload(client, BILLION_LAUGHS)
    assert response.status_code == 400
    assert "entities" in response.content.decode()
    assert TracingRequest.objects.count() == before
    assert not ExternalRecord.objects.exists()


def test_export_holds_the_supervisors_agency_only(world: World) -> None:
    response = world.client_for("supervisor_a").post(EXPORT)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="pfif-agency-a-')
    ids = {p.record_id for p in parse_pfif(response.content).persons}
    assert ids == {f"peyvand.example.org/person.{world.request_a.sought.pk}"}
    assert "تهران".encode() not in response.content  # the place of last contact

    supervisor_b = create_user(
        None,
        username="supervisor-b",
        password=PASSWORD,
        role=Role.SUPERVISOR,
        agency=world.agency_b,
    )
    client = Client()
    client.force_login(supervisor_b)
    pass_second_factor(client, supervisor_b)
    ids = {p.record_id for p in parse_pfif(client.post(EXPORT).content).persons}
    assert ids == {f"peyvand.example.org/person.{world.request_b.sought.pk}"}


def test_everyone_else_is_refused_alike(world: World) -> None:
    for persona in (
        "seeker",
        "registrant",
        "caseworker_a",
        "caseworker_b",
        "dpo",
        "admin",
        "outsider",
    ):
        client = world.client_for(persona)
        assert client.get(PAGE).status_code == 404, persona
        assert upload(client, partner_file()).status_code == 404, persona
        assert client.post(EXPORT).status_code == 404, persona
    assert not ExternalRecord.objects.exists()
    anonymous = Client()
    assert anonymous.get(PAGE)["Location"].startswith("/accounts/login/")
    assert anonymous.post(EXPORT)["Location"].startswith("/accounts/login/")
    assert Client().get(EXPORT).status_code in (302, 405)
