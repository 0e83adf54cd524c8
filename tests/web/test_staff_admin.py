"""The staff admin: who gets in, what they see, and Persian names shown right to left."""

from __future__ import annotations

import pytest

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.people.models import Person


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["seeker", "registrant", "outsider"])
def test_non_staff_cannot_enter_the_admin(world: World, persona: str) -> None:
    # The same 404 as every staff page gives an account that is not staff.
    for path in ("/admin/", "/admin/people/person/", "/admin/tracing/case/"):
        assert world.client_for(persona).get(path).status_code == 404


@pytest.mark.django_db
def test_caseworker_admin_lists_only_own_agency_persons(world: World) -> None:
    client = world.client_for("caseworker_a")
    page = client.get("/admin/people/person/").content.decode()
    assert "<bdi>محمدرضا خدابنده</bdi>" in page
    assert "علی احمدی" not in page
    other = world.registration_b.person
    assert client.get(f"/admin/people/person/{other.pk}/change/").status_code == 302
    assert AuditEvent.objects.filter(action="access.refused", object_id=str(other.pk)).exists()


@pytest.mark.django_db
def test_admin_shows_a_person_read_only_with_the_birth_year_for_the_reader(world: World) -> None:
    client = world.client_for("caseworker_a")
    person = world.request_a.sought
    page = client.get(f"/admin/people/person/{person.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert "1966–1967" in html and "محمدرضا خدابنده" in html  # the Jalali year 1345
    assert 'name="birthplace"' not in html and 'name="names-0-full"' not in html
    assert AuditEvent.objects.filter(action="access.read", object_id=str(person.pk)).exists()


@pytest.mark.django_db
def test_dpo_reads_the_audit_log_and_caseworker_does_not(world: World) -> None:
    assert world.client_for("dpo").get("/admin/audit/auditevent/").status_code == 200
    assert world.client_for("caseworker_a").get("/admin/audit/auditevent/").status_code == 403


@pytest.mark.django_db
def test_nobody_deletes_persons_from_the_admin(world: World) -> None:
    person = world.request_a.sought
    response = world.client_for("admin").post(
        f"/admin/people/person/{person.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()
