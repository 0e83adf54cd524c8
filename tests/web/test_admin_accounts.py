"""Staff accounts and agencies in the admin: administrators only, through the accounts services,
and no account becomes staff, loses its second factor or gets a password set by someone else."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.hashers import check_password

from conftest import PASSWORD, World
from peyvand.accounts.models import Agency, User
from peyvand.audit.models import AuditEvent

NEW_PASSWORD = "a long and unguessable first passphrase"


def account_form(user: User, **changes: Any) -> dict[str, Any]:
    form = {
        "email": user.email,
        "role": user.role,
        "agency": user.agency_id or "",
        "is_active": "on" if user.is_active else "",
    }
    return {**form, **changes}


@pytest.mark.django_db
def test_an_administrator_opens_a_staff_account_through_the_service(world: World) -> None:
    client = world.client_for("admin")
    form = {
        "username": "caseworker-a2",
        "email": "a2@example.org",
        "role": "caseworker",
        "agency": world.agency_a.pk,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    assert client.post("/admin/accounts/user/add/", form).status_code == 302
    made = User.objects.get(username="caseworker-a2")
    assert (made.role, made.agency_id, made.is_staff, made.is_superuser) == (
        "caseworker",
        world.agency_a.pk,
        True,
        False,
    )
    assert check_password(NEW_PASSWORD, made.password)
    assert AuditEvent.objects.filter(
        action="user.created", object_id=str(made.pk), actor=world.admin
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "agency"), [("registrant", ""), ("seeker", ""), ("dpo", "a")])
def test_an_administrator_cannot_open_an_account_outside_the_rules(
    world: World, role: str, agency: str
) -> None:
    form = {
        "username": "someone",
        "role": role,
        "agency": world.agency_a.pk if agency else "",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    response = world.client_for("admin").post("/admin/accounts/user/add/", form)
    assert response.status_code == 200  # the form again, with the error
    assert not User.objects.filter(username="someone").exists()


@pytest.mark.django_db
def test_an_administrator_changes_a_staff_account_through_the_service(world: World) -> None:
    target = world.caseworker_a
    client = world.client_for("admin")
    response = client.post(
        f"/admin/accounts/user/{target.pk}/change/",
        account_form(target, role="supervisor", agency=world.agency_b.pk),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.role, target.agency_id) == ("supervisor", world.agency_b.pk)
    event = AuditEvent.objects.get(action="user.changed", object_id=str(target.pk))
    assert event.details["fields"] == ["agency_id", "role"]
    assert check_password(PASSWORD, target.password)  # the password is the holder's own
    # Nor does an administrator demote or switch off themself: nobody would be left to undo it.
    admin = world.admin
    url = f"/admin/accounts/user/{admin.pk}/change/"
    assert client.post(url, account_form(admin, role="dpo")).status_code == 200
    assert client.post(url, account_form(admin, is_active="")).status_code == 200
    admin.refresh_from_db()
    assert (admin.role, admin.is_active) == ("admin", True)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["seeker", "registrant"])
def test_seekers_and_registrants_accounts_are_not_the_admins_to_change(
    world: World, persona: str
) -> None:
    """They are not listed, and an administrator cannot make them staff or read their data."""
    client = world.client_for("admin")
    account = getattr(world, persona)
    listed = client.get("/admin/accounts/user/").context["cl"].result_list
    assert account not in listed and {user.role for user in listed} <= {
        "caseworker",
        "supervisor",
        "dpo",
        "admin",
    }
    response = client.post(
        f"/admin/accounts/user/{account.pk}/change/",
        account_form(account, role="caseworker", agency=world.agency_a.pk),
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    account.refresh_from_db()
    assert (account.role, account.agency_id, account.is_staff) == (persona, None, False)


@pytest.mark.django_db
def test_no_password_is_set_or_changed_in_the_admin(world: World) -> None:
    client = world.client_for("admin")
    target = world.caseworker_a
    form = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post(f"/admin/accounts/user/{target.pk}/password/", form).status_code in (
        302,
        404,
    )
    assert client.get("/admin/password_change/").status_code == 404
    target.refresh_from_db()
    assert check_password(PASSWORD, target.password)
    page = client.get(f"/admin/accounts/user/{target.pk}/change/").content.decode()
    assert "md5$" not in page and 'name="password' not in page


@pytest.mark.django_db
def test_an_administrator_changes_an_agency_through_the_service(world: World) -> None:
    agency = world.agency_a
    form = {
        "name": "Agency A (Tirana)",
        "code": "stolen",
        "country": "al",
        "moderates_messages": "on",
    }
    response = world.client_for("admin").post(f"/admin/accounts/agency/{agency.pk}/change/", form)
    assert response.status_code == 302
    agency = Agency.objects.get(pk=agency.pk)
    assert (agency.name, agency.code, agency.country, agency.moderates_messages) == (
        "Agency A (Tirana)",
        "agency-a",
        "AL",
        True,
    )
    event = AuditEvent.objects.get(action="agency.changed", object_id=str(agency.pk))
    assert event.details["fields"] == ["moderates_messages", "name"]
