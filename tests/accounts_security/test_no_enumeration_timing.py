"""No enumeration: an unknown account and a wrong secret for a known one answer alike, in the
same status, the same body (but for the CSRF token and the echoed input) and about the same
time (median of many requests), with argon2, the production hasher, active.

Sign-in: Django's ModelBackend hashes the typed password once for an unknown username.
Track page: ``authenticate_seeker`` checks an unusable hash for an unknown code, and Django then
runs the default hasher once. Password reset: the page never sends mail while the visitor
waits (a background task does), so a known address costs no more than an unknown one.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import pytest
from accounts_support import clean_cache, without_csrf
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.core.cache import cache
from django.test import Client
from django.test.client import Client as ClientType

from peyvand.accounts.models import Role
from peyvand.accounts.services import create_agency, create_user
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.services import submit_tracing_request

__all__ = ["clean_cache"]

ROUNDS = 15
PASSWORD = "the staff member's real passphrase"


class Argon2ForTiming(Argon2PasswordHasher):
    """Argon2 as in production, with a smaller memory and time cost so that 60 hashes fit in a
    few seconds (the production parameters take about half a second each on the CI machine).
    Every path hashes with the same hasher, so the comparison does not depend on its cost; the
    cost only has to dominate the rest of the request so that a skipped hash would show."""

    time_cost = 1
    memory_cost = 16 * 1024
    parallelism = 1


@pytest.fixture
def argon2(settings: Any) -> None:
    # The suite's autouse fixture swaps in MD5 for speed; timing is only meaningful with argon2.
    settings.PASSWORD_HASHERS = [f"{__name__}.Argon2ForTiming"]


Post = Callable[[ClientType, int], Any]


def compare(known: Post, unknown: Post) -> tuple[list[Any], list[Any], float]:
    """Interleave the two kinds of request (each from a fresh client and address, with the rate
    limits cleared, so lockouts do not interfere) and return the responses and the ratio of the
    median times, known / unknown."""
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    responses: dict[str, list[Any]] = {"known": [], "unknown": []}
    for i in range(ROUNDS + 1):
        for kind, post in (("known", known), ("unknown", unknown)):
            cache.clear()
            client = Client(REMOTE_ADDR=f"10.{i}.{len(times[kind])}.{1 if kind == 'known' else 2}")
            start = time.perf_counter()
            response = post(client, i)
            elapsed = time.perf_counter() - start
            if i:  # the first round warms caches and is not counted
                times[kind].append(elapsed)
                responses[kind].append(response)
    ratio = statistics.median(times["known"]) / statistics.median(times["unknown"])
    return responses["known"], responses["unknown"], ratio


def same_page(a: Any, b: Any, *echoed: tuple[str, str]) -> bool:
    body_a, body_b = without_csrf(a.content), without_csrf(b.content)
    for text_a, text_b in echoed:
        body_a = body_a.replace(text_a.encode(), b"ECHO")
        body_b = body_b.replace(text_b.encode(), b"ECHO")
    return a.status_code == b.status_code and body_a == body_b


@pytest.mark.django_db
def test_sign_in_unknown_user_and_wrong_password_look_and_take_alike(argon2: None) -> None:
    user = create_user(None, username="field-officer", password=PASSWORD, role=Role.REGISTRANT)
    assert user.password.startswith("argon2")
    known, unknown, ratio = compare(
        lambda c, i: c.post("/accounts/login/", {"username": "field-officer", "password": "nope"}),
        lambda c, i: c.post("/accounts/login/", {"username": "no-such-one", "password": "nope"}),
    )
    assert {r.status_code for r in known + unknown} == {200}
    assert same_page(known[0], unknown[0], ("field-officer", "no-such-one"))
    assert "correct username and password" in known[0].content.decode()
    assert 0.5 < ratio < 2, ratio


@pytest.mark.django_db
def test_the_hash_dominates_so_a_skipped_hash_would_show(argon2: None) -> None:
    client = Client()
    client.get("/accounts/login/")
    # The fastest of several runs: what each costs by itself, not what a busy machine (CI runs
    # other processes beside the suite) added to one run or the other.
    one_hash = fastest(lambda: make_password("x"))
    one_page = fastest(lambda: client.get("/accounts/login/"))
    # Leaving the hash out of one path would move the ratio of medians past 2.
    assert one_hash > 2 * one_page, (one_hash, one_page)


def fastest(action: Callable[[], object], runs: int = 7) -> float:
    """The shortest of ``runs`` timings of ``action``, in seconds."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


@pytest.mark.django_db
def test_password_reset_known_and_unknown_address_look_and_take_alike(argon2: None) -> None:
    create_user(
        None, username="mother", password=PASSWORD, role=Role.SEEKER, email="mother@example.org"
    )
    known, unknown, ratio = compare(
        lambda c, i: c.post("/accounts/password-reset/", {"email": "mother@example.org"}),
        lambda c, i: c.post("/accounts/password-reset/", {"email": "nobody@example.org"}),
    )
    assert {(r.status_code, r["Location"]) for r in known + unknown} == {
        (302, "/accounts/password-reset/sent/")
    }
    assert 0.5 < ratio < 2, ratio


@pytest.mark.django_db
def test_track_page_wrong_code_and_wrong_passphrase_look_and_take_alike(argon2: None) -> None:
    agency = create_agency(None, name="Agency T", code="agency-t")
    tracing_request = submit_tracing_request(
        None,
        agency,
        seeker=PersonInput(names=[NameInput(full="مریم کریمی")]),
        sought=PersonInput(names=[NameInput(full="رضا کریمی")]),
        relationship="sibling",
        passphrase="1234-5678-9012",
    )
    assert tracing_request.passphrase_hash.startswith("argon2")
    code = tracing_request.reference_code
    missing = "PV-ZZZZ-ZZZZ" if code != "PV-ZZZZ-ZZZZ" else "PV-YYYY-YYYY"
    known, unknown, ratio = compare(
        lambda c, i: c.post("/t/", {"reference_code": code, "passphrase": "9999-9999-9999"}),
        lambda c, i: c.post("/t/", {"reference_code": missing, "passphrase": "9999-9999-9999"}),
    )
    assert {r.status_code for r in known + unknown} == {200}
    assert same_page(known[0], unknown[0], (code, missing))
    assert "do not match a request" in known[0].content.decode()
    assert 0.5 < ratio < 2, ratio
