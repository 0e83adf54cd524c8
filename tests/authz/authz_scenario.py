"""The records the authorisation matrix needs beyond the shared `world`: a confirmed pair put to
the registrant and answered, a question still pending, a held message, a re-link run, a proposed
model version and one of the registrant's own contact details. Built directly or through the
services, never through views.
"""

from __future__ import annotations

from dataclasses import dataclass

from conftest import World, sought_person
from pair_support import confirmed_pair
from peyvand.actions.decisions import ask_sought_person, record_decision
from peyvand.appeals.models import Appeal, AppealDocument, FollowUp, Signatory
from peyvand.consent.models import Decision, DecisionRequest
from peyvand.intake.models import ColumnMapping, ImportBatch, ImportRow
from peyvand.letters.models import GeneratedLetter, LetterTemplate
from peyvand.linkage import model_document
from peyvand.matching.model_store import shipped_model, shipped_version
from peyvand.matching.models import CandidatePair, ModelVersion, RelinkRun
from peyvand.messaging.models import Message
from peyvand.people.models import ContactDetail, ContactKind
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.services import submit_tracing_request
from peyvand.visits.models import ChecklistItem, TravelApplication, Visit


@dataclass
class Scenario:
    world: World
    pair: CandidatePair
    question: DecisionRequest
    decision: Decision
    pending_question: DecisionRequest
    message: Message
    run: RelinkRun
    model_version: ModelVersion
    contact: ContactDetail
    import_row: ImportRow
    mapping: ColumnMapping
    visit: Visit
    application: TravelApplication
    checklist_item: ChecklistItem
    appeal: Appeal
    signatory: Signatory
    follow_up: FollowUp
    appeal_document: AppealDocument
    letter: GeneratedLetter


def _appeal(world: World) -> tuple[Appeal, Signatory, FollowUp, AppealDocument]:
    """An open appeal of agency A signed by request A, with a follow-up and a kept PDF."""
    appeal = Appeal.objects.create(
        agency=world.agency_a, addressee="Ministry", date="2025-05-05", status="open"
    )
    appeal.texts.create(language="fa", title="درخواست", body="متن")
    signatory = Signatory.objects.create(
        appeal=appeal,
        tracing_request=world.request_a,
        listed=True,
        signed_via="staff",
        signed_at="2025-05-06T10:00:00Z",
    )
    follow_up = FollowUp.objects.create(appeal=appeal, due_on="2025-09-01", notes="Write again")
    document = AppealDocument.objects.create(
        appeal=appeal,
        language="fa",
        pdf_base64="JVBERi0=",
        sha256="0" * 64,
        named_count=1,
        unnamed_count=0,
    )
    return appeal, signatory, follow_up, document


def build_scenario(world: World) -> Scenario:
    contact = ContactDetail.objects.create(
        person=world.registration_a.person, kind=ContactKind.ADDRESS, value="Rruga e Kavajës 12"
    )
    pair = confirmed_pair(world, world.request_a, world.registration_a)
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
    second_pair = confirmed_pair(world, second_request, world.registration_a)
    pending_question = ask_sought_person(world.caseworker_a, second_pair, "app")
    message = Message.objects.create(
        case=world.request_a.case,
        direction="to_sought",
        body="call me on 0912 345 6789",
        flags=["phone"],
        status="held",
    )
    run = RelinkRun.objects.create(started_by=world.supervisor_a)
    document = model_document(shipped_model())
    model_version = ModelVersion.objects.create(
        version="learned-authz",
        document=document,
        sha256=document["sha256"],
        based_on=shipped_version(),
    )
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
    mapping = ColumnMapping.objects.create(
        agency=world.agency_a, name="authz", kind="requests", columns={"first": "given"}
    )
    visit = Visit.objects.create(case=world.request_a.case, host_country="Albania")
    application = TravelApplication.objects.create(
        visit=visit, traveller="seeker", kind="host_visa", authority="Embassy", country="Albania"
    )
    checklist_item = ChecklistItem.objects.create(application=application, label="Passport")
    appeal, signatory, follow_up, appeal_document = _appeal(world)
    letter = GeneratedLetter.objects.create(
        case=world.request_a.case,
        kind="summary",
        language="en",
        template=LetterTemplate.objects.create(
            agency=world.agency_a, kind="summary", language="en", version=1, subject="S", body="B"
        ),
        template_version=1,
        pdf="JVBERi0=",
        size=5,
        created_by_label="authz",
    )
    return Scenario(
        world=world,
        pair=pair,
        question=question,
        decision=decision,
        pending_question=pending_question,
        message=message,
        run=run,
        model_version=model_version,
        contact=contact,
        import_row=import_row,
        mapping=mapping,
        visit=visit,
        application=application,
        checklist_item=checklist_item,
        appeal=appeal,
        signatory=signatory,
        follow_up=follow_up,
        appeal_document=appeal_document,
        letter=letter,
    )
