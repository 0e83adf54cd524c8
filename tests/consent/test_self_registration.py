"""A separated person registers themself (or a caseworker registers them with their consent):
everything is written at once or nothing is."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from sought_support import same_page

from conftest import World
from peyvand.accounts.models import Role, User
from peyvand.audit.models import AuditEvent
from peyvand.people.models import ContactDetail, Name, Person
from peyvand.tracing.models import Registration

REGISTER = reverse("register_self")
STAFF_REGISTER = reverse("register_by_staff")
NEW_PASSWORD = "a long quiet river in Tirana"


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def self_form(world: World, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name_1": "محمد رضایی",
        "name_2": "Mohammad Rezaei",
        "name_3": "",
        "sex": "m",
        "birth_date_text": "1966",
        "birthplace": "Qazvin",
        "father_given_name": "Hossein",
        "mother_given_name": "Zahra",
        "phone": "+355 69 222 3344",
        "email": "m.rezaei@example.org",
        "address": "Rruga e Kavajës 10, Tiranë",
        "findable_by": "close_family",
        "shareable_kinds": ["phone", "email"],
        "agency": world.agency_a.pk,
        "username": "m.rezaei",
        "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD,
        "consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (User, Registration, Person, Name, ContactDetail, AuditEvent)
    }


@pytest.mark.django_db
def test_self_registration_writes_everything_and_signs_in(world: World) -> None:
    client = Client()
    assert client.get(REGISTER).status_code == 200

    response = client.post(REGISTER, self_form(world))

    assert response.status_code == 302
    assert response["Location"] == reverse("registrant_home")
    user = User.objects.get(username__startswith="m.rezaei-")
    assert (user.role, user.email, user.agency) == (Role.REGISTRANT, "m.rezaei@example.org", None)
    registration = Registration.objects.get(user=user)
    assert registration.agency == world.agency_a
    assert registration.consent_method == "self"
    assert registration.consent_recorded_by == user
    assert registration.findable_by == "close_family"
    assert registration.shareable_kinds == ["email", "phone"]
    person = registration.person
    assert sorted(person.names.values_list("full", "script")) == [
        ("Mohammad Rezaei", "latn"),
        ("محمد رضایی", "fa"),
    ]
    assert (person.birth_date.year, person.birth_date_precision) == (1966, "year")
    assert person.birth_date_calendar == "gregorian"
    assert (person.father_given_name, person.mother_given_name) == ("Hossein", "Zahra")
    assert sorted(person.contacts.values_list("kind", flat=True)) == ["address", "email", "phone"]
    assert AuditEvent.objects.filter(action="registration.choices_changed", actor=user).exists()

    home = client.get(reverse("registrant_home"))
    assert home.status_code == 200
    assert "Mohammad Rezaei" in home.content.decode()


@pytest.mark.django_db
def test_jalali_birth_date_is_kept_as_written(world: World) -> None:
    response = Client().post(REGISTER, self_form(world, birth_date_text="1345/06/12"))
    assert response.status_code == 302
    person = Registration.objects.get(user__username__startswith="m.rezaei-").person
    assert (person.birth_date_calendar, person.birth_date_precision) == ("jalali", "day")
    assert person.birth_date.isoformat() == "1966-09-03"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"birth_date_text": "1345/13/40"}, "birth_date_text"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"password": "short", "password_again": "short"}, "password"),
        ({"password_again": "something else entirely"}, "password_again"),
        ({"consent": None}, "consent"),
        ({"username": "m rezaei!"}, "username"),
        ({"name_1": "", "name_2": ""}, "name_1"),
        ({"shareable_kinds": ["address"], "address": ""}, "shareable_kinds"),
    ],
)
def test_bad_input_writes_nothing_and_keeps_what_was_typed(
    world: World, changes: dict[str, Any], field: str
) -> None:
    before = counts()
    client = Client()

    response = client.post(REGISTER, self_form(world, **changes))

    assert response.status_code == 400
    assert counts() == before
    form = response.context["form"]
    assert form.errors[field]
    body = response.content.decode()
    assert form.errors[field][0] in body.replace("&#x27;", "'").replace("&quot;", '"')
    assert 'value="Qazvin"' in body
    if changes.get("name_1", "x"):
        assert "محمد رضایی" in body
    assert NEW_PASSWORD not in body  # passwords are never echoed back
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_failure_late_in_the_transaction_leaves_nothing_behind(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise ValidationError({"names": ["refused late"]})

    monkeypatch.setattr("peyvand.consent.registrant_services._apply_choices", fail)
    before = counts()

    response = Client().post(REGISTER, self_form(world))

    assert response.status_code == 400
    assert counts() == before
    assert not User.objects.filter(username__startswith="m.rezaei").exists()


@pytest.mark.django_db
def test_self_registration_is_rate_limited_per_address(world: World) -> None:
    client = Client()
    for _attempt in range(20):
        assert client.post(REGISTER, {"name_1": "x"}).status_code == 400
    before = counts()

    response = client.post(REGISTER, self_form(world))

    assert response.status_code == 429
    assert counts() == before
    other_address = Client(REMOTE_ADDR="10.0.0.7").post(REGISTER, self_form(world))
    assert other_address.status_code == 302


@pytest.mark.django_db
def test_signed_in_users_are_not_offered_a_second_registration(world: World) -> None:
    response = world.client_for("registrant").get(REGISTER)
    assert response.status_code == 302


def staff_form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name_1": "Ali Karimi",
        "name_2": "علی کریمی",
        "sex": "m",
        "birth_date_text": "52",
        "phone": "+355 67 111 2222",
        "findable_by": "any_relative",
        "shareable_kinds": ["phone"],
        "consent": "on",
        "consent_method": "in_person",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["caseworker_a", "supervisor_a"])
def test_agency_staff_register_a_person_into_their_own_agency(world: World, persona: str) -> None:
    client = world.client_for(persona)
    assert client.get(STAFF_REGISTER).status_code == 200

    response = client.post(STAFF_REGISTER, staff_form())

    assert response.status_code == 302
    registration = Registration.objects.get(person__names__full="Ali Karimi")
    assert registration.agency == world.agency_a
    assert registration.user is None
    assert registration.consent_method == "in_person"
    assert registration.consent_recorded_by == getattr(world, persona)
    assert registration.shareable_kinds == ["phone"]
    assert response["Location"] == reverse("person_detail", args=[registration.person_id])


@pytest.mark.django_db
def test_an_admin_chooses_the_agency(world: World) -> None:
    client = world.client_for("admin")
    refused = client.post(STAFF_REGISTER, staff_form())
    assert refused.status_code == 400
    assert refused.context["form"].errors["agency"]

    response = client.post(STAFF_REGISTER, staff_form(agency=world.agency_b.pk))
    assert response.status_code == 302
    assert Registration.objects.get(person__names__full="Ali Karimi").agency == world.agency_b


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes", [{"consent": None}, {"consent_method": "self"}, {"birth_date_text": "yesterday"}]
)
def test_staff_registration_needs_recorded_consent_and_good_data(
    world: World, changes: dict[str, Any]
) -> None:
    before = counts()
    response = world.client_for("caseworker_a").post(STAFF_REGISTER, staff_form(**changes))
    assert response.status_code == 400
    assert counts() == before
    assert "Ali Karimi" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["seeker", "registrant", "dpo", "outsider"])
def test_staff_registration_is_not_found_for_others(world: World, persona: str) -> None:
    client = world.client_for(persona)
    before = counts()
    missing = client.get("/staff/registrations/no-such-page/")
    for response in (client.get(STAFF_REGISTER), client.post(STAFF_REGISTER, staff_form())):
        assert response.status_code == 404
        assert same_page(response.content, STAFF_REGISTER) == same_page(
            missing.content, "/staff/registrations/no-such-page/"
        )
    assert counts()["Registration"] == before["Registration"]


@pytest.mark.django_db
def test_staff_registration_needs_sign_in(world: World) -> None:
    response = Client().get(STAFF_REGISTER)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_the_old_staff_registration_address_redirects_permanently(world: World) -> None:
    """The form was mounted under the registrant's /me/ once: old links reach its staff address."""
    client = world.client_for("caseworker_a")
    response = client.get("/me/staff/register/?from=bookmark")
    assert response.status_code == 301
    assert response["Location"] == f"{STAFF_REGISTER}?from=bookmark"
    assert STAFF_REGISTER == "/staff/registrations/new/"
    assert client.get(response["Location"]).status_code == 200
