"""Asking the sought person, recording their answer given in person, and withdrawals."""

from __future__ import annotations

import pytest
from staff_setup import REFUSED, asked_in_person, confirmed_pair, contact_established

from conftest import World
from peyvand.consent.models import AskStatus, Decision, DecisionRequest
from peyvand.matching.models import CandidatePair
from peyvand.people.models import ContactDetail
from peyvand.tracing.models import CaseOutcome, CaseState

CONFIRMED = "I read the choices to the person and this is what they decided"


def state_of(world: World) -> tuple[str, str]:
    world.case_a.refresh_from_db()
    return world.case_a.state, world.case_a.outcome


@pytest.mark.django_db
def test_ask_in_person_then_record_from_the_question_page(world: World) -> None:
    pair = confirmed_pair(world)
    client = world.client_for("caseworker_a")
    page = client.get(f"/staff/pairs/{pair.pk}/").content.decode()
    assert 'value="app"' in page  # the registrant has an account
    response = client.post(f"/staff/pairs/{pair.pk}/ask/", {"channel": "in_person"})
    asked = DecisionRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/questions/{asked.pk}/record/"
    assert (asked.channel, asked.status, asked.asked_by) == (
        "in_person",
        AskStatus.PENDING,
        world.caseworker_a,
    )
    assert state_of(world)[0] == CaseState.AWAITING_DECISION
    record_page = client.get(response["Location"]).content.decode()
    assert CONFIRMED in record_page and "Mohammad Reza Khodabande" in record_page


@pytest.mark.django_db
def test_ask_in_the_app_only_when_the_person_has_an_account(world: World) -> None:
    pair = confirmed_pair(world)
    client = world.client_for("caseworker_a")
    assert client.post(f"/staff/pairs/{pair.pk}/ask/", {"channel": "app"}).status_code == 302
    assert DecisionRequest.objects.get().channel == "app"
    world.registration_a.user = None
    world.registration_a.save()
    page = client.get(f"/staff/pairs/{pair.pk}/").content.decode()
    assert 'value="app"' not in page
    client.post(f"/staff/pairs/{pair.pk}/ask/", {"channel": "app"}, follow=True)
    assert DecisionRequest.objects.count() == 1


@pytest.mark.django_db
def test_an_unconfirmed_pair_cannot_be_put_to_the_person(world: World) -> None:
    from staff_setup import make_pair

    pair = make_pair(world.request_a, world.registration_a)
    response = world.client_for("caseworker_a").post(
        f"/staff/pairs/{pair.pk}/ask/", {"channel": "phone"}, follow=True
    )
    assert "Only a confirmed match can be put to the sought person." in response.content.decode()
    assert not DecisionRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("choice", "state", "outcome"),
    [
        ("share_contact", CaseState.CONTACT_ESTABLISHED, ""),
        ("messages_only", CaseState.CONTACT_ESTABLISHED, ""),
        # A refusal leaves the case in the search, closed later like "not found".
        ("decline", CaseState.SEARCHING, ""),
        ("decline_forever", CaseState.SEARCHING, ""),
        ("not_now", CaseState.ON_HOLD, ""),
    ],
)
def test_record_each_choice_given_in_person(
    world: World, choice: str, state: str, outcome: str
) -> None:
    ContactDetail.objects.create(
        person=world.registration_a.person, kind="phone", value="+355 69 123 4567"
    )
    asked = asked_in_person(world)
    client = world.client_for("caseworker_a")
    form = client.get(f"/staff/questions/{asked.pk}/record/").content.decode()
    assert "+355" not in form  # the kind is offered, never the value
    response = client.post(
        f"/staff/questions/{asked.pk}/record/",
        {"choice": choice, "channel": "in_person", "shared_kinds": ["phone"], "confirmed": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{world.case_a.pk}/"
    decision = Decision.objects.get()
    assert (decision.choice, decision.channel, decision.recorded_by) == (
        choice,
        "in_person",
        world.caseworker_a,
    )
    assert decision.shared_kinds == (["phone"] if choice == "share_contact" else [])
    assert state_of(world) == (state, outcome)
    case_page = client.get(f"/cases/{world.case_a.pk}/").content.decode()
    assert decision.get_choice_display() in case_page
    assert "recorded by" in case_page


@pytest.mark.django_db
def test_recording_needs_the_confirmation_and_a_valid_answer(world: World) -> None:
    asked = asked_in_person(world)
    client = world.client_for("caseworker_a")
    url = f"/staff/questions/{asked.pk}/record/"
    no_check = client.post(url, {"choice": "messages_only", "channel": "phone"})
    assert no_check.status_code == 400
    no_kinds = client.post(url, {"choice": "share_contact", "channel": "phone", "confirmed": "on"})
    assert no_kinds.status_code == 400  # the person holds no contact detail to share
    assert "Choose at least one of the person" in no_kinds.content.decode()
    app = client.post(url, {"choice": "decline", "channel": "app", "confirmed": "on"})
    assert app.status_code == 400  # answers in the app are the person's own, not recorded by staff
    assert not Decision.objects.exists()
    assert DecisionRequest.objects.get().status == AskStatus.PENDING


@pytest.mark.django_db
def test_an_answered_question_cannot_be_recorded_twice(world: World) -> None:
    asked = asked_in_person(world)
    client = world.client_for("caseworker_a")
    url = f"/staff/questions/{asked.pk}/record/"
    data = {"choice": "not_now", "channel": "phone", "confirmed": "on"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 400
    assert Decision.objects.count() == 1
    assert "already been answered" in client.get(url).content.decode()


@pytest.mark.django_db
def test_withdrawal_recorded_by_staff_takes_effect_at_once(world: World) -> None:
    contact_established(world)
    decision = Decision.objects.get()
    client = world.client_for("caseworker_a")
    url = f"/staff/decisions/{decision.pk}/withdraw/"
    assert url in client.get(f"/cases/{world.case_a.pk}/").content.decode()
    assert client.post(url, {}).status_code == 400  # the confirmation is required
    assert client.post(url, {"confirmed": "on"}).status_code == 302
    decision.refresh_from_db()
    assert decision.withdrawn_at is not None
    assert state_of(world) == (CaseState.CLOSED, CaseOutcome.DECLINED)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", REFUSED)
def test_ask_record_withdraw_are_not_found_for(world: World, persona: str) -> None:
    pair = confirmed_pair(world)
    client = world.client_for(persona)
    assert client.post(f"/staff/pairs/{pair.pk}/ask/", {"channel": "phone"}).status_code == 404
    asked = DecisionRequest.objects.create(
        registration=world.registration_a,
        tracing_request=world.request_a,
        channel="phone",
        asked_by=world.caseworker_a,
    )
    record = f"/staff/questions/{asked.pk}/record/"
    assert client.get(record).status_code == 404
    data = {"choice": "decline", "channel": "phone", "confirmed": "on"}
    assert client.post(record, data).status_code == 404
    decision = Decision.objects.create(
        registration=world.registration_a,
        tracing_request=world.request_a,
        choice="messages_only",
        channel="phone",
        recorded_by=world.caseworker_a,
    )
    withdraw = f"/staff/decisions/{decision.pk}/withdraw/"
    assert client.get(withdraw).status_code == 404
    assert client.post(withdraw, {"confirmed": "on"}).status_code == 404
    decision.refresh_from_db()
    assert decision.withdrawn_at is None
    assert Decision.objects.count() == 1


@pytest.mark.django_db
def test_dpo_reads_but_does_not_record(world: World) -> None:
    asked = asked_in_person(world)
    client = world.client_for("dpo")
    page = client.get(f"/staff/questions/{asked.pk}/record/")
    assert page.status_code == 200
    assert CONFIRMED not in page.content.decode()
    data = {"choice": "decline", "channel": "phone", "confirmed": "on"}
    assert client.post(f"/staff/questions/{asked.pk}/record/", data).status_code == 404
    pair = CandidatePair.objects.get()
    assert client.post(f"/staff/pairs/{pair.pk}/ask/", {"channel": "phone"}).status_code == 404
    assert not Decision.objects.exists()
    assert DecisionRequest.objects.count() == 1
