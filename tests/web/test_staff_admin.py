"""The staff admin: who gets in, what they see, and Persian names shown right to left."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from conftest import World
from peyvand.accounts.admin_site import admin_site
from peyvand.accounts.models import Agency, Role, User
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


@pytest.mark.django_db
def test_no_record_but_accounts_and_agencies_is_writable_in_the_admin(world: World) -> None:
    """Whatever is registered in the admin, now or later: no persona adds, changes or deletes it
    (inline rows included), no bulk action runs, and no "view on site" lookup exists. Accounts
    and agencies are the administrator's, through the accounts services."""
    for model, model_admin in admin_site._registry.items():
        assert model_admin.view_on_site is False, model
        for persona, user in world.personas().items():
            request = RequestFactory().post("/admin/")
            request.user = user
            assert model_admin.get_actions(request) == {}, (model, persona)
            if model in (User, Agency) and user.role == Role.ADMIN:
                continue
            assert not model_admin.has_add_permission(request), (model, persona)
            inlines = model_admin.get_inline_instances(request, None)
            for each in [model_admin, *inlines]:
                assert not each.has_change_permission(request), (model, persona)
                assert not each.has_delete_permission(request), (model, persona)
            assert not any(inline.has_add_permission(request, None) for inline in inlines)
