"""Staff are signed out after a time without activity; a seeker's track session ends sooner."""

from __future__ import annotations

import pytest
from accounts_support import clean_cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from conftest import World
from peyvand.accounts.middleware import SEEKER_SEEN_KEY, STAFF_SEEN_KEY
from peyvand.core.sessions import SEEKER_SESSION_KEY as SESSION_KEY
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.services import submit_tracing_request

__all__ = ["clean_cache"]


def age_session(client: Client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = float(session[key]) - seconds
    session.save()


@pytest.mark.django_db
@override_settings(PEYVAND_STAFF_IDLE_MINUTES=30)
@pytest.mark.parametrize("persona", ["caseworker_a", "dpo", "admin"])
def test_staff_are_signed_out_after_thirty_idle_minutes(world: World, persona: str) -> None:
    client = world.client_for(persona)
    assert client.get("/staff/").status_code == 200
    age_session(client, STAFF_SEEN_KEY, 29 * 60)
    assert client.get("/staff/").status_code == 200  # activity restarts the clock
    age_session(client, STAFF_SEEN_KEY, 31 * 60)
    response = client.get("/staff/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/staff/")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "signed out after a time without activity" in page
    assert client.get("/staff/")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_registrants_keep_their_session(world: World) -> None:
    client = world.client_for("registrant")
    assert client.get("/me/").status_code == 200
    assert STAFF_SEEN_KEY not in client.session


@pytest.mark.django_db
@override_settings(PEYVAND_SEEKER_IDLE_MINUTES=15)
def test_a_seeker_track_session_ends_after_fifteen_idle_minutes(world: World) -> None:
    tracing_request = submit_tracing_request(
        None,
        world.agency_a,
        seeker=PersonInput(names=[NameInput(full="مریم کریمی")]),
        sought=PersonInput(names=[NameInput(full="رضا کریمی")]),
        relationship="sibling",
        passphrase="1234-5678-9012",
    )
    client = Client()
    response = client.post(
        "/t/", {"reference_code": tracing_request.reference_code, "passphrase": "1234-5678-9012"}
    )
    assert response["Location"] == "/t/status/"
    assert client.get("/t/status/").status_code == 200
    age_session(client, SEEKER_SEEN_KEY, 14 * 60)
    assert client.get("/t/status/").status_code == 200
    age_session(client, SEEKER_SEEN_KEY, 16 * 60)
    assert client.get("/t/status/")["Location"] == "/t/"
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_pages_seen_within_half_a_minute_do_not_write_the_session(world: World) -> None:
    """The last-seen time is kept to 30 s: a page a second no longer writes a session each."""
    client = world.client_for("caseworker_a")
    assert client.get("/staff/").status_code == 200
    first = client.session[STAFF_SEEN_KEY]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/staff/").status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert not [sql for sql in writes if "django_session" in sql]
    assert client.session[STAFF_SEEN_KEY] == first
    age_session(client, STAFF_SEEN_KEY, 31)
    aged = client.session[STAFF_SEEN_KEY]
    assert client.get("/staff/").status_code == 200
    assert client.session[STAFF_SEEN_KEY] > aged + 30
