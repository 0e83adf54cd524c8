"""A seeker with an account: home lists each request with the track page's neutral status and a
link to follow it (issue 15, item 7)."""

from __future__ import annotations

import pytest
from seeker_support import decide, registration_with_contacts, status_of

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.consent.models import Choice
from peyvand.messaging.models import Direction
from peyvand.messaging.services import write_message
from peyvand.tracing.models import CaseOutcome, CaseState
from peyvand.tracing.services import change_case_state


@pytest.mark.django_db
def test_home_shows_in_contact_not_received_and_links_to_the_request(world: World) -> None:
    decide(world, world.request_a, registration_with_contacts(world), Choice.MESSAGES_ONLY)
    write_message(world.caseworker_a, world.request_a.case, Direction.TO_SEEKER, "سلام مادر")
    client = world.client_for("seeker")
    client.post("/i18n/setlang/", {"language": "fa", "next": "/"})
    home = client.get("/").content.decode()
    assert "status-message_waiting" in home
    assert "دریافت‌شده" not in home
    assert world.request_b.reference_code not in home
    follow = f"/t/mine/{world.request_a.pk}/"
    assert f'href="{follow}"' in home

    response = client.get(follow)
    assert response.status_code == 302 and response["Location"] == "/t/status/"
    page = client.get("/t/status/").content.decode()
    assert world.request_a.reference_code in page
    client.post("/t/status/read/", {})
    assert status_of(client) == "in_contact"
    assert "status-in_contact" in client.get("/").content.decode()
    assert AuditEvent.objects.filter(
        action="access.read", object_id=str(world.request_a.pk), actor=world.seeker
    ).exists()

    # Nobody else opens it that way, and the seeker opens no one else's request.
    for persona in ("registrant", "caseworker_a", "admin"):
        other = world.client_for(persona)
        assert other.get(follow).status_code == 404, persona
        assert other.get("/t/status/")["Location"] == "/t/", persona
    assert client.get(f"/t/mine/{world.request_b.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_closed_request_reads_closed_on_home_whatever_the_cause(world: World) -> None:
    decide(world, world.request_a, registration_with_contacts(world), Choice.DECLINE)
    # A refusal keeps the search open (it reads like "in progress", as for nobody found yet) ...
    home = world.client_for("seeker").get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "status-closed" not in home and "Declin" not in home and "declin" not in home
    # ... until the caseworker ends the search, as for nobody found: then it reads "closed".
    change_case_state(
        world.caseworker_a,
        world.case_a,
        CaseState.CLOSED,
        "Search ended at the periodic review",
        outcome=CaseOutcome.DECLINED,
    )
    home = world.client_for("seeker").get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "status-closed" in home and "Closed" in home
    assert "Declin" not in home and "declin" not in home
