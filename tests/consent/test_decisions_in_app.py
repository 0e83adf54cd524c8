"""The sought person's own page: questions answered in the app, standing choices, withdrawal."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from sought_support import (
    another_request,
    ask_registrant,
    give_contacts,
    same_page,
    second_registrant,
)

from conftest import World
from pair_support import confirmed_pair
from peyvand.actions.decisions import ask_sought_person, record_decision
from peyvand.consent.models import AskStatus, Decision, DecisionRequest
from peyvand.consent.services import decision_in_force
from peyvand.matching.models import CandidatePair
from peyvand.messaging.services import relay_allowed
from peyvand.tracing.models import Case, Registration

HOME = reverse("registrant_home")
CHOICES = reverse("registrant_choices")
OTHERS = ["seeker", "caseworker_a", "caseworker_b", "supervisor_a", "dpo", "admin", "outsider"]


def answer(
    client: Client, asked: DecisionRequest, choice: str, kinds: list[str] | None = None
) -> Any:
    data: dict[str, Any] = {"choice": choice}
    if kinds:
        data["shared_kinds"] = kinds
    return client.post(reverse("question_answer", args=[asked.pk]), data)


def reloaded(pair: CandidatePair) -> CandidatePair:
    """The pair as a caseworker's next request would load it (with the registration as stored)."""
    return CandidatePair.objects.get(pk=pair.pk)


def fresh_case(world: World) -> Case:
    return Case.objects.get(pk=world.case_a.pk)


@pytest.mark.django_db
def test_the_question_shows_only_what_the_person_needs_to_decide(world: World) -> None:
    world.request_a.message_for_sought = "پسرم، مادرت هنوز منتظر است"
    world.request_a.save()
    give_contacts(world.registration_a)
    world.registration_a.shareable_kinds = ["phone"]
    world.registration_a.save()
    asked = ask_registrant(world)
    client = world.client_for("registrant")

    home = client.get(HOME).content.decode()
    assert reverse("question_answer", args=[asked.pk]) in home

    response = client.get(reverse("question_answer", args=[asked.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "فاطمه خدابنده" in body  # the seeker's name as they wrote it
    assert "Child" in body  # the relationship as stated
    assert "تهران" in body  # where contact was last had
    assert "پسرم" not in body  # the seeker's message waits for consent
    assert "looks to them exactly as if you had not been found" in body
    for choice in ("share_contact", "messages_only", "not_now", "decline", "decline_forever"):
        assert f'value="{choice}"' in body
    form = response.context["form"]
    assert form.initial["shared_kinds"] == ["phone"]
    assert [value for value, _label in form.fields["shared_kinds"].choices] == ["phone", "email"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("choice", "kinds", "state", "outcome"),
    [
        ("share_contact", ["phone"], "contact_established", ""),
        ("messages_only", None, "contact_established", ""),
        ("not_now", None, "on_hold", ""),
        # A refusal leaves the case in the search, closed later like "not found".
        ("decline", None, "searching", ""),
        ("decline_forever", None, "searching", ""),
    ],
)
def test_each_answer_moves_the_case(
    world: World, choice: str, kinds: list[str] | None, state: str, outcome: str
) -> None:
    give_contacts(world.registration_a)
    asked = ask_registrant(world)

    response = answer(world.client_for("registrant"), asked, choice, kinds)

    assert response.status_code == 302
    assert response["Location"] == HOME
    decision = Decision.objects.get(registration=world.registration_a)
    assert (decision.choice, decision.channel, decision.recorded_by) == (
        choice,
        "app",
        world.registrant,
    )
    assert decision.shared_kinds == (kinds or [])
    case = fresh_case(world)
    assert (case.state, case.outcome) == (state, outcome)
    assert DecisionRequest.objects.get(pk=asked.pk).status == AskStatus.ANSWERED
    assert relay_allowed(case) == (state == "contact_established")


@pytest.mark.django_db
@pytest.mark.parametrize("kinds", [[], ["address"]])
def test_sharing_needs_at_least_one_of_their_own_details(world: World, kinds: list[str]) -> None:
    give_contacts(world.registration_a)  # phone and email, no address
    asked = ask_registrant(world)

    response = answer(world.client_for("registrant"), asked, "share_contact", kinds)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Decision.objects.exists()
    assert DecisionRequest.objects.get(pk=asked.pk).status == AskStatus.PENDING
    assert fresh_case(world).state == "awaiting_decision"


@pytest.mark.django_db
def test_only_the_kinds_chosen_are_shared(world: World) -> None:
    give_contacts(world.registration_a)
    asked = ask_registrant(world)
    answer(world.client_for("registrant"), asked, "share_contact", ["email"])
    decision = decision_in_force(world.registration_a, world.request_a)
    assert decision is not None
    assert decision.shared_kinds == ["email"]


@pytest.mark.django_db
def test_an_answered_question_cannot_be_answered_twice(world: World) -> None:
    asked = ask_registrant(world)
    client = world.client_for("registrant")
    answer(client, asked, "not_now")

    again = answer(client, asked, "decline")

    assert again.status_code == 302
    assert list(Decision.objects.values_list("choice", flat=True)) == ["not_now"]


@pytest.mark.django_db
def test_decline_forever_means_never_asked_again_for_this_seeker(world: World) -> None:
    asked = ask_registrant(world)
    answer(world.client_for("registrant"), asked, "decline_forever")
    pair = CandidatePair.objects.get(tracing_request=world.request_a)

    with pytest.raises(ValidationError):
        ask_sought_person(world.caseworker_a, pair, "app")
    other = confirmed_pair(world, another_request(world), world.registration_a)
    with pytest.raises(ValidationError):
        ask_sought_person(world.caseworker_a, other, "app")
    assert DecisionRequest.objects.filter(status=AskStatus.PENDING).count() == 0


@pytest.mark.django_db
def test_plain_decline_can_be_asked_again_later(world: World) -> None:
    asked = ask_registrant(world)
    answer(world.client_for("registrant"), asked, "decline")
    other = confirmed_pair(world, another_request(world), world.registration_a)
    assert ask_sought_person(world.caseworker_a, other, "app").status == AskStatus.PENDING


@pytest.mark.django_db
def test_findable_by_nobody_applies_at_once(world: World) -> None:
    client = world.client_for("registrant")
    pair = confirmed_pair(world, world.request_a, world.registration_a)

    response = client.post(CHOICES, {"findable_by": "nobody"})

    assert response.status_code == 302
    with pytest.raises(ValidationError):
        ask_sought_person(world.caseworker_a, reloaded(pair), "app")
    client.post(CHOICES, {"findable_by": "close_family"})
    assert ask_sought_person(world.caseworker_a, reloaded(pair), "app").status == AskStatus.PENDING


@pytest.mark.django_db
def test_close_family_only_keeps_cousins_from_asking(world: World) -> None:
    world.client_for("registrant").post(CHOICES, {"findable_by": "close_family"})
    pair = confirmed_pair(
        world, another_request(world, relationship="cousin"), world.registration_a
    )
    with pytest.raises(ValidationError):
        ask_sought_person(world.caseworker_a, reloaded(pair), "app")


@pytest.mark.django_db
def test_standing_choices_offer_only_held_kinds(world: World) -> None:
    client = world.client_for("registrant")
    refused = client.post(CHOICES, {"findable_by": "any_relative", "shareable_kinds": ["phone"]})
    assert refused.status_code == 400
    give_contacts(world.registration_a)

    saved = client.post(CHOICES, {"findable_by": "any_relative", "shareable_kinds": ["phone"]})

    assert saved.status_code == 302
    assert Registration.objects.get(pk=world.registration_a.pk).shareable_kinds == ["phone"]


@pytest.mark.django_db
def test_contact_details_are_added_and_removed(world: World) -> None:
    client = world.client_for("registrant")
    bad = client.post(reverse("registrant_contact_add"), {"kind": "email", "value": "nope"})
    assert bad.status_code == 400
    assert "nope" in bad.content.decode()
    client.post(reverse("registrant_contact_add"), {"kind": "phone", "value": "+355 69 000 1111"})
    client.post(CHOICES, {"findable_by": "any_relative", "shareable_kinds": ["phone"]})
    person = world.registration_a.person
    contact = person.contacts.get()
    assert contact.value == "+355 69 000 1111"

    response = client.post(reverse("registrant_contact_remove", args=[contact.pk]))

    assert response.status_code == 302
    assert not person.contacts.exists()
    assert Registration.objects.get(pk=world.registration_a.pk).shareable_kinds == []


@pytest.mark.django_db
def test_withdrawal_takes_effect_at_once(world: World) -> None:
    asked = ask_registrant(world)
    client = world.client_for("registrant")
    answer(client, asked, "messages_only")
    decision = Decision.objects.get()
    assert relay_allowed(fresh_case(world))
    url = reverse("registrant_withdraw", args=[decision.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert decision_in_force(world.registration_a, world.request_a) == decision

    response = client.post(url)

    assert response.status_code == 302
    assert decision_in_force(world.registration_a, world.request_a) is None
    case = fresh_case(world)
    assert not relay_allowed(case)
    assert (case.state, case.outcome) == ("closed", "declined")
    assert url not in client.get(HOME).content.decode()


@pytest.mark.django_db
def test_a_superseded_answer_cannot_be_withdrawn(world: World) -> None:
    asked = ask_registrant(world)
    client = world.client_for("registrant")
    answer(client, asked, "not_now")
    first = Decision.objects.get()
    second_ask = ask_sought_person(
        world.caseworker_a, CandidatePair.objects.get(tracing_request=world.request_a), "app"
    )
    answer(client, second_ask, "messages_only")

    response = client.post(reverse("registrant_withdraw", args=[first.pk]))

    assert response.status_code == 302
    assert Decision.objects.get(pk=first.pk).withdrawn_at is None
    assert relay_allowed(fresh_case(world))


def registrant_urls(asked: DecisionRequest, decision: Decision) -> list[tuple[str, str]]:
    return [
        ("get", HOME),
        ("get", CHOICES),
        ("post", CHOICES),
        ("post", reverse("registrant_contact_add")),
        ("get", reverse("question_answer", args=[asked.pk])),
        ("post", reverse("question_answer", args=[asked.pk])),
        ("get", reverse("registrant_withdraw", args=[decision.pk])),
        ("post", reverse("registrant_withdraw", args=[decision.pk])),
        ("get", reverse("sought_thread", args=[decision.pk])),
        ("post", reverse("sought_thread_read", args=[decision.pk])),
        ("post", reverse("sought_thread_reply", args=[decision.pk])),
    ]


def call(client: Client, method: str, url: str) -> Any:
    if method == "get":
        return client.get(url)
    return client.post(url, {"choice": "decline", "body": "x", "findable_by": "nobody"})


def answered_and_pending(world: World) -> tuple[DecisionRequest, Decision]:
    """One answered question (messages only) and one still pending, both to the registrant."""
    first = ask_registrant(world)
    record_decision(world.registrant, first, "messages_only", channel="app")
    pending = ask_registrant(world, tracing_request=another_request(world))
    return pending, Decision.objects.get()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", OTHERS)
def test_registrant_pages_are_not_found_for_everyone_else(world: World, persona: str) -> None:
    asked, decision = answered_and_pending(world)
    client = world.client_for(persona)
    missing = client.get("/me/no-such-page/")
    for method, url in registrant_urls(asked, decision):
        response = call(client, method, url)
        assert response.status_code == 404, (method, url)
        assert same_page(response.content, url) == same_page(missing.content, "/me/no-such-page/")
    assert DecisionRequest.objects.get(pk=asked.pk).status == AskStatus.PENDING
    assert decision_in_force(world.registration_a, world.request_a) == decision


@pytest.mark.django_db
def test_a_registrant_never_sees_another_registrants_questions(world: World) -> None:
    asked, decision = answered_and_pending(world)
    _user, _registration, client = second_registrant(world)

    home = client.get(HOME)
    assert home.status_code == 200
    assert reverse("question_answer", args=[asked.pk]) not in home.content.decode()
    assert "فاطمه خدابنده" not in home.content.decode()
    for method, url in registrant_urls(asked, decision)[4:]:
        response = call(client, method, url)
        assert response.status_code == 404, (method, url)
    assert DecisionRequest.objects.get(pk=asked.pk).status == AskStatus.PENDING


@pytest.mark.django_db
def test_registrant_pages_need_sign_in(world: World) -> None:
    response = Client().get(HOME)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_home_query_count_does_not_grow_with_questions_and_answers(world: World) -> None:
    give_contacts(world.registration_a)
    client = world.client_for("registrant")

    def home_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(HOME)
        assert response.status_code == 200
        return len(queries)

    answered_and_pending(world)
    few = home_queries()
    for name in ("زهرا خدابنده", "علی خدابنده"):
        asked = ask_registrant(world, tracing_request=another_request(world, name=name))
        record_decision(world.registrant, asked, "messages_only", channel="app")
    ask_registrant(world, tracing_request=another_request(world, name="حسن خدابنده"))
    body = client.get(HOME).content.decode()
    assert body.count("/me/questions/") == 2
    assert body.count("/withdraw/") == 3

    assert home_queries() == few
    assert few <= 12
