"""Appeal pages through HTTP, per persona: agency staff work, other agencies get 404, the DPO
reads only, and a family signs or withdraws only for its own request from the track page."""

from __future__ import annotations

import pytest
from appeals_support import TITLE_EN, TITLE_FA, family, open_appeal, track_client
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import World
from peyvand.actions.seeker import withdraw_tracing_request
from peyvand.appeals.models import Appeal, AppealDocument, AppealStatus, Signatory
from peyvand.appeals.services import add_signatories, sign_from_track_page
from peyvand.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_staff_write_an_appeal_collect_signatures_and_download_its_pdf(world: World) -> None:
    client = world.client_for("caseworker_a")
    response = client.post(
        "/staff/appeals/new/",
        {
            "addressee": "Ministry of the Interior",
            "date": "1404/02/15",
            "language": "en",
            "title": TITLE_EN,
            "body": "We ask for news.",
        },
    )
    assert response.status_code == 302, response.content.decode()
    appeal = Appeal.objects.get()
    assert appeal.agency == world.agency_a and appeal.date.isoformat() == "2025-05-05"
    url = f"/staff/appeals/{appeal.pk}/"
    fa = {"language": "fa", "title": TITLE_FA, "body": "متن"}
    assert client.post(f"{url}text/", fa).status_code == 302
    assert client.post(f"{url}status/", {"status": "open"}).status_code == 302
    other = family(world.agency_a, "مریم کریمی")
    page = client.get(f"{url}signatories/")
    assert other.reference_code in page.content.decode()
    assert world.request_b.reference_code not in page.content.decode()  # agency B's family
    response = client.post(
        f"{url}signatories/", {"requests": [world.request_a.pk, other.pk], "listed": "yes"}
    )
    assert response.status_code == 302
    assert appeal.signatories.filter(listed=True).count() == 2
    assert client.post(f"{url}pdf/", {"language": "fa"}).status_code == 302
    document = AppealDocument.objects.get()
    download = client.get(f"{url}documents/{document.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert AuditEvent.objects.filter(
        action="appeal.document_downloaded", object_id=str(document.pk)
    ).exists()


def test_a_family_of_another_agency_cannot_be_added(world: World) -> None:
    appeal = open_appeal(world)
    client = world.client_for("caseworker_a")
    response = client.post(
        f"/staff/appeals/{appeal.pk}/signatories/",
        {"requests": [world.request_b.pk], "listed": "yes"},
    )
    assert response.status_code == 400
    assert not appeal.signatories.exists()


@pytest.mark.parametrize("persona", ["caseworker_b", "seeker", "registrant", "outsider"])
def test_other_agencies_and_non_staff_get_404(world: World, persona: str) -> None:
    appeal = open_appeal(world)
    add_signatories(world.caseworker_a, appeal, [world.request_a], listed=True)
    client = world.client_for(persona)
    assert client.get(f"/staff/appeals/{appeal.pk}/").status_code == 404
    assert (
        client.post(f"/staff/appeals/{appeal.pk}/status/", {"status": "closed"}).status_code == 404
    )
    signatory = appeal.signatories.get()
    withdraw = f"/staff/appeals/{appeal.pk}/signatories/{signatory.pk}/withdraw/"
    assert client.post(withdraw).status_code == 404
    signatory.refresh_from_db()
    assert signatory.withdrawn_at is None


def test_the_list_shows_only_the_agencys_appeals(world: World) -> None:
    mine = open_appeal(world)
    theirs = open_appeal(world, world.agency_b)
    page = world.client_for("caseworker_a").get("/staff/appeals/").content.decode()
    assert f"/staff/appeals/{mine.pk}/" in page
    assert f"/staff/appeals/{theirs.pk}/" not in page
    everything = world.client_for("dpo").get("/staff/appeals/").content.decode()
    assert f"/staff/appeals/{theirs.pk}/" in everything


def test_the_list_costs_the_same_queries_for_one_or_many_appeals(world: World) -> None:
    client = world.client_for("caseworker_a")
    open_appeal(world)
    client.get("/staff/appeals/")  # warm the session and the sign-in checks
    with CaptureQueriesContext(connection) as one:
        client.get("/staff/appeals/")
    for _ in range(4):
        add_signatories(world.caseworker_a, open_appeal(world), [world.request_a], listed=True)
    with CaptureQueriesContext(connection) as five:
        client.get("/staff/appeals/")
    assert len(five.captured_queries) == len(one.captured_queries)


def test_the_dpo_reads_but_does_not_write(world: World) -> None:
    appeal = open_appeal(world)
    client = world.client_for("dpo")
    assert client.get(f"/staff/appeals/{appeal.pk}/").status_code == 200
    assert (
        client.post(f"/staff/appeals/{appeal.pk}/status/", {"status": "closed"}).status_code == 404
    )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN


# The family's side, from the track page ---------------------------------------------------


def test_the_track_page_links_to_appeals_only_when_there_is_one(world: World) -> None:
    tracing_request = family(world.agency_a, "مریم کریمی")
    client = track_client(tracing_request)
    assert "/t/appeals/" not in client.get("/t/status/").content.decode()
    open_appeal(world, world.agency_b)  # another agency's appeal is not theirs to see
    assert "/t/appeals/" not in client.get("/t/status/").content.decode()
    open_appeal(world)
    assert "/t/appeals/" in client.get("/t/status/").content.decode()


def test_a_family_signs_its_own_request_with_its_listing_choice(world: World) -> None:
    appeal = open_appeal(world)
    tracing_request = family(world.agency_a, "مریم کریمی")
    other = family(world.agency_a, "زهرا کریمی")
    client = track_client(tracing_request)
    page = client.get(f"/t/appeals/{appeal.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert TITLE_EN in text and TITLE_FA not in text
    assert "checked" not in text.split('id="sign"')[1]  # no choice made for them
    assert client.post(f"/t/appeals/{appeal.pk}/", {}).status_code == 400  # a choice is needed
    response = client.post(
        f"/t/appeals/{appeal.pk}/", {"listed": "no", "tracing_request": other.pk}
    )
    assert response.status_code == 302
    signature = Signatory.objects.get()
    assert signature.tracing_request == tracing_request and not signature.listed
    assert signature.recorded_by is None


def test_the_appeal_is_shown_in_the_readers_language(world: World) -> None:
    appeal = open_appeal(world)
    client = track_client(family(world.agency_a, "مریم کریمی"))
    client.post("/i18n/setlang/", {"language": "fa"})
    assert TITLE_FA in client.get(f"/t/appeals/{appeal.pk}/").content.decode()
    assert TITLE_EN in client.get(f"/t/appeals/{appeal.pk}/?language=en").content.decode()


def test_another_agencys_appeal_is_not_found_for_the_family(world: World) -> None:
    theirs = open_appeal(world, world.agency_b)
    client = track_client(family(world.agency_a, "مریم کریمی"))
    assert client.get(f"/t/appeals/{theirs.pk}/").status_code == 404
    assert client.post(f"/t/appeals/{theirs.pk}/", {"listed": "yes"}).status_code == 404
    assert client.get("/t/appeals/999999/").status_code == 404
    assert not Signatory.objects.exists()


def test_a_family_withdraws_its_signature(world: World) -> None:
    appeal = open_appeal(world)
    tracing_request = family(world.agency_a, "مریم کریمی")
    neighbour = family(world.agency_a, "زهرا کریمی")
    sign_from_track_page(neighbour, appeal, listed=True)
    client = track_client(tracing_request)
    client.post(f"/t/appeals/{appeal.pk}/", {"listed": "yes"})
    assert "/withdraw/" in client.get(f"/t/appeals/{appeal.pk}/").content.decode()
    assert client.post(f"/t/appeals/{appeal.pk}/withdraw/").status_code == 302
    mine = Signatory.objects.get(tracing_request=tracing_request)
    theirs = Signatory.objects.get(tracing_request=neighbour)
    assert mine.withdrawn_at is not None
    assert theirs.withdrawn_at is None  # only their own signature


def test_a_closed_request_shows_no_appeals(world: World) -> None:
    appeal = open_appeal(world)
    tracing_request = family(world.agency_a, "مریم کریمی")
    client = track_client(tracing_request)
    withdraw_tracing_request(tracing_request)
    response = client.get(f"/t/appeals/{appeal.pk}/")
    assert response.status_code == 302 and response["Location"] == "/t/status/"
    assert "/t/appeals/" not in client.get("/t/status/").content.decode()


def test_without_a_track_session_the_family_pages_go_to_sign_in(world: World) -> None:
    appeal = open_appeal(world)
    for client in (Client(), world.client_for("seeker")):
        response = client.get(f"/t/appeals/{appeal.pk}/")
        assert response.status_code == 302 and response["Location"] == "/t/"
