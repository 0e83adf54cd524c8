"""Guessing a passphrase is slowed, but nobody who knows a reference code can lock the family
out of their track page, nor lock out the other families behind the same address."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from seeker_support import PASSPHRASE, seeker_request

from conftest import World

WRONG = "1111-1111-1111"


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def sign_in(code: str, passphrase: str, address: str, client: Client | None = None) -> int:
    client = client or Client(REMOTE_ADDR=address)
    response = client.post("/t/", {"reference_code": code, "passphrase": passphrase})
    return response.status_code


@pytest.mark.django_db
def test_guessing_from_one_address_does_not_lock_the_family_out_from_theirs(
    world: World,
) -> None:
    code = seeker_request(world.agency_a).reference_code
    attacker = [sign_in(code, WRONG, "203.0.113.9") for _ in range(12)]
    assert attacker == [200] * 10 + [429] * 2
    # Refused without looking: the right passphrase gets the same 429 from there (no oracle).
    assert sign_in(code, PASSPHRASE, "203.0.113.9") == 429
    # The family, from home, signs in.
    assert sign_in(code, PASSPHRASE, "198.51.100.20") == 302


@pytest.mark.django_db
def test_a_code_under_attack_from_many_addresses_is_slowed_but_the_family_gets_in(
    world: World,
) -> None:
    code = seeker_request(world.agency_a).reference_code
    for index in range(12):
        assert sign_in(code, WRONG, f"192.0.2.{index}") == 200
    # Under attack: each new address gets three tries on this code per window, not ten.
    newcomer = [sign_in(code, WRONG, "192.0.2.100") for _ in range(4)]
    assert newcomer == [200, 200, 200, 429]
    # The family's first try from their own address is still checked, and the right one works.
    assert sign_in(code, PASSPHRASE, "198.51.100.30") == 302
    # An unknown code under the same attack answers the same way: nothing says which exists.
    for index in range(12):
        sign_in("PV-QQQQ-QQQQ", WRONG, f"192.0.3.{index}")
    unknown = [sign_in("PV-QQQQ-QQQQ", WRONG, "192.0.3.100") for _ in range(4)]
    assert unknown == newcomer


@pytest.mark.django_db
def test_one_visitor_guessing_does_not_lock_out_other_families_behind_the_same_address(
    world: World,
) -> None:
    ours = seeker_request(world.agency_a, name="سارا احمدی", passphrase="2222-3333-4444")
    shared = "100.64.0.1"  # a carrier-grade NAT address many families share
    for index in range(10):
        assert sign_in(f"PV-AAAA-{index:04d}", WRONG, shared) == 200
    assert sign_in(ours.reference_code, "2222-3333-4444", shared) == 302


@pytest.mark.django_db
def test_a_browser_that_signed_in_before_gets_in_while_its_address_is_flooded(
    world: World,
) -> None:
    code = seeker_request(world.agency_a).reference_code
    shared = "100.64.0.2"
    family = Client(REMOTE_ADDR=shared)
    assert sign_in(code, PASSPHRASE, shared, family) == 302
    family.post("/t/leave/")
    for index in range(40):
        sign_in(f"PV-BBBB-{index:04d}", WRONG, shared)
    sign_in(code, WRONG, shared)
    # A stranger's browser at that address is refused; the family's own browser is not.
    assert sign_in(code, PASSPHRASE, shared) == 429
    assert sign_in(code, PASSPHRASE, shared, family) == 302
    # The trust is for that code only, and a forged cookie is worth nothing.
    other = seeker_request(world.agency_a, name="نرگس احمدی").reference_code
    assert sign_in(other, PASSPHRASE, shared, family) == 429
    forged = Client(REMOTE_ADDR=shared)
    forged.cookies["peyvand_track_device"] = "eyJkZXZpY2UiOiJ4In0:forged:signature"
    assert sign_in(code, PASSPHRASE, shared, forged) == 429


@pytest.mark.django_db
def test_over_https_the_device_cookie_is_host_only_secure_and_http_only(
    world: World, settings: Any
) -> None:
    settings.SESSION_COOKIE_SECURE = True
    code = seeker_request(world.agency_a).reference_code
    client = Client(REMOTE_ADDR="198.51.100.40")
    response = client.post("/t/", {"reference_code": code, "passphrase": PASSPHRASE}, secure=True)
    assert response.status_code == 302
    cookie = response.cookies["__Host-peyvand-track-device"]
    assert cookie["secure"] and cookie["httponly"] and cookie["path"] == "/"
    assert cookie["samesite"] == "Lax" and not cookie["domain"]
    assert code not in cookie.value
