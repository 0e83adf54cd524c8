"""Helpers shared by the seeker tests: a seeker with a passphrase, and a confirmed match driven
through the consent services."""

from __future__ import annotations

import re

from django.test import Client

from conftest import World, sought_person
from pair_support import confirmed_pair
from peyvand.accounts.models import Agency
from peyvand.actions.decisions import ask_sought_person, record_decision
from peyvand.consent.models import Decision
from peyvand.people.services import ContactInput, NameInput, PersonInput
from peyvand.tracing.models import Registration, TracingRequest
from peyvand.tracing.services import register_person, submit_tracing_request

PASSPHRASE = "1234-5678-9012"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def without_csrf(body: bytes) -> bytes:
    return CSRF.sub(b'name="csrfmiddlewaretoken" value=""', body)


def seeker_request(
    agency: Agency, *, name: str = "رضا کریمی", message: str = "", passphrase: str = PASSPHRASE
) -> TracingRequest:
    return submit_tracing_request(
        None,
        agency,
        seeker=PersonInput(
            names=[NameInput(full="مریم کریمی")],
            contacts=(ContactInput(kind="phone", value="09120000000"),),
        ),
        sought=sought_person(name),
        relationship="sibling",
        message_for_sought=message,
        passphrase=passphrase,
    )


def signed_in(tracing_request: TracingRequest, passphrase: str = PASSPHRASE) -> Client:
    client = Client()
    response = client.post(
        "/t/", {"reference_code": tracing_request.reference_code, "passphrase": passphrase}
    )
    assert response.status_code == 302, response.content.decode()
    return client


def registration_with_contacts(world: World) -> Registration:
    return register_person(
        None,
        world.agency_a,
        PersonInput(
            names=[NameInput(full="Reza Karimi")],
            sex="m",
            birthplace="Durrës",
            contacts=(
                ContactInput(kind="phone", value="+355 69 111 2222"),
                ContactInput(kind="email", value="reza.karimi@example.org"),
                ContactInput(kind="address", value="Rruga e Durrësit 7, Tirana"),
            ),
        ),
        consent_method="in_person",
    )


def decide(
    world: World,
    tracing_request: TracingRequest,
    registration: Registration,
    choice: str,
    kinds: list[str] | None = None,
) -> Decision:
    pair = confirmed_pair(world, tracing_request, registration)
    asked = ask_sought_person(world.caseworker_a, pair, "in_person")
    return record_decision(
        world.caseworker_a, asked, choice, channel="in_person", shared_kinds=kinds
    )


def status_of(client: Client) -> str:
    response = client.get("/t/status/")
    assert response.status_code == 200
    found = re.search(r'class="card status status-(\w+)"', response.content.decode())
    assert found is not None
    return found.group(1)
