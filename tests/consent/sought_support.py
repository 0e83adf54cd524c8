"""Helpers for the sought person's tests: a confirmed pair put to the registrant in the app."""

from __future__ import annotations

import re

from django.test import Client

from conftest import PASSWORD, World, sought_person
from pair_support import confirmed_pair
from peyvand.accounts.models import Role, User
from peyvand.accounts.services import create_user
from peyvand.actions.decisions import ask_sought_person
from peyvand.consent.models import DecisionRequest
from peyvand.people.models import ContactKind
from peyvand.people.services import ContactInput, NameInput, PersonInput
from peyvand.tracing.models import Registration, TracingRequest
from peyvand.tracing.services import register_person, submit_tracing_request

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def without_csrf(body: bytes) -> bytes:
    """A page without its per-response CSRF token, to compare two responses byte for byte."""
    return CSRF.sub(b'name="csrfmiddlewaretoken" value=""', body)


def same_page(body: bytes, path: str) -> bytes:
    """A page as it would read at any address: without its CSRF token and its own path."""
    return without_csrf(body).replace(path.encode(), b"/<path>/")


def give_contacts(registration: Registration) -> None:
    registration.person.contacts.create(kind=ContactKind.PHONE, value="+355 69 123 4567")
    registration.person.contacts.create(kind=ContactKind.EMAIL, value="mr.kh@example.org")


def ask_registrant(
    world: World,
    tracing_request: TracingRequest | None = None,
    registration: Registration | None = None,
) -> DecisionRequest:
    """Put a confirmed pair (request A ↔ the registrant's registration by default) to the person."""
    tracing_request = tracing_request or world.request_a
    registration = registration or world.registration_a
    pair = confirmed_pair(world, tracing_request, registration)
    return ask_sought_person(world.caseworker_a, pair, "app")


def another_request(
    world: World, name: str = "مریم خدابنده", relationship: str = "sibling"
) -> TracingRequest:
    """A further request in agency A by the same seeker account."""
    return submit_tracing_request(
        None,
        world.agency_a,
        seeker=PersonInput(names=[NameInput(full=name)], sex="f"),
        sought=sought_person("محمدرضا خدابنده"),
        relationship=relationship,
        seeker_user=world.seeker,
    )


def second_registrant(world: World) -> tuple[User, Registration, Client]:
    """Another separated person with an account: they must never see the first one's pages."""
    user = create_user(None, username="registrant-2", password=PASSWORD, role=Role.REGISTRANT)
    registration = register_person(
        None,
        world.agency_a,
        PersonInput(
            names=[NameInput(full="Reza Karimi")],
            sex="m",
            contacts=(ContactInput("phone", "+355 68 765 4321"),),
        ),
        consent_method="self",
        user=user,
    )
    client = Client()
    client.force_login(user)
    return user, registration, client
