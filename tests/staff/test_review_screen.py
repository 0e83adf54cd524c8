"""The review screen of a candidate pair: what it shows, who may act, and what each action does."""

from __future__ import annotations

import re

import pytest
from staff_setup import EXPLANATION, REFUSED, asked_in_person, make_pair

from conftest import World
from peyvand.actions.decisions import ask_sought_person, record_decision
from peyvand.matching.candidate_store import ScoredCandidate, store_candidates
from peyvand.matching.models import CandidatePair, MatchReview, PairStatus, ReviewAction
from peyvand.people.models import ContactDetail, Name
from peyvand.tracing.models import CaseState

ACTIONS = ("confirm", "second-confirm", "reject", "undo")


@pytest.fixture
def second_review_below_half(settings: object) -> None:
    settings.PEYVAND_SECOND_REVIEW_BELOW = 0.5  # type: ignore[attr-defined]


def state_of(world: World) -> str:
    world.case_a.refresh_from_db()
    return world.case_a.state


@pytest.mark.django_db
def test_both_records_side_by_side_with_the_explanation(world: World) -> None:
    ContactDetail.objects.create(
        person=world.registration_a.person, kind="phone", value="+355 69 123 4567"
    )
    pair = make_pair(world.request_a, world.registration_a, probability=0.93)
    response = world.client_for("caseworker_a").get(f"/staff/pairs/{pair.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "محمدرضا خدابنده" in page and "Mohammad Reza Khodabande" in page
    assert "Qazvin" in page and "قزوین" in page and "Hossein" in page and "حسین" in page
    assert "names-test-1" in page and "93%" in page
    # Each reason in the reader's words, with the two values compared as written.
    assert "same Persian consonant skeleton" in page
    assert '<bdi dir="auto">Khodabande</bdi> ~ <bdi dir="auto">خدابنده</bdi>' in page
    assert "differ by 3+" in page  # a level the app has no words for is shown as the engine says
    persian = world.client_for("caseworker_a")
    world.caseworker_a.language = "fa"
    world.caseworker_a.save()
    assert "اسکلت" in persian.get(f"/staff/pairs/{pair.pk}/").content.decode()
    # bars are proportional to |weight|: the largest is full width, a negative one on the other side
    # (widths are classes in steps of 5%: w20 = 100%; the CSP refuses inline style attributes)
    assert 'class="half for" aria-hidden="true"><span class="fill w20">' in page
    assert 'class="fill w10"' in page  # 3.05 / 6.1 = 50%
    assert 'class="half against" aria-hidden="true"><span class="fill w8">' in page  # 39% → 40%
    assert "+355" not in page and "69 123" not in page  # nobody sees contact details here


@pytest.mark.django_db
@pytest.mark.parametrize("persona", REFUSED)
def test_review_screen_and_actions_are_not_found_for(world: World, persona: str) -> None:
    pair = make_pair(world.request_a, world.registration_a)
    client = world.client_for(persona)
    assert client.get(f"/staff/pairs/{pair.pk}/").status_code == 404
    for action in ACTIONS:
        response = client.post(f"/staff/pairs/{pair.pk}/{action}/", {"reason": "because"})
        assert response.status_code == 404, action
    assert not MatchReview.objects.exists()


@pytest.mark.django_db
def test_dpo_reads_the_pair_but_cannot_act(world: World) -> None:
    pair = make_pair(world.request_a, world.registration_a)
    client = world.client_for("dpo")
    page = client.get(f"/staff/pairs/{pair.pk}/").content.decode()
    assert "Mohammad Reza Khodabande" in page
    assert f"/staff/pairs/{pair.pk}/confirm/" not in page
    for action in ACTIONS:
        assert client.post(f"/staff/pairs/{pair.pk}/{action}/", {"reason": "x"}).status_code == 404
    pair.refresh_from_db()
    assert pair.status == PairStatus.PROPOSED


@pytest.mark.django_db
def test_a_missing_pair_is_not_found(world: World) -> None:
    assert world.client_for("admin").get("/staff/pairs/999999/").status_code == 404


@pytest.mark.django_db
def test_confirm_moves_the_case_and_is_kept_in_the_history(
    world: World, second_review_below_half: None
) -> None:
    pair = make_pair(world.request_a, world.registration_a, probability=0.93)
    client = world.client_for("caseworker_a")
    response = client.post(f"/staff/pairs/{pair.pk}/confirm/", {"reason": "same father"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == PairStatus.CONFIRMED
    assert state_of(world) == CaseState.MATCH_CONFIRMED
    review = MatchReview.objects.get(pair=pair)
    assert (review.action, review.reason, review.reviewer) == (
        ReviewAction.CONFIRM,
        "same father",
        world.caseworker_a,
    )
    page = client.get(f"/staff/pairs/{pair.pk}/").content.decode()
    assert "same father" in page and "caseworker-a" in page
    assert f"/staff/pairs/{pair.pk}/ask/" in page  # next step: ask the sought person
    case_page = client.get(f"/cases/{world.case_a.pk}/").content.decode()
    assert f"/staff/pairs/{pair.pk}/" in case_page
    assert "Open → Match confirmed" in case_page  # the timeline


@pytest.mark.django_db
def test_confirm_reason_is_optional_but_reject_needs_one(world: World) -> None:
    first = make_pair(world.request_a, world.registration_a)
    client = world.client_for("caseworker_a")
    response = client.post(f"/staff/pairs/{first.pk}/reject/", {"reason": "  "})
    assert response.status_code == 400
    first.refresh_from_db()
    assert first.status == PairStatus.PROPOSED
    assert client.post(f"/staff/pairs/{first.pk}/confirm/", {}).status_code == 302
    first.refresh_from_db()
    assert first.status == PairStatus.CONFIRMED


@pytest.mark.django_db
def test_reject_keeps_the_case_searching_for_others(world: World) -> None:
    pair = make_pair(world.request_a, world.registration_a)
    client = world.client_for("caseworker_a")
    response = client.post(f"/staff/pairs/{pair.pk}/reject/", {"reason": "different father"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == PairStatus.REJECTED
    assert state_of(world) == CaseState.OPEN
    page = client.get(f"/staff/pairs/{pair.pk}/").content.decode()
    assert "different father" in page and "comes back for review only if" in page
    assert client.post(f"/staff/pairs/{pair.pk}/confirm/", {}).status_code == 400


@pytest.mark.django_db
def test_low_probability_needs_a_second_reviewer_who_is_someone_else(
    world: World, second_review_below_half: None
) -> None:
    pair = make_pair(world.request_a, world.registration_a, probability=0.31)
    first = world.client_for("caseworker_a")
    assert (
        "a second reviewer must also confirm"
        in first.get(f"/staff/pairs/{pair.pk}/").content.decode()
    )
    assert first.post(f"/staff/pairs/{pair.pk}/confirm/", {"reason": "likely"}).status_code == 302
    pair.refresh_from_db()
    assert pair.status == PairStatus.AWAITING_SECOND
    assert state_of(world) == CaseState.OPEN

    again = first.post(f"/staff/pairs/{pair.pk}/second-confirm/", {"reason": "me again"})
    assert again.status_code == 400
    assert "The second reviewer must be someone else." in again.content.decode()
    pair.refresh_from_db()
    assert pair.status == PairStatus.AWAITING_SECOND

    second = world.client_for("supervisor_a")
    response = second.post(f"/staff/pairs/{pair.pk}/second-confirm/", {"reason": "agree"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == PairStatus.CONFIRMED
    assert state_of(world) == CaseState.MATCH_CONFIRMED
    actions = list(pair.reviews.values_list("action", "reviewer__username"))
    assert actions == [("confirm", "caseworker-a"), ("second_confirm", "supervisor-a")]


@pytest.mark.django_db
def test_undo_needs_a_reason_and_sends_the_case_back_to_searching(world: World) -> None:
    pair = make_pair(world.request_a, world.registration_a)
    client = world.client_for("caseworker_a")
    client.post(f"/staff/pairs/{pair.pk}/confirm/", {"reason": "same"})
    assert client.post(f"/staff/pairs/{pair.pk}/undo/", {"reason": ""}).status_code == 400
    pair.refresh_from_db()
    assert pair.status == PairStatus.CONFIRMED
    response = client.post(f"/staff/pairs/{pair.pk}/undo/", {"reason": "wrong mother's name"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == PairStatus.PROPOSED
    assert state_of(world) == CaseState.SEARCHING
    assert pair.reviews.last().action == ReviewAction.UNDO  # type: ignore[union-attr]


@pytest.mark.django_db
def test_rejected_pair_comes_back_only_when_a_record_changes(world: World) -> None:
    scored = ScoredCandidate(
        tracing_request_id=world.request_a.pk,
        registration_id=world.registration_a.pk,
        match_probability=0.88,
        match_weight=5.2,
        explanation=EXPLANATION,
    )
    assert store_candidates([scored], "names-test-1") == 1
    pair = CandidatePair.objects.get()
    client = world.client_for("caseworker_a")
    client.post(f"/staff/pairs/{pair.pk}/reject/", {"reason": "different person"})

    assert store_candidates([scored], "names-test-2") == 0
    pair.refresh_from_db()
    assert pair.status == PairStatus.REJECTED
    assert f"/staff/pairs/{pair.pk}/" not in client.get("/staff/?tab=review").content.decode()

    Name.objects.create(
        person=world.request_a.sought, script="latn", full="Mohammadreza Khodabandeh", kind="alias"
    )
    assert store_candidates([scored], "names-test-2") == 1
    pair.refresh_from_db()
    assert (pair.status, pair.model_version) == (PairStatus.PROPOSED, "names-test-2")
    assert f"/staff/pairs/{pair.pk}/" in client.get("/staff/?tab=review").content.decode()


@pytest.mark.django_db
def test_a_value_on_one_side_only_is_not_called_missing_on_both(world: World) -> None:
    pair = make_pair(world.request_a, world.registration_a)
    pair.explanation = [
        {
            "field": "birth",
            "level": "missing",
            "weight": 0.0,
            "text": "birth: not given on both — — ~ 1986, +0.0",
        },
        {
            "field": "father_name",
            "level": "missing",
            "weight": 0.0,
            "text": "father's name: not given on both — — ~ —, +0.0",
        },
    ]
    pair.save(update_fields=["explanation"])
    page = world.client_for("caseworker_a").get(f"/staff/pairs/{pair.pk}/").content.decode()
    assert page.count("given on one side only") == 1
    assert page.count("not given on either side") == 1


@pytest.mark.django_db
def test_the_listed_weights_add_up_to_the_match_weight(world: World) -> None:
    pair = make_pair(world.request_a, world.registration_a)  # fields: 6.1 + 3.05 - 2.4 = 6.75
    pair.match_weight = 9.25
    pair.save(update_fields=["match_weight"])
    page = world.client_for("caseworker_a").get(f"/staff/pairs/{pair.pk}/").content.decode()
    assert 'add up to <span dir="ltr">+6.7</span>' in page
    assert 'The rest, <span dir="ltr">+2.5</span>, is the starting odds' in page
    assert 'Match weight: <span dir="ltr">+9.2</span>' in page


@pytest.mark.django_db
def test_the_ask_form_goes_once_the_person_is_asked_or_has_decided(world: World) -> None:
    client = world.client_for("caseworker_a")
    question = asked_in_person(world)
    pair = CandidatePair.objects.get()
    asking = f'action="/staff/pairs/{pair.pk}/ask/"'
    assert asking not in client.get(f"/staff/pairs/{pair.pk}/").content.decode()
    question.delete()
    assert asking in client.get(f"/staff/pairs/{pair.pk}/").content.decode()
    record_decision(
        world.caseworker_a,
        ask_sought_person(world.caseworker_a, pair, "in_person"),
        "messages_only",
        channel="in_person",
    )
    page = client.get(f"/staff/pairs/{pair.pk}/").content.decode()
    assert "Decision in force" in page and asking not in page


@pytest.mark.django_db
def test_every_element_id_on_the_review_page_is_unique(world: World) -> None:
    for status in (PairStatus.PROPOSED, PairStatus.AWAITING_SECOND):
        pair = make_pair(world.request_a, world.registration_a, status=status)
        page = world.client_for("caseworker_a").get(f"/staff/pairs/{pair.pk}/").content.decode()
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert ids and len(ids) == len(set(ids)), sorted(ids)
        CandidatePair.objects.all().delete()
