"""The records the authorisation matrix needs beyond the shared `world`: a confirmed pair put to
the registrant and answered, a question still pending, a held message, a re-link run and one of
the registrant's own contact details. Built directly or through the services, never through views.
"""

from __future__ import annotations

from dataclasses import dataclass

from conftest import World, sought_person
from peyvand.consent.models import Decision, DecisionRequest
from peyvand.consent.services import ask_sought_person, record_decision
from peyvand.intake.models import ImportBatch, ImportRow
from peyvand.matching.models import CandidatePair, PairStatus, RelinkRun
from peyvand.messaging.models import Message
from peyvand.people.models import ContactDetail, ContactKind
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.models import CaseState, Registration, TracingRequest
from peyvand.tracing.services import change_case_state, submit_tracing_request


@dataclass
class Scenario:
    world: World
    pair: CandidatePair
    question: DecisionRequest
    decision: Decision
    pending_question: DecisionRequest
    message: Message
    run: RelinkRun
    contact: ContactDetail
    import_row: ImportRow


def _confirmed_pair(
    world: World, tracing_request: TracingRequest, registration: Registration
) -> CandidatePair:
    pair = CandidatePair.objects.create(
        tracing_request=tracing_request,
        registration=registration,
        model_version="authz-test",
        match_probability=0.97,
        match_weight=9.0,
        records_fingerprint="authz-test",
        status=PairStatus.CONFIRMED,
    )
    change_case_state(
        world.caseworker_a, tracing_request.case, CaseState.MATCH_CONFIRMED, "Match confirmed"
    )
    return pair


def build_scenario(world: World) -> Scenario:
    contact = ContactDetail.objects.create(
        person=world.registration_a.person, kind=ContactKind.ADDRESS, value="Rruga e Kavajës 12"
    )
    pair = _confirmed_pair(world, world.request_a, world.registration_a)
    question = ask_sought_person(world.caseworker_a, pair, "app")
    decision = record_decision(world.caseworker_a, question, "messages_only", channel="app")
    second_request = submit_tracing_request(
        None,
        world.agency_a,
        seeker=PersonInput(names=[NameInput(full="مریم خدابنده")], sex="f"),
        sought=sought_person("محمدرضا خدابنده"),
        relationship="sibling",
        seeker_user=world.seeker,
    )
    second_pair = _confirmed_pair(world, second_request, world.registration_a)
    pending_question = ask_sought_person(world.caseworker_a, second_pair, "app")
    message = Message.objects.create(
        case=world.request_a.case,
        direction="to_sought",
        body="call me on 0912 345 6789",
        flags=["phone"],
        status="held",
    )
    run = RelinkRun.objects.create(started_by=world.supervisor_a)
    batch = ImportBatch.objects.create(agency=world.agency_a, kind="registrations")
    import_row = ImportRow.objects.create(
        batch=batch,
        agency=world.agency_a,
        kind="registrations",
        fingerprint="authz",
        row_number=2,
        status="quarantined",
        payload='{"values": {"given": "Arben"}, "columns": {}, "errors": []}',
    )
    return Scenario(
        world=world,
        pair=pair,
        question=question,
        decision=decision,
        pending_question=pending_question,
        message=message,
        run=run,
        contact=contact,
        import_row=import_row,
    )
