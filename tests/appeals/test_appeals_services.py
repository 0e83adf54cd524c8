"""Appeal services: drafts, texts, signatures by staff and by families, withdrawal, delivery,
answers and follow-ups; every write audited, every write held to the appeal's agency."""

from __future__ import annotations

import datetime

import pytest
from appeals_support import family, open_appeal
from django.core.exceptions import ValidationError
from django.db import connection

from conftest import World
from peyvand.appeals.models import AppealStatus, SignedVia
from peyvand.appeals.services import (
    add_follow_up,
    add_signatories,
    change_appeal_status,
    complete_follow_up,
    create_appeal,
    edit_appeal,
    record_delivery,
    record_response,
    save_appeal_text,
    sign_from_track_page,
    withdraw_signature,
)
from peyvand.audit.models import AuditEvent
from peyvand.privacy.erasure import erase_person

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 6, 1)


def actions(target: object) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            object_type=target._meta.label_lower,
            object_id=str(target.pk),  # type: ignore[attr-defined]
        )
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def test_a_draft_takes_texts_in_several_languages_then_opens(world: World) -> None:
    appeal = create_appeal(
        world.caseworker_a,
        world.agency_a,
        addressee="Ministria e Brendshme",
        date=DAY,
        language="sq",
        title="Familjet kërkojnë lajme",
        body="Ne, familjet e nënshkruara…",
    )
    save_appeal_text(world.caseworker_a, appeal, language="fa", title="عنوان", body="متن")
    save_appeal_text(world.caseworker_a, appeal, language="fa", title="عنوان نو", body="متن نو")
    assert sorted(t.language for t in appeal.texts.all()) == ["fa", "sq"]
    assert appeal.texts.get(language="fa").title == "عنوان نو"
    change_appeal_status(world.caseworker_a, appeal, AppealStatus.OPEN)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN
    assert actions(appeal) == [
        "appeal.created",
        "appeal.text_saved",
        "appeal.text_saved",
        "appeal.status_changed",
    ]


def test_texts_are_encrypted_at_rest(world: World) -> None:
    appeal = open_appeal(world)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title, body FROM appeals_appealtext WHERE appeal_id = %s", [appeal.pk]
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT addressee FROM appeals_appeal WHERE id = %s", [appeal.pk])
        (addressee,) = cursor.fetchone()
    assert all(value.startswith("pv1:") for row in rows for value in row)
    assert addressee.startswith("pv1:")


def test_a_signed_text_no_longer_changes(world: World) -> None:
    appeal = open_appeal(world)
    with pytest.raises(ValidationError):
        save_appeal_text(world.caseworker_a, appeal, language="sq", title="t", body="b")
    add_signatories(world.caseworker_a, appeal, [world.request_a], listed=True)
    with pytest.raises(ValidationError):
        change_appeal_status(world.caseworker_a, appeal, AppealStatus.DRAFT)


def test_staff_record_signatures_with_the_listing_choice(world: World) -> None:
    appeal = open_appeal(world)
    other = family(world.agency_a, "مریم کریمی")
    signed = add_signatories(world.caseworker_a, appeal, [world.request_a, other], listed=False)
    assert [s.listed for s in signed] == [False, False]
    assert all(s.signed_via == SignedVia.STAFF for s in signed)
    assert {s.recorded_by for s in signed} == {world.caseworker_a}
    assert actions(signed[0]) == ["appeal.signed"]


def test_only_the_appeals_agency_and_its_families(world: World) -> None:
    appeal = open_appeal(world)
    with pytest.raises(ValidationError):
        add_signatories(world.caseworker_b, appeal, [world.request_a], listed=True)
    with pytest.raises(ValidationError):
        add_signatories(world.caseworker_a, appeal, [world.request_b], listed=True)
    with pytest.raises(ValidationError):
        sign_from_track_page(world.request_b, appeal, listed=True)
    with pytest.raises(ValidationError):
        record_delivery(world.dpo, appeal, date=DAY, channel="post")
    assert not appeal.signatories.exists()


def test_a_draft_cannot_be_signed(world: World) -> None:
    appeal = open_appeal(world)
    appeal.status = AppealStatus.DRAFT
    appeal.save()
    with pytest.raises(ValidationError):
        sign_from_track_page(world.request_a, appeal, listed=True)


def test_a_family_withdraws_and_may_sign_again(world: World) -> None:
    appeal = open_appeal(world)
    signature = sign_from_track_page(world.request_a, appeal, listed=True)
    assert signature.signed_via == SignedVia.TRACK_PAGE and signature.recorded_by is None
    withdraw_signature(signature)
    signature.refresh_from_db()
    assert signature.withdrawn_at is not None
    again = sign_from_track_page(world.request_a, appeal, listed=False)
    assert again.pk == signature.pk and again.withdrawn_at is None and not again.listed
    events = AuditEvent.objects.filter(
        object_type="appeals.signatory", object_id=str(again.pk)
    ).order_by("sequence")
    assert [e.action for e in events] == [
        "appeal.signed",
        "appeal.signature_withdrawn",
        "appeal.signed",
    ]
    assert {e.actor_label for e in events} == {f"seeker of {world.request_a.reference_code}"}


def test_delivery_response_and_follow_up_move_the_appeal_on(world: World) -> None:
    appeal = open_appeal(world)
    with pytest.raises(ValidationError):
        record_response(world.caseworker_a, appeal, received_on=DAY, summary="too early")
    delivery = record_delivery(
        world.caseworker_a, appeal, date=DAY, channel="in_person", recipient="Front desk"
    )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DELIVERED
    response = record_response(
        world.supervisor_a,
        appeal,
        received_on=DAY + datetime.timedelta(days=30),
        summary="The ministry will reply to each family.",
        next_step="Ask again in three months",
    )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED
    follow_up = add_follow_up(
        world.caseworker_a,
        appeal,
        due_on=DAY + datetime.timedelta(days=120),
        notes="Write again",
        response=response,
    )
    complete_follow_up(world.caseworker_a, follow_up)
    complete_follow_up(world.caseworker_a, follow_up)  # once is enough
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    assert actions(delivery) == ["appeal.delivered"]
    assert actions(response) == ["appeal.response_recorded"]
    assert actions(follow_up) == ["appeal.follow_up_added", "appeal.follow_up_done"]
    change_appeal_status(world.caseworker_a, appeal, AppealStatus.CLOSED)
    with pytest.raises(ValidationError):
        edit_appeal(world.caseworker_a, appeal, addressee="x", date=DAY)


def test_a_follow_up_belongs_to_the_appeal_of_its_response(world: World) -> None:
    appeal = open_appeal(world)
    other = open_appeal(world)
    record_delivery(world.caseworker_a, other, date=DAY, channel="post")
    response = record_response(world.caseworker_a, other, received_on=DAY, summary="No.")
    with pytest.raises(ValidationError):
        add_follow_up(world.caseworker_a, appeal, due_on=DAY, notes="x", response=response)


def test_statuses_move_only_along_the_allowed_paths(world: World) -> None:
    appeal = open_appeal(world)
    with pytest.raises(ValidationError):
        change_appeal_status(world.caseworker_a, appeal, AppealStatus.ANSWERED)
    change_appeal_status(world.caseworker_a, appeal, AppealStatus.CLOSED)
    with pytest.raises(ValidationError):
        change_appeal_status(world.caseworker_a, appeal, AppealStatus.OPEN)


def test_erasing_a_signing_family_removes_its_signature(world: World) -> None:
    appeal = open_appeal(world)
    tracing_request = family(world.agency_a, "مریم کریمی")
    sign_from_track_page(tracing_request, appeal, listed=True)
    erase_person(world.dpo, tracing_request.seeker, "GDPR art. 17")
    assert not appeal.signatories.exists()
