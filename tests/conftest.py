"""Named personas shared by every test: who is asking, and what each of them owns."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.test import Client
from django.utils import translation

from peyvand.accounts.models import Agency, Role, User
from peyvand.accounts.services import create_agency, create_user
from peyvand.audit import guard
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.models import Case, Registration, TracingRequest
from peyvand.tracing.services import register_person, submit_tracing_request

PASSWORD = "correct horse battery staple"

# Transactional tests empty the database with `flush` afterwards; the audit tables' triggers
# refuse that everywhere else (peyvand/audit/guard.py).
guard.permit_flush()


def pytest_configure(config: pytest.Config) -> None:
    # Each test process keeps its cache keys under its own prefix, so `pytest -n 2` workers (and
    # two runs on one machine) sharing one Redis never count or clear each other's keys.
    settings.CACHES["default"]["KEY_PREFIX"] = f"peyvand-test-{os.getpid()}"


@pytest.fixture(autouse=True)
def empty_shared_cache(request: pytest.FixtureRequest) -> Iterator[None]:
    """Rate limits and download links live in the shared cache: every test starts with none.

    The database cache is a table of the test database, reachable only from tests that use the
    database (and rolled back with them); Redis is outside it and is cleared before and after.
    """
    cache = caches["default"]
    if not isinstance(cache, BaseDatabaseCache):
        cache.clear()
        yield
        cache.clear()
        return
    marker = request.node.get_closest_marker("django_db")
    for fixture in ("transactional_db", "db"):
        if fixture in request.fixturenames:
            request.getfixturevalue(fixture)  # the database this test gets anyway, set up first
            break
    else:
        if marker is None:
            yield
            return
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: object) -> None:
    # Argon2 is the production hasher (asserted in test_settings); tests need speed, not strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def audit_anchor_per_test(settings: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Checkpoints of one test's audit trail must not outlive its database into the next test.
    anchor = tmp_path_factory.mktemp("anchor") / "audit-checkpoints.jsonl"
    settings.PEYVAND_AUDIT_ANCHOR = anchor  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def english_by_default() -> Iterator[None]:
    # A request in another language leaves that language active in the thread; start each test
    # from English so assertions on messages do not depend on test order.
    with translation.override("en"):
        yield


@dataclass
class World:
    """Two agencies, one user per persona, and the records each persona owns or should not see."""

    agency_a: Agency
    agency_b: Agency
    seeker: User
    registrant: User
    caseworker_a: User
    caseworker_b: User
    supervisor_a: User
    dpo: User
    admin: User
    outsider: User
    request_a: TracingRequest
    request_b: TracingRequest
    registration_a: Registration
    registration_b: Registration

    @property
    def case_a(self) -> Case:
        return self.request_a.case

    @property
    def case_b(self) -> Case:
        return self.request_b.case

    def personas(self) -> dict[str, User]:
        return {
            name: getattr(self, name)
            for name in (
                "seeker",
                "registrant",
                "caseworker_a",
                "caseworker_b",
                "supervisor_a",
                "dpo",
                "admin",
                "outsider",
            )
        }

    def client_for(self, persona: str) -> Client:
        client = Client()
        client.force_login(getattr(self, persona))
        pass_second_factor(client, getattr(self, persona))
        return client


def pass_second_factor(client: Client, user: User) -> None:
    """For staff, enrol an authenticator and mark the client's session as having verified it,
    as the two-step sign-in does (tests/accounts_security tests the real flow)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from peyvand.accounts.otp import needs_second_factor

    if not needs_second_factor(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def sought_person(full_fa: str, birth: str = "1345", father: str = "حسین") -> PersonInput:
    return PersonInput(
        names=[NameInput(full=full_fa)],
        sex="m",
        birth_date_text=birth,
        birthplace="قزوین",
        father_given_name=father,
    )


def make_world() -> World:
    agency_a = create_agency(None, name="Agency A", code="agency-a", country="AL")
    agency_b = create_agency(None, name="Agency B", code="agency-b", country="IR")

    def user(name: str, role: str, agency: Agency | None = None) -> User:
        return create_user(None, username=name, password=PASSWORD, role=role, agency=agency)

    seeker = user("seeker", Role.SEEKER)
    registrant = user("registrant", Role.REGISTRANT)
    request_a = submit_tracing_request(
        None,
        agency_a,
        seeker=PersonInput(names=[NameInput(full="فاطمه خدابنده")], sex="f"),
        sought=sought_person("محمدرضا خدابنده"),
        relationship="child",
        last_contact_text="1370/02/15",
        last_contact_place="تهران",
        seeker_user=seeker,
    )
    request_b = submit_tracing_request(
        None,
        agency_b,
        seeker=PersonInput(names=[NameInput(full="زهرا احمدی")], sex="f"),
        sought=sought_person("علی احمدی", birth="1350", father="رضا"),
        relationship="sibling",
    )
    registration_a = register_person(
        None,
        agency_a,
        PersonInput(
            names=[NameInput(full="Mohammad Reza Khodabande")],
            sex="m",
            birth_date_text="1966",
            birthplace="Qazvin",
            father_given_name="Hossein",
        ),
        consent_method="self",
        user=registrant,
    )
    registration_b = register_person(
        None,
        agency_b,
        PersonInput(names=[NameInput(full="Ali Ahmadi")], sex="m", birth_date_text="1971"),
        consent_method="in_person",
    )
    return World(
        agency_a=agency_a,
        agency_b=agency_b,
        seeker=seeker,
        registrant=registrant,
        caseworker_a=user("caseworker-a", Role.CASEWORKER, agency_a),
        caseworker_b=user("caseworker-b", Role.CASEWORKER, agency_b),
        supervisor_a=user("supervisor-a", Role.SUPERVISOR, agency_a),
        dpo=user("dpo", Role.DPO),
        admin=user("admin", Role.ADMIN),
        outsider=user("outsider", Role.SEEKER),
        request_a=request_a,
        request_b=request_b,
        registration_a=registration_a,
        registration_b=registration_b,
    )


@pytest.fixture
def world(db: None) -> World:
    return make_world()


def totp_code(user: User) -> str:
    """The code the user's authenticator app would show now, as a person types it: a code not
    used yet (django-otp refuses a code twice), within the one step of clock drift it allows."""
    import time

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-pk").first()
    assert device is not None, "enrol an authenticator first"
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    now = totp.t()
    if device.last_t >= now:
        totp.time += (device.last_t + 1 - now) * device.step
    return f"{totp.token():0{device.digits}d}"
