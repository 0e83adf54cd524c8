"""Repeated failed sign-ins lock out: /accounts/login/ (django-axes) and the seeker's track page."""

from __future__ import annotations

import pytest
from accounts_support import clean_cache, password_login, without_csrf
from django.test import Client

from conftest import PASSWORD, World
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.models import TracingRequest
from peyvand.tracing.services import submit_tracing_request

__all__ = ["clean_cache"]


def attempt(client: Client, username: str, password: str) -> int:
    return client.post("/accounts/login/", {"username": username, "password": password}).status_code


@pytest.mark.django_db
def test_five_failures_lock_the_username_from_that_address_even_with_the_right_password(
    world: World,
) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    assert [attempt(attacker, "caseworker-a", f"guess {i}") for i in range(5)] == [200] * 4 + [429]
    locked = attacker.post("/accounts/login/", {"username": "caseworker-a", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    assert "_auth_user_id" not in attacker.session
    # The same account from the colleague's own address still signs in.
    password_login(world.caseworker_a, address="198.51.100.4")


@pytest.mark.django_db
def test_an_unknown_username_locks_out_exactly_like_a_known_one(world: World) -> None:
    known, unknown = Client(REMOTE_ADDR="203.0.113.8"), Client(REMOTE_ADDR="203.0.113.9")
    known_codes = [attempt(known, "caseworker-a", "wrong") for _ in range(6)]
    unknown_codes = [attempt(unknown, "no-such-user", "wrong") for _ in range(6)]
    assert known_codes == unknown_codes == [200] * 4 + [429, 429]
    body = known.post("/accounts/login/", {"username": "caseworker-a", "password": "x"}).content
    again = unknown.post("/accounts/login/", {"username": "no-such-user", "password": "x"})
    assert (again.status_code, without_csrf(again.content)) == (429, without_csrf(body))


@pytest.mark.django_db
def test_a_successful_sign_in_resets_the_count(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(4):
        assert attempt(client, "registrant", "wrong") == 200
    assert attempt(client, "registrant", PASSWORD) == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        assert attempt(client, "registrant", "wrong") == 200
    assert attempt(client, "registrant", PASSWORD) == 302


@pytest.mark.django_db
def test_track_page_slows_guessing_without_locking_out_the_right_passphrase(world: World) -> None:
    tracing_request: TracingRequest = submit_tracing_request(
        None,
        world.agency_a,
        seeker=PersonInput(names=[NameInput(full="مریم کریمی")]),
        sought=PersonInput(names=[NameInput(full="رضا کریمی")]),
        relationship="sibling",
        passphrase="1234-5678-9012",
    )
    code = tracing_request.reference_code
    statuses = []
    for i in range(10):
        client = Client(REMOTE_ADDR=f"192.0.2.{i + 1}")  # a different address each time
        statuses.append(client.post("/t/", {"reference_code": code, "passphrase": f"{i:012d}"}))
    assert [r.status_code for r in statuses] == [200] * 10
    # The code is under attack: a new address gets three guesses on it, not ten...
    newcomer = Client(REMOTE_ADDR="192.0.2.98")
    guesses = [
        newcomer.post("/t/", {"reference_code": code, "passphrase": "0"}).status_code
        for _ in range(4)
    ]
    assert guesses == [200, 200, 200, 429]
    # ...but the right passphrase from the family's own address still signs in.
    right = Client(REMOTE_ADDR="192.0.2.99").post(
        "/t/", {"reference_code": code, "passphrase": "1234-5678-9012"}
    )
    assert right.status_code == 302
    # And one address guessing many codes is locked too (a higher bar: addresses are shared).
    guesser = Client(REMOTE_ADDR="192.0.2.200")
    codes = [
        guesser.post("/t/", {"reference_code": f"PV-AAAA-AA{i:02d}", "passphrase": "1"}).status_code
        for i in range(31)
    ]
    assert codes == [200] * 30 + [429]
