"""Writes to visits and travel applications; each in a transaction, each audited.

Audit details carry ids, kinds and decisions, never places, reasons or notes: those are
encrypted in the tables and must not be copied into the trail."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peyvand.accounts.models import User
from peyvand.audit.services import record_event
from peyvand.tracing.models import Case, CaseState
from peyvand.visits.checklists import DEFAULT_CHECKLISTS
from peyvand.visits.models import (
    ApplicationKind,
    ChecklistItem,
    Decision,
    TravelApplication,
    Traveller,
    Visit,
    VisitStatus,
)

# Visits in these states can still change; met and cancelled visits are history.
OPEN_VISIT_STATES = frozenset({VisitStatus.PLANNED, VisitStatus.SCHEDULED})


def _staff(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def _require_open(visit: Visit) -> None:
    if visit.status not in OPEN_VISIT_STATES:
        raise ValidationError(_("This visit is over or cancelled and can no longer change."))


def _not_future(value: datetime.date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: [_("This date is in the future.")]})


def plan_visit(
    actor: User | None,
    case: Case,
    *,
    host_country: str,
    meeting_place: str = "",
    meeting_date: datetime.date | None = None,
) -> Visit:
    """Plan a visit on a case whose parties are in contact (and only then)."""
    if case.state != CaseState.CONTACT_ESTABLISHED:
        raise ValidationError(_("A visit can be planned only once contact is established."))
    if not host_country.strip():
        raise ValidationError({"host_country": [_("Say in which country the meeting happens.")]})
    with transaction.atomic():
        visit = Visit.objects.create(
            case=case,
            host_country=host_country.strip(),
            meeting_place=meeting_place.strip(),
            meeting_date=meeting_date,
            created_by=_staff(actor),
        )
        record_event(actor, "visit.planned", visit, details={"case": case.pk})
    return visit


def add_application(
    actor: User | None,
    visit: Visit,
    *,
    traveller: str,
    kind: str,
    authority: str,
    country: str,
    traveller_label: str = "",
    deadline: datetime.date | None = None,
    deadline_label: str = "",
    passport_number: str = "",
) -> TravelApplication:
    """Add a visa or travel-document application, with the usual checklist for its kind."""
    _require_open(visit)
    errors: dict[str, list[str]] = {}
    if traveller not in Traveller.values:
        errors["traveller"] = [_("Say who travels.")]
    elif traveller == Traveller.OTHER and not traveller_label.strip():
        errors["traveller_label"] = [_("Say which family member travels.")]
    if kind not in ApplicationKind.values:
        errors["kind"] = [_("Say what is applied for.")]
    if not authority.strip():
        errors["authority"] = [_("Name the embassy, consulate or office that decides.")]
    if not country.strip():
        errors["country"] = [_("Say which country's document this is.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application = TravelApplication.objects.create(
            visit=visit,
            traveller=traveller,
            traveller_label=traveller_label.strip() if traveller == Traveller.OTHER else "",
            kind=kind,
            authority=authority.strip(),
            country=country.strip(),
            deadline=deadline,
            deadline_label=deadline_label.strip() if deadline else "",
            passport_number=" ".join(passport_number.split()),
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(application=application, label=label)
            for label in DEFAULT_CHECKLISTS[kind]
        )
        record_event(
            actor,
            "visit.application_added",
            application,
            details={"visit": visit.pk, "kind": kind, "traveller": traveller},
        )
    return application


def add_checklist_item(
    actor: User | None, application: TravelApplication, label: str
) -> ChecklistItem:
    """Add a document or step this authority asks for beyond the usual list."""
    _require_open(application.visit)
    if not label.strip():
        raise ValidationError({"label": [_("Name the document or step.")]})
    with transaction.atomic():
        item = ChecklistItem.objects.create(application=application, label=label.strip()[:200])
        record_event(
            actor, "visit.checklist_item_added", item, details={"application": application.pk}
        )
    return item


def tick_checklist_item(actor: User | None, item: ChecklistItem, *, done: bool) -> ChecklistItem:
    """Mark a checklist item done (or not done again)."""
    _require_open(item.application.visit)
    if item.done == done:
        return item
    with transaction.atomic():
        item.done = done
        item.done_at = timezone.now() if done else None
        item.save(update_fields=["done", "done_at"])
        record_event(
            actor,
            "visit.checklist_item_ticked",
            item,
            details={"application": item.application_id, "done": done},
        )
    return item


def record_submission(
    actor: User | None, application: TravelApplication, submitted_on: datetime.date
) -> TravelApplication:
    """Record the day the application was handed in."""
    _require_open(application.visit)
    _not_future(submitted_on, "submitted_on")
    with transaction.atomic():
        application.submitted_on = submitted_on
        application.save(update_fields=["submitted_on", "updated_at"])
        record_event(actor, "visit.application_submitted", application)
    return application


def record_decision(
    actor: User | None,
    application: TravelApplication,
    decision: str,
    decided_on: datetime.date,
    *,
    refusal_reason: str = "",
) -> TravelApplication:
    """Record the authority's answer. A refusal keeps the reason given: reports count refusals
    by authority, and the next application to the same office should know it."""
    _require_open(application.visit)
    errors: dict[str, list[str]] = {}
    if decision not in (Decision.APPROVED, Decision.REFUSED, Decision.WITHDRAWN):
        errors["decision"] = [_("Choose approved, refused or withdrawn.")]
    if decision == Decision.REFUSED and not refusal_reason.strip():
        errors["refusal_reason"] = [
            _("Write the reason given for the refusal (or that none was given).")
        ]
    if decided_on > timezone.localdate():
        errors["decided_on"] = [_("This date is in the future.")]
    elif application.submitted_on and decided_on < application.submitted_on:
        errors["decided_on"] = [_("The decision cannot come before the submission.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        previous = application.decision
        application.decision = decision
        application.decided_on = decided_on
        application.refusal_reason = refusal_reason.strip() if decision == Decision.REFUSED else ""
        application.save(update_fields=["decision", "decided_on", "refusal_reason", "updated_at"])
        record_event(
            actor,
            "visit.application_decided",
            application,
            details={"from": previous, "to": decision},
        )
    return application


def set_deadline(
    actor: User | None,
    application: TravelApplication,
    deadline: datetime.date | None,
    label: str = "",
) -> TravelApplication:
    """Set, move or clear an application's deadline. A moved deadline gets its own reminder."""
    _require_open(application.visit)
    if deadline is not None and not label.strip():
        raise ValidationError({"deadline_label": [_("Say what the deadline is for.")]})
    with transaction.atomic():
        application.deadline = deadline
        application.deadline_label = label.strip() if deadline else ""
        application.save(update_fields=["deadline", "deadline_label", "updated_at"])
        record_event(
            actor,
            "visit.deadline_set",
            application,
            details={"deadline": deadline.isoformat() if deadline else None},
        )
    return application


def schedule_meeting(
    actor: User | None, visit: Visit, *, meeting_place: str, meeting_date: datetime.date
) -> Visit:
    """Fix where and when the family meets."""
    _require_open(visit)
    with transaction.atomic():
        visit.meeting_place = meeting_place.strip()
        visit.meeting_date = meeting_date
        visit.status = VisitStatus.SCHEDULED
        visit.save(update_fields=["meeting_place", "meeting_date", "status", "updated_at"])
        record_event(actor, "visit.scheduled", visit, details={"case": visit.case_id})
    return visit


def record_meeting(
    actor: User | None,
    visit: Visit,
    *,
    meeting_place: str,
    meeting_date: datetime.date,
    outcome_notes: str,
) -> Visit:
    """Record that the meeting took place: where, when, and how it went."""
    _require_open(visit)
    _not_future(meeting_date, "meeting_date")
    with transaction.atomic():
        visit.meeting_place = meeting_place.strip()
        visit.meeting_date = meeting_date
        visit.outcome_notes = outcome_notes.strip()
        visit.status = VisitStatus.MET
        visit.save(
            update_fields=["meeting_place", "meeting_date", "outcome_notes", "status", "updated_at"]
        )
        record_event(actor, "visit.met", visit, details={"case": visit.case_id})
    return visit


def cancel_visit(actor: User | None, visit: Visit, reason: str) -> Visit:
    """Call a visit off; pending applications stay as they are, their deadlines stop reminding."""
    _require_open(visit)
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason for cancelling the visit.")]})
    with transaction.atomic():
        visit.status = VisitStatus.CANCELLED
        visit.save(update_fields=["status", "updated_at"])
        record_event(
            actor, "visit.cancelled", visit, reason=reason.strip(), details={"case": visit.case_id}
        )
    return visit
