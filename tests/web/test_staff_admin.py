"""The staff admin: who gets in, what they see, and Persian names shown right to left."""

from __future__ import annotations

import pytest

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.people.models import Person


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["seeker", "registrant", "outsider"])
def test_non_staff_cannot_enter_the_admin(world: World, persona: str) -> None:
    response = world.client_for(persona).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


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
def test_admin_person_form_takes_a_jalali_date_and_rejects_a_bad_one(world: World) -> None:
    client = world.client_for("caseworker_a")
    person = world.request_a.sought
    url = f"/admin/people/person/{person.pk}/change/"
    page = client.get(url).content.decode()
    assert 'dir="auto"' in page
    form = {
        "agency": world.agency_a.pk,
        "sex": "m",
        "birth_date_text": "۱۳۴۵/۰۶/۱۲",
        "birthplace": "قزوین",
        "father_given_name": "حسین",
        "mother_given_name": "",
        "national_id": "",
        "names-TOTAL_FORMS": "0",
        "names-INITIAL_FORMS": "0",
        "names-MIN_NUM_FORMS": "0",
        "names-MAX_NUM_FORMS": "1000",
    }
    assert client.post(url, form).status_code == 302
    person.refresh_from_db()
    assert (str(person.birth_date), person.birth_date_precision) == ("1966-09-03", "day")
    assert AuditEvent.objects.filter(action="person.changed", object_id=str(person.pk)).exists()

    bad = client.post(url, {**form, "birth_date_text": "1345/13/40"}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 200
    assert "month" in bad.content.decode()
    person.refresh_from_db()
    assert str(person.birth_date) == "1966-09-03"


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
