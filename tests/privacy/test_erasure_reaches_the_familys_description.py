"""Erasing a registered person also erases the family's description of them in every request
confirmed as theirs; the family keeps its request and its case, closed as the person declined."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from test_erasure_leaves_a_tombstone import linked_world, traces

from conftest import World
from peyvand.audit.chain import verify_chain
from peyvand.audit.models import AuditEvent, Tombstone
from peyvand.consent.models import Choice
from peyvand.matching.models import CandidatePair, PairStatus
from peyvand.messaging.models import Direction, Message, MessageStatus
from peyvand.people.models import Person
from peyvand.privacy.erasure import erase_person
from peyvand.tracing.models import CaseOutcome, CaseState, TracingRequest
from seeker.seeker_support import (
    decide,
    registration_with_contacts,
    seeker_request,
    signed_in,
    status_of,
)

pytestmark = pytest.mark.django_db

DESCRIBED_NAME = "محمدرضا خدابنده"  # how the family of request A wrote the sought person
CIRCUMSTANCES = "left from Urmia in the winter of 1394"


def test_the_familys_description_of_the_erased_person_is_emptied(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    linked_world(world)
    request = world.request_a
    TracingRequest.objects.filter(pk=request.pk).update(
        circumstances=CIRCUMSTANCES, message_for_sought="we miss you"
    )
    described_id, seeker_id = request.sought_id, request.seeker_id
    events_before = set(AuditEvent.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "erase",
            "--person",
            str(world.registration_a.person_id),
            "--basis",
            "GDPR art. 17",
            stdout=StringIO(),
        )

    # Names, birth date, father, birthplace, last contact, circumstances and message: gone
    # from every table (the empty row itself stays: the family's request points at it).
    assert traces(0, [DESCRIBED_NAME, "حسین", CIRCUMSTANCES, "we miss you"]) == []
    described = Person.objects.get(pk=described_id)
    assert not described.names.exists() and not described.contacts.exists()
    assert (described.birth_date, described.birth_date_text) == (None, "")
    assert (described.father_given_name, described.birthplace, described.sex) == ("", "", "")
    request.refresh_from_db()
    assert (request.last_contact_text, request.last_contact_place) == ("", "")
    assert (request.circumstances, request.message_for_sought) == ("", "")
    # The family keeps its own record, its request and its case, which closes as declined.
    assert request.seeker_id == seeker_id and Person.objects.get(pk=seeker_id).names.exists()
    assert request.reference_code == world.request_a.reference_code
    case = request.case
    assert (case.state, case.outcome) == (CaseState.CLOSED, CaseOutcome.DECLINED)
    assert case.transitions.filter(to_state=CaseState.CLOSED, actor=None).exists()
    stone = Tombstone.objects.get(object_type="people.person", object_id=str(described_id))
    assert stone.details == {"erased_with": f"people.person:{world.registration_a.person_id}"}
    primary = Tombstone.objects.get(
        object_type="people.person", object_id=str(world.registration_a.person_id)
    )
    assert primary.details["emptied"] == {
        "people.person": [described_id],
        "tracing.tracingrequest": [request.pk],
    }
    # Staff still open the family's case; the empty description cannot be erased "again".
    assert world.client_for("caseworker_a").get(f"/cases/{case.pk}/").status_code == 200
    with pytest.raises(ValidationError, match="already been erased"):
        erase_person(world.dpo, described, "again")
    assert TracingRequest.objects.filter(pk=request.pk).exists()
    # Erasure deletes no audit event: the chain still verifies from the first one.
    assert events_before <= set(AuditEvent.objects.values_list("pk", flat=True))
    assert verify_chain().ok


def test_the_family_no_longer_sees_shared_contacts_and_reads_a_neutral_closing(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    family = seeker_request(world.agency_a)
    registration = registration_with_contacts(world)
    decide(world, family, registration, Choice.SHARE_CONTACT, kinds=["phone"])
    client = signed_in(family)
    assert status_of(client) == "contact_shared"
    assert "+355 69 111 2222" in client.get("/t/status/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        erase_person(world.dpo, registration.person, "GDPR art. 17")

    assert status_of(client) == "closed"
    page = client.get("/t/status/").content.decode()
    assert "+355 69 111 2222" not in page and "رضا کریمی" not in page


def test_a_request_the_person_was_only_proposed_for_keeps_its_description_and_messages(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    linked_world(world)
    other = world.request_b
    CandidatePair.objects.create(
        tracing_request=other,
        registration=world.registration_a,
        model_version="test",
        match_probability=0.2,
        match_weight=-1.0,
        explanation=[],
        records_fingerprint="test",
        status=PairStatus.PROPOSED,
    )
    Message.objects.create(
        case=other.case, direction=Direction.TO_SOUGHT, body="hi", status=MessageStatus.DELIVERED
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "erase",
            "--person",
            str(world.registration_a.person_id),
            "--basis",
            "asked",
            stdout=StringIO(),
        )
    other.refresh_from_db()
    assert other.sought.names.filter(full="علی احمدی").exists()
    assert Message.objects.filter(case=other.case).count() == 1
    assert other.case.state != CaseState.CLOSED
    assert not CandidatePair.objects.filter(registration_id=world.registration_a.pk).exists()
