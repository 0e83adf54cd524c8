"""The track page sign-in: one neutral failure, rate limits, sessions, and the status mapping."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from seeker_support import (
    PASSPHRASE,
    decide,
    registration_with_contacts,
    seeker_request,
    signed_in,
    status_of,
    without_csrf,
)

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.consent.models import Choice
from peyvand.core.sessions import SEEKER_SESSION_KEY as SESSION_KEY
from peyvand.messaging.models import Direction
from peyvand.messaging.services import write_message
from peyvand.tracing.models import CaseOutcome, CaseState
from peyvand.tracing.seeker import seeker_label
from peyvand.tracing.services import change_case_state

NEUTRAL = "The reference code and passphrase do not match a request."
STATUS_URLS = [
    ("get", "/t/status/"),
    ("post", "/t/status/read/"),
    ("post", "/t/status/reply/"),
    ("post", "/t/status/add/"),
    ("get", "/t/status/withdraw/"),
    ("post", "/t/status/withdraw/"),
]


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def try_sign_in(code: str, passphrase: str, address: str = "198.51.100.1") -> tuple[int, bytes]:
    response = Client(REMOTE_ADDR=address).post(
        "/t/", {"reference_code": code, "passphrase": passphrase}
    )
    return response.status_code, response.content


@pytest.mark.django_db
def test_sign_in_then_status_page(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    client = Client()
    before = client.get("/t/")
    assert before.status_code == 200
    # Lower case, spaces and Persian digits are accepted.
    typed_code = tracing_request.reference_code.lower().replace("-", " ")
    response = client.post("/t/", {"reference_code": typed_code, "passphrase": "۱۲۳۴ ۵۶۷۸ ۹۰۱۲"})
    assert response.status_code == 302 and response["Location"] == "/t/status/"
    assert client.session[SESSION_KEY] == tracing_request.pk
    page = client.get("/t/status/").content.decode()
    assert tracing_request.reference_code in page
    assert "Received" in page
    assert AuditEvent.objects.filter(
        action="access.read", actor_label=seeker_label(tracing_request)
    ).exists()


@pytest.mark.django_db
def test_sign_in_cycles_the_session_key(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    client = Client()
    client.get("/t/")
    session = client.session
    session["something"] = "x"
    session.save()
    old_key = session.session_key
    client.post("/t/", {"reference_code": tracing_request.reference_code, "passphrase": PASSPHRASE})
    assert client.session.session_key != old_key


@pytest.mark.django_db
def test_wrong_code_and_wrong_passphrase_answer_identically(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    real = tracing_request.reference_code
    unknown = "PV-ZZZZ-ZZZZ" if real != "PV-ZZZZ-ZZZZ" else "PV-YYYY-YYYY"
    wrong_code = try_sign_in(unknown, PASSPHRASE)
    wrong_passphrase = try_sign_in(real, "9999-9999-9999")
    assert wrong_code[0] == wrong_passphrase[0] == 200
    # The code field shows back what was typed; mask it and the per-response CSRF token.
    echo = re.compile(rb'name="reference_code" value="[^"]*"')

    def neutral(body: bytes) -> bytes:
        return echo.sub(b"", without_csrf(body))

    assert neutral(wrong_code[1]) == neutral(wrong_passphrase[1])
    assert NEUTRAL in wrong_code[1].decode()
    assert b"9999-9999-9999" not in wrong_passphrase[1] and PASSPHRASE.encode() not in wrong_code[1]


@pytest.mark.django_db
def test_requests_without_a_passphrase_cannot_be_followed_here(world: World) -> None:
    # request_a belongs to a seeker account and has no passphrase: an empty or any guess fails.
    for guess in ("", "0000-0000-0000", "-"):
        status, body = try_sign_in(world.request_a.reference_code, guess)
        assert status == 200 and b"/t/status/" not in body


@pytest.mark.django_db
def test_failures_are_limited_per_address(world: World) -> None:
    # The bar per address is high (a shared address serves many families; see
    # test_track_sign_in_limits.py), but it holds.
    tracing_request = seeker_request(world.agency_a)
    for index in range(30):
        assert try_sign_in(f"PV-AAAA-{index:04d}", "1111-1111-1111")[0] == 200
    # Even the right passphrase answers 429 now, from this address (for a browser never signed in).
    status, body = try_sign_in(tracing_request.reference_code, PASSPHRASE)
    assert status == 429 and b"Too many attempts" in body
    assert try_sign_in(tracing_request.reference_code, PASSPHRASE, "198.51.100.2")[0] == 302


@pytest.mark.django_db
def test_failures_are_limited_per_code_and_address(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    code = tracing_request.reference_code
    for _index in range(10):
        assert try_sign_in(code, "1111-1111-1111", "192.0.2.1")[0] == 200
    assert try_sign_in(code.lower(), PASSPHRASE, "192.0.2.1")[0] == 429
    # An unknown code is limited exactly the same way: 429 says nothing about existence.
    for _index in range(10):
        try_sign_in("PV-QQQQ-QQQQ", "1111-1111-1111", "192.0.3.1")
    assert try_sign_in("PV-QQQQ-QQQQ", PASSPHRASE, "192.0.3.1")[0] == 429


@pytest.mark.django_db
def test_success_does_not_reset_the_counters(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    for index in range(29):
        try_sign_in(f"PV-BBBB-{index:04d}", "1111-1111-1111")
    assert try_sign_in(tracing_request.reference_code, PASSPHRASE)[0] == 302
    try_sign_in("PV-BBBB-BBBB", "1111-1111-1111")
    assert try_sign_in(tracing_request.reference_code, PASSPHRASE)[0] == 429


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), STATUS_URLS)
def test_every_status_url_without_a_session_goes_to_sign_in(
    world: World, method: str, url: str
) -> None:
    clients = [Client(), *(world.client_for(name) for name in world.personas())]
    for client in clients:
        response = getattr(client, method)(url, {"text": "x", "body": "x"})
        assert response.status_code == 302 and response["Location"] == "/t/"
    assert not world.case_a.notes.exists() and not world.case_a.messages.exists()


@pytest.mark.django_db
def test_staff_gain_nothing_and_see_no_staff_navigation(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    for index, name in enumerate(world.personas()):
        client = world.client_for(name)
        client.defaults["REMOTE_ADDR"] = f"198.51.100.{index + 10}"
        page = client.get("/t/").content.decode()
        assert "Staff admin" not in page and "Preferences" not in page
        for code in (tracing_request.reference_code, world.request_a.reference_code):
            response = client.post("/t/", {"reference_code": code, "passphrase": "0000-0000-0000"})
            assert NEUTRAL in response.content.decode()
        assert client.get("/t/status/").status_code == 302
        # A forged session value of the wrong type is no way in either.
        session = client.session
        session[SESSION_KEY] = str(tracing_request.pk)
        session.save()
        assert client.get("/t/status/")["Location"] == "/t/"


@pytest.mark.django_db
def test_leaving_ends_the_track_session(world: World) -> None:
    client = signed_in(seeker_request(world.agency_a))
    response = client.post("/t/leave/")
    assert response.status_code == 302 and response["Location"] == "/t/"
    assert client.get("/t/status/")["Location"] == "/t/"


@pytest.mark.django_db
def test_status_follows_the_case_in_neutral_words(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    client = signed_in(tracing_request)
    case = tracing_request.case
    assert status_of(client) == "received"
    change_case_state(world.caseworker_a, case, CaseState.SEARCHING, "search")
    assert status_of(client) == "in_progress"
    registration = registration_with_contacts(world)
    decide(world, tracing_request, registration, Choice.NOT_NOW)
    case.refresh_from_db()
    assert case.state == CaseState.ON_HOLD
    assert status_of(client) == "in_progress"
    change_case_state(world.caseworker_a, case, CaseState.CLOSED, "x", outcome=CaseOutcome.OTHER)
    assert status_of(client) == "closed"


@pytest.mark.django_db
def test_status_in_contact(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    client = signed_in(tracing_request)
    registration = registration_with_contacts(world)
    pending = seeker_request(world.agency_a, name="سارا کریمی")
    decide(world, pending, registration_with_contacts(world), Choice.MESSAGES_ONLY)
    decide(world, tracing_request, registration, Choice.SHARE_CONTACT, ["phone"])
    assert status_of(client) == "contact_shared"
    write_message(world.caseworker_a, tracing_request.case, Direction.TO_SEEKER, "سلام")
    assert status_of(client) == "message_waiting"
    client.post("/t/status/read/", {})
    assert status_of(client) == "contact_shared"
    # Messages only, nothing unread: the family is in contact, not "in progress" (issue 15, 6).
    assert status_of(signed_in(pending)) == "in_contact"


@pytest.mark.django_db
def test_after_reading_a_messages_only_reply_the_mother_sees_she_is_in_contact(
    world: World,
) -> None:
    tracing_request = seeker_request(world.agency_a)
    client = signed_in(tracing_request)
    client.post("/i18n/setlang/", {"language": "fa", "next": "/t/status/"})
    decide(world, tracing_request, registration_with_contacts(world), Choice.MESSAGES_ONLY)
    write_message(world.caseworker_a, tracing_request.case, Direction.TO_SEEKER, "مادر جان، سلام")
    assert status_of(client) == "message_waiting"
    client.post("/t/status/read/", {})
    page = client.get("/t/status/").content.decode()
    assert 'class="card status status-in_contact"' in page
    assert "در تماس هستید" in page
    assert "ممکن است زمان زیادی طول" not in page and "در حال رسیدگی" not in page
    assert "مادر جان، سلام" in page and "/t/status/reply/" in page


@pytest.mark.django_db
def test_status_page_queries_do_not_grow_with_messages(world: World) -> None:
    tracing_request = seeker_request(world.agency_a)
    client = signed_in(tracing_request)
    decide(world, tracing_request, registration_with_contacts(world), Choice.MESSAGES_ONLY)
    case = tracing_request.case
    write_message(world.caseworker_a, case, Direction.TO_SEEKER, "یک")
    client.post("/t/status/read/", {})
    with CaptureQueriesContext(connection) as few:
        client.get("/t/status/")
    for index in range(4):
        write_message(world.caseworker_a, case, Direction.TO_SEEKER, f"پیام {index}")
        write_message(None, case, Direction.TO_SOUGHT, f"جواب {index}")
    client.post("/t/status/read/", {})
    with CaptureQueriesContext(connection) as many:
        client.get("/t/status/")
    assert len(many) == len(few)
