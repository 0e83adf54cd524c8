"""The staff work queues (/staff/) and the batch re-link, as each persona sees them."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult
from staff_setup import add_request_and_registration, hold_message, make_pair

from conftest import World
from peyvand.matching.models import PairStatus, RelinkRun, RunStatus
from peyvand.matching.services import confirm_match
from peyvand.tracing.models import CaseState
from peyvand.tracing.services import change_case_state

TABS = ("new", "review", "awaiting", "messages", "visits")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["seeker", "registrant", "outsider"])
@pytest.mark.parametrize("tab", TABS)
def test_queues_are_not_found_for_non_staff(world: World, persona: str, tab: str) -> None:
    assert world.client_for(persona).get(f"/staff/?tab={tab}").status_code == 404


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(world: World) -> None:
    from django.test import Client

    response = Client().get("/staff/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_new_requests_are_scoped_to_the_agency(world: World) -> None:
    code_a, code_b = world.request_a.reference_code, world.request_b.reference_code
    page_a = world.client_for("caseworker_a").get("/staff/?tab=new").content.decode()
    assert code_a in page_a and "محمدرضا خدابنده" in page_a
    assert code_b not in page_a
    page_b = world.client_for("caseworker_b").get("/staff/?tab=new").content.decode()
    assert code_b in page_b and code_a not in page_b
    page_dpo = world.client_for("dpo").get("/staff/?tab=new").content.decode()
    assert code_a in page_dpo and code_b in page_dpo


@pytest.mark.django_db
def test_candidates_queue_hides_a_pair_from_its_first_reviewer(
    world: World, settings: object
) -> None:
    settings.PEYVAND_SECOND_REVIEW_BELOW = 0.5  # type: ignore[attr-defined]
    pair = make_pair(world.request_a, world.registration_a, probability=0.3)
    review_link = f"/staff/pairs/{pair.pk}/"
    assert (
        review_link in world.client_for("caseworker_a").get("/staff/?tab=review").content.decode()
    )
    assert (
        review_link
        not in world.client_for("caseworker_b").get("/staff/?tab=review").content.decode()
    )

    confirm_match(world.caseworker_a, pair, "looks right")
    pair.refresh_from_db()
    assert pair.status == PairStatus.AWAITING_SECOND
    first = world.client_for("caseworker_a").get("/staff/?tab=review").content.decode()
    assert review_link not in first
    second = world.client_for("supervisor_a").get("/staff/?tab=review").content.decode()
    assert review_link in second
    assert "Awaiting a second reviewer" in second


@pytest.mark.django_db
def test_awaiting_queue_lists_cases_waiting_for_the_sought_person(world: World) -> None:
    case = world.case_a
    change_case_state(world.caseworker_a, case, CaseState.MATCH_CONFIRMED, "confirmed")
    client = world.client_for("caseworker_a")
    assert world.request_a.reference_code not in client.get("/staff/?tab=awaiting").content.decode()
    change_case_state(world.caseworker_a, case, CaseState.AWAITING_DECISION, "asked in person")
    page = client.get("/staff/?tab=awaiting").content.decode()
    assert world.request_a.reference_code in page
    assert world.request_a.reference_code not in client.get("/staff/?tab=new").content.decode()


@pytest.mark.django_db
def test_held_messages_and_visits_placeholder(world: World) -> None:
    message = hold_message(world.request_a)
    client = world.client_for("caseworker_a")
    page = client.get("/staff/?tab=messages").content.decode()
    assert f"/staff/messages/{message.pk}/" in page
    assert "phone number" in page
    # Issue 15, item 3: a preview is shown so the moderator sees what waits (escaped, dir=auto).
    assert f'<bdi dir="auto" class="preview">{message.body}</bdi>' in page
    assert f"/staff/messages/{message.pk}/" not in (
        world.client_for("caseworker_b").get("/staff/?tab=messages").content.decode()
    )
    visits = client.get("/staff/?tab=visits").content.decode()
    assert "later version" in visits


@pytest.mark.django_db
def test_tabs_show_counts(world: World) -> None:
    make_pair(world.request_a, world.registration_a)
    hold_message(world.request_a)
    hold_message(world.request_a)
    page = world.client_for("caseworker_a").get("/staff/").content.decode()
    assert 'Candidates to review<span class="count">1</span>' in page
    assert 'Messages to moderate<span class="count">2</span>' in page
    assert 'New requests<span class="count">1</span>' in page


def _queries(fetch: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("tab", TABS)
def test_queue_query_count_does_not_grow_with_rows(world: World, tab: str) -> None:
    client = world.client_for("caseworker_a")
    add_request_and_registration(world, 0)

    def grow(index: int) -> None:
        tracing_request, registration = add_request_and_registration(world, index)
        make_pair(tracing_request, registration)
        make_pair(world.request_a, registration, probability=0.2)
        hold_message(tracing_request)
        if index % 2:
            case = tracing_request.case
            change_case_state(None, case, CaseState.MATCH_CONFIRMED, "set-up")
            change_case_state(None, case, CaseState.AWAITING_DECISION, "set-up")

    grow(1)
    grow(2)
    url = f"/staff/?tab={tab}"
    client.get(url)  # warm up the session and caches
    few = _queries(lambda: client.get(url))
    for index in range(3, 9):
        grow(index)
    many = _queries(lambda: client.get(url))
    assert few == many, (few, many)


@pytest.mark.django_db
def test_queue_is_paginated(world: World) -> None:
    for index in range(52):
        hold_message(world.request_a, body=f"message {index}")
    client = world.client_for("caseworker_a")
    first = client.get("/staff/?tab=messages").content.decode()
    assert "Page 1 of 2" in first
    assert len(re.findall(r"/staff/messages/\d+/", first)) == 50
    second = client.get("/staff/?tab=messages&page=2").content.decode()
    assert "Page 2 of 2" in second


# --- the batch re-link ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["seeker", "registrant", "outsider", "caseworker_a", "caseworker_b", "dpo"]
)
def test_relink_is_for_supervisors_and_admins_only(world: World, persona: str) -> None:
    client = world.client_for(persona)
    assert client.get("/staff/relink/").status_code == 404
    assert client.post("/staff/relink/", {"confirm": "on"}).status_code == 404
    run = RelinkRun.objects.create(started_by=world.supervisor_a)
    assert client.get(f"/staff/relink/{run.pk}/").status_code == 404
    assert RelinkRun.objects.count() == 1


@pytest.mark.django_db
def test_supervisor_starts_a_relink_and_watches_it(
    world: World, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    client = world.client_for("supervisor_a")
    assert client.get("/staff/relink/").status_code == 200
    assert client.post("/staff/relink/", {}).status_code == 400  # the confirmation is required
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        response = client.post("/staff/relink/", {"confirm": "on"})
    run = RelinkRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/relink/{run.pk}/"
    assert (run.status, run.started_by) == (RunStatus.QUEUED, world.supervisor_a)
    task = DBTaskResult.objects.get(task_path="peyvand.matching.tasks.relink_task")
    assert task.args_kwargs["args"] == [run.pk]

    progress = client.get(f"/staff/relink/{run.pk}/")
    assert progress.status_code == 200
    assert progress["Refresh"] == "3"
    assert 'http-equiv="refresh"' in progress.content.decode()

    again = client.post("/staff/relink/", {"confirm": "on"})
    assert again.status_code == 400
    assert "already queued or running" in again.content.decode()
    assert RelinkRun.objects.count() == 1

    RelinkRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, total=4, processed=4, pairs_found=3
    )
    done = client.get(f"/staff/relink/{run.pk}/")
    assert "Refresh" not in done
    assert "4 / 4" in done.content.decode()
    assert world.client_for("admin").get(f"/staff/relink/{run.pk}/").status_code == 200
