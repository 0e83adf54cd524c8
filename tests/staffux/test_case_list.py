"""Issue 15, item 2: staff find cases — search in either script, filters, pages, "assign to me"."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD, World, sought_person
from peyvand.accounts.models import Role
from peyvand.accounts.services import create_user
from peyvand.actions.seeker import add_seeker_information
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.models import Case, CaseState
from peyvand.tracing.services import assign_case, change_case_state, submit_tracing_request


def _listed(world: World, persona: str, **params: str) -> str:
    response = world.client_for(persona).get(reverse("home"), params)
    assert response.status_code == 200
    return response.content.decode()


def _new_case(world: World, sought: str, seeker: str = "مریم رضایی") -> Case:
    return submit_tracing_request(
        None,
        world.agency_a,
        seeker=PersonInput(names=[NameInput(full=seeker)], sex="f"),
        sought=sought_person(sought),
        relationship="sibling",
    ).case


@pytest.mark.django_db
def test_a_latin_spelling_finds_the_persian_name_and_back(world: World) -> None:
    code_a = world.request_a.reference_code
    other = _new_case(world, "حسن کریمی")
    for query in ("Mohammadreza Khodabande", "mohammad reza", "Khodabandeh", "محمدرضا", "Fatemeh"):
        page = _listed(world, "caseworker_a", q=query)
        assert code_a in page, query
        assert other.tracing_request.reference_code not in page, query
    # The seeker's name in Persian finds the case too, and a reference code is found as typed.
    assert code_a in _listed(world, "caseworker_a", q="فاطمه")
    assert code_a in _listed(world, "caseworker_a", q=code_a.lower())
    # Hossein is not Hasan: the engine's long vowels are kept.
    page = _listed(world, "caseworker_a", q="Hossein Karimi")
    assert other.tracing_request.reference_code not in page
    assert other.tracing_request.reference_code in _listed(world, "caseworker_a", q="Hasan")
    # Search never crosses the agency line.
    assert world.request_b.reference_code not in _listed(world, "caseworker_a", q="Ali Ahmadi")
    assert "No case fits this search." in _listed(world, "caseworker_a", q="Ali Ahmadi")


@pytest.mark.django_db
def test_filters_by_state_assignee_and_waiting_time(world: World) -> None:
    searching = _new_case(world, "حسن کریمی")
    change_case_state(world.supervisor_a, searching, CaseState.SEARCHING, "search started")
    Case.objects.filter(pk=world.case_a.pk).update(opened_at="2020-01-01T00:00:00Z")
    assign_case(world.supervisor_a, searching, world.caseworker_a)
    code_a, code_s = world.request_a.reference_code, searching.tracing_request.reference_code

    page = _listed(world, "caseworker_a", state=CaseState.SEARCHING)
    assert code_s in page and code_a not in page
    page = _listed(world, "caseworker_a", mine="on")
    assert code_s in page and code_a not in page
    page = _listed(world, "caseworker_a", waiting="90")
    assert code_a in page and code_s not in page
    page = _listed(world, "dpo", agency=str(world.agency_b.pk))
    assert world.request_b.reference_code in page and code_a not in page
    # A bad filter value is a clear error, not a crash and not the whole list.
    page = _listed(world, "caseworker_a", state="bogus")
    assert "Select a valid choice" in page and code_a not in page


@pytest.mark.django_db
def test_pages_keep_the_filters_and_queries_do_not_grow(
    world: World, django_assert_num_queries: Any
) -> None:
    client = world.client_for("caseworker_a")
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(reverse("home"), {"q": "Khodabande", "state": "open"}).status_code == 200
    for index in range(30):
        _new_case(world, f"محمدرضا خدابنده {'ی' * (index + 1)}")
    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get(reverse("home"), {"q": "Khodabande", "state": "open"})
    page = response.content.decode()
    assert "Page 1 of 2" in page
    assert "q=Khodabande&amp;state=open&amp;page=2" in page
    second = client.get(reverse("home"), {"q": "Khodabande", "state": "open", "page": "2"})
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.django_db
def test_assign_to_me_on_the_case_page(world: World) -> None:
    url = reverse("case_assign_me", args=[world.case_a.pk])
    page = world.client_for("caseworker_a").get(reverse("case_detail", args=[world.case_a.pk]))
    assert "Assign to me" in page.content.decode()
    assert world.client_for("caseworker_b").post(url).status_code == 404
    assert world.client_for("dpo").post(url).status_code == 404
    response = world.client_for("caseworker_a").post(url, follow=True)
    assert "The case is assigned to you." in response.content.decode()
    world.case_a.refresh_from_db()
    assert world.case_a.assigned_to == world.caseworker_a
    assert "Assign to me" not in response.content.decode()
    colleague = create_user(
        None, username="cw-a2", password=PASSWORD, role=Role.CASEWORKER, agency=world.agency_a
    )
    with pytest.raises(ValidationError):
        assign_case(colleague, world.case_a, colleague)  # taking a colleague's case


@pytest.mark.django_db
def test_who_may_assign_whom(world: World) -> None:
    colleague = create_user(
        None, username="cw-a2", password=PASSWORD, role=Role.CASEWORKER, agency=world.agency_a
    )
    refused = [
        (world.caseworker_a, world.case_a, colleague),  # a caseworker assigns only themself
        (world.caseworker_b, world.case_a, world.caseworker_b),  # nobody outside the agency
        (world.supervisor_a, world.case_b, world.caseworker_b),
        (world.dpo, world.case_a, world.caseworker_a),  # the DPO audits, does not assign
        (world.supervisor_a, world.case_a, world.seeker),  # never to non-staff
    ]
    for actor, case, assignee in refused:
        with pytest.raises(ValidationError):
            assign_case(actor, case, assignee)
        case.refresh_from_db()
        assert case.assigned_to is None
    assign_case(world.supervisor_a, world.case_a, colleague)
    assert Case.objects.get(pk=world.case_a.pk).assigned_to == colleague
    with pytest.raises(ValidationError):
        assign_case(world.caseworker_a, world.case_a, None)  # cannot unassign a colleague
    assign_case(colleague, world.case_a, None)  # gives their own back
    assign_case(world.caseworker_a, world.case_a, world.caseworker_a)
    assert Case.objects.get(pk=world.case_a.pk).assigned_to == world.caseworker_a


@pytest.mark.django_db
def test_what_seekers_added_is_one_queue(world: World) -> None:
    add_seeker_information(world.request_a, "His school friend lives in Durrës now.")
    add_seeker_information(world.request_b, "Another agency's addition.")
    page = world.client_for("caseworker_a").get(reverse("staff_queues"), {"tab": "additions"})
    text = page.content.decode()
    assert "His school friend lives in Durrës now." in text
    assert world.request_a.reference_code in text
    assert "Another agency" not in text
