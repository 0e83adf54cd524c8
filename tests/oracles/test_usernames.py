"""User names: no two that a reader could take for one another, whatever door creates the
account, and the public registration page never tells whether a name exists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import PASSWORD, World
from peyvand.accounts.models import Role, User
from peyvand.accounts.services import create_user

REGISTER = "/me/register/"
NEW_PASSWORD = "a long quiet river in Tirana"


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "look_alike",
    [
        "caseworker-a",  # the same name
        "Caseworker-A",  # case
        "caseworker_a",  # separators
        "caseworker.a",
        "саseworker-a",  # Cyrillic с and а
        "casew0rker-a",  # zero for o
        "Caseworker-Á",  # an accent
    ],
)
def test_no_account_can_take_a_name_like_one_in_use(world: World, look_alike: str) -> None:
    with pytest.raises(ValidationError) as refused:
        create_user(None, username=look_alike, password=PASSWORD, role=Role.SEEKER)
    assert "username" in refused.value.message_dict
    assert User.objects.filter(role=Role.SEEKER).count() == 2  # seeker and outsider


@pytest.mark.django_db
def test_mrezaei_beside_MRezaei_is_refused_and_unrelated_names_are_not(world: World) -> None:
    create_user(None, username="mrezaei", password=PASSWORD, role=Role.REGISTRANT)
    with pytest.raises(ValidationError):
        create_user(None, username="MRezaei", password=PASSWORD, role=Role.REGISTRANT)
    create_user(None, username="mrezaee", password=PASSWORD, role=Role.REGISTRANT)
    assert User.objects.filter(username__in=["mrezaei", "mrezaee"]).count() == 2


def self_form(world: World, username: str) -> dict[str, Any]:
    return {
        "name_1": "محمد رضایی",
        "sex": "m",
        "birth_date_text": "1966",
        "findable_by": "close_family",
        "agency": world.agency_a.pk,
        "username": username,
        "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD,
        "consent": "on",
    }


@pytest.mark.django_db
def test_registration_answers_alike_for_staff_names_registrant_names_and_new_names(
    world: World,
) -> None:
    create_user(None, username="mrezaei", password=PASSWORD, role=Role.REGISTRANT)
    outcomes = []
    for chosen in ("caseworker-a", "Caseworker-A", "MRezaei", "registrant", "never-used-name"):
        client = Client()
        response = client.post(REGISTER, self_form(world, chosen))
        assert response.status_code == 302, response.content.decode()[:2000]
        home = client.get(response["Location"]).content.decode()
        given = re.search(r"Your user name is (\S+):", home)
        assert given is not None
        username = given.group(1)
        assert re.fullmatch(re.escape(chosen) + r"-\d{4,}", username), username
        outcomes.append((response.status_code, response["Location"]))
        # The name shown is the one to sign in with.
        assert (
            Client()
            .post("/accounts/login/", {"username": username, "password": NEW_PASSWORD})
            .status_code
            == 302
        )
    assert len(set(outcomes)) == 1


@pytest.mark.django_db
def test_a_name_like_an_erased_account_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        create_user(None, username="Erased-12", password=PASSWORD, role=Role.SEEKER)
