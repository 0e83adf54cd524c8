"""Writes to appeals: each in a transaction, each audited (ids and field names, never values).

Families sign of their own will and may withdraw at any time; nothing here reminds or chases
them. A text families have signed is not changed under their signatures: texts are edited only
while the appeal is a draft without signatures.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peyvand.accounts.models import Agency, User
from peyvand.accounts.roles import agency_scope, staff_may_write
from peyvand.appeals.models import (
    Appeal,
    AppealLanguage,
    AppealStatus,
    AppealText,
    AuthorityResponse,
    Delivery,
    DeliveryChannel,
    FollowUp,
    Signatory,
    SignedVia,
)
from peyvand.audit.services import record_event
from peyvand.tracing.models import TracingRequest
from peyvand.tracing.seeker import seeker_label

# Where an appeal may go from each status. Delivery and response move it on by themselves.
MOVES: dict[str, frozenset[str]] = {
    AppealStatus.DRAFT: frozenset({AppealStatus.OPEN, AppealStatus.CLOSED}),
    AppealStatus.OPEN: frozenset({AppealStatus.DRAFT, AppealStatus.DELIVERED, AppealStatus.CLOSED}),
    AppealStatus.DELIVERED: frozenset(
        {AppealStatus.OPEN, AppealStatus.ANSWERED, AppealStatus.CLOSED}
    ),
    AppealStatus.ANSWERED: frozenset({AppealStatus.DELIVERED, AppealStatus.CLOSED}),
    AppealStatus.CLOSED: frozenset(),
}


def _require_writer(actor: User, agency_id: int) -> None:
    """Caseworkers and supervisors of the appeal's agency, and the admin; the DPO only reads."""
    try:
        scope = agency_scope(actor)
        in_agency = scope is None or actor.agency_id == agency_id
    except LookupError:  # not staff at all
        in_agency = False
    if not (staff_may_write(actor) and in_agency):
        raise ValidationError(_("You may not change this appeal."))


def _clean_text(language: str, title: str, body: str) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    if language not in AppealLanguage.values:
        errors["language"] = [_("Choose Persian, English or Albanian.")]
    if not title.strip():
        errors["title"] = [_("Give the appeal a title.")]
    if not body.strip():
        errors["body"] = [_("Write the text of the appeal.")]
    if errors:
        raise ValidationError(errors)
    return title.strip(), body.strip()


def active_signatures(appeal: Appeal) -> Iterable[Signatory]:
    return appeal.signatories.filter(withdrawn_at__isnull=True)


@transaction.atomic
def create_appeal(
    actor: User,
    agency: Agency,
    *,
    addressee: str,
    date: datetime.date,
    language: str,
    title: str,
    body: str,
) -> Appeal:
    """A new draft appeal with its first text."""
    _require_writer(actor, agency.pk)
    if not addressee.strip():
        raise ValidationError({"addressee": [_("Say which authority the appeal is addressed to.")]})
    title, body = _clean_text(language, title, body)
    appeal = Appeal.objects.create(
        agency=agency, addressee=addressee.strip(), date=date, created_by=actor
    )
    AppealText.objects.create(appeal=appeal, language=language, title=title, body=body)
    record_event(actor, "appeal.created", appeal, details={"language": language})
    return appeal


@transaction.atomic
def edit_appeal(actor: User, appeal: Appeal, *, addressee: str, date: datetime.date) -> Appeal:
    """Change the addressee or the date (not once the appeal is closed)."""
    _require_writer(actor, appeal.agency_id)
    if appeal.status == AppealStatus.CLOSED:
        raise ValidationError(_("This appeal is closed."))
    if not addressee.strip():
        raise ValidationError({"addressee": [_("Say which authority the appeal is addressed to.")]})
    changed = [
        name
        for name, old, new in (
            ("addressee", appeal.addressee, addressee.strip()),
            ("date", appeal.date, date),
        )
        if old != new
    ]
    appeal.addressee = addressee.strip()
    appeal.date = date
    appeal.save(update_fields=["addressee", "date"])
    record_event(actor, "appeal.edited", appeal, details={"fields": changed})
    return appeal


@transaction.atomic
def save_appeal_text(
    actor: User, appeal: Appeal, *, language: str, title: str, body: str
) -> AppealText:
    """Add or replace the text in one language, while no family has signed the draft."""
    _require_writer(actor, appeal.agency_id)
    title, body = _clean_text(language, title, body)
    if appeal.status != AppealStatus.DRAFT or appeal.signatories.exists():
        raise ValidationError(
            _("Families have seen or signed this text: it can only change in a draft.")
        )
    text, created = AppealText.objects.update_or_create(
        appeal=appeal, language=language, defaults={"title": title, "body": body}
    )
    record_event(
        actor,
        "appeal.text_saved",
        appeal,
        details={"language": language, "new": created},
    )
    return text


@transaction.atomic
def change_appeal_status(actor: User, appeal: Appeal, status: str) -> Appeal:
    """Move the appeal along (see MOVES). Back to draft only while nobody has signed."""
    _require_writer(actor, appeal.agency_id)
    if status not in MOVES.get(appeal.status, frozenset()):
        raise ValidationError(_("The appeal cannot move to that status now."))
    if status == AppealStatus.OPEN and not appeal.texts.exists():
        raise ValidationError(_("Write the text before opening the appeal for signatures."))
    if status == AppealStatus.DRAFT and appeal.signatories.exists():
        raise ValidationError(_("Families have signed: the appeal cannot go back to a draft."))
    return _move(actor, appeal, status)


def _move(actor: User | None, appeal: Appeal, status: str) -> Appeal:
    previous = appeal.status
    appeal.status = status
    appeal.save(update_fields=["status"])
    record_event(actor, "appeal.status_changed", appeal, details={"from": previous, "to": status})
    return appeal


def _may_sign(appeal: Appeal, tracing_request: TracingRequest) -> None:
    if appeal.status != AppealStatus.OPEN:
        raise ValidationError(_("This appeal is not open for signatures."))
    if tracing_request.agency_id != appeal.agency_id or tracing_request.withdrawn_at is not None:
        raise ValidationError(_("This family cannot sign this appeal."))


def _sign(
    actor: User | None,
    appeal: Appeal,
    tracing_request: TracingRequest,
    *,
    listed: bool,
    via: str,
    label: str = "",
) -> Signatory:
    """Sign, or sign again after a withdrawal (one row per family and appeal); audited."""
    _may_sign(appeal, tracing_request)
    signatory, created = Signatory.objects.update_or_create(
        appeal=appeal,
        tracing_request=tracing_request,
        defaults={
            "listed": listed,
            "signed_via": via,
            "recorded_by": actor,
            "signed_at": timezone.now(),
            "withdrawn_at": None,
        },
    )
    record_event(
        actor,
        "appeal.signed",
        signatory,
        details={
            "appeal": appeal.pk,
            "tracing_request": tracing_request.pk,
            "listed": listed,
            "via": via,
            "again": not created,
        },
        label=label,
    )
    return signatory


@transaction.atomic
def add_signatories(
    actor: User, appeal: Appeal, tracing_requests: Iterable[TracingRequest], *, listed: bool
) -> list[Signatory]:
    """Record the signatures families gave a caseworker (in person, by phone, on paper), each
    with the family's choice whether its name may be listed."""
    _require_writer(actor, appeal.agency_id)
    return [
        _sign(actor, appeal, tracing_request, listed=listed, via=SignedVia.STAFF)
        for tracing_request in tracing_requests
    ]


@transaction.atomic
def sign_from_track_page(
    tracing_request: TracingRequest, appeal: Appeal, *, listed: bool
) -> Signatory:
    """The seeker signs for their own family on the track page."""
    return _sign(
        None,
        appeal,
        tracing_request,
        listed=listed,
        via=SignedVia.TRACK_PAGE,
        label=seeker_label(tracing_request),
    )


@transaction.atomic
def withdraw_signature(signatory: Signatory, *, actor: User | None = None) -> Signatory:
    """Withdraw a family's signature: by the seeker (``actor`` None) or by staff on the family's
    word. Later documents no longer print or count the family."""
    if actor is not None:
        _require_writer(actor, signatory.appeal.agency_id)
    if signatory.withdrawn_at is not None:
        return signatory
    signatory.withdrawn_at = timezone.now()
    signatory.save(update_fields=["withdrawn_at"])
    label = "" if actor is not None else seeker_label(signatory.tracing_request)
    record_event(
        actor,
        "appeal.signature_withdrawn",
        signatory,
        details={"appeal": signatory.appeal_id, "by": "staff" if actor else "seeker"},
        label=label,
    )
    return signatory


@transaction.atomic
def record_delivery(
    actor: User,
    appeal: Appeal,
    *,
    date: datetime.date,
    channel: str,
    recipient: str = "",
    reference: str = "",
    notes: str = "",
) -> Delivery:
    """The appeal reached the authority; an appeal still open moves to delivered."""
    _require_writer(actor, appeal.agency_id)
    if appeal.status in (AppealStatus.DRAFT, AppealStatus.CLOSED):
        raise ValidationError(_("Only an appeal that was opened can be delivered."))
    if channel not in DeliveryChannel.values:
        raise ValidationError({"channel": [_("Choose how the appeal was delivered.")]})
    delivery = Delivery.objects.create(
        appeal=appeal,
        date=date,
        channel=channel,
        recipient=recipient.strip(),
        reference=reference.strip(),
        notes=notes.strip(),
        recorded_by=actor,
    )
    record_event(
        actor, "appeal.delivered", delivery, details={"appeal": appeal.pk, "channel": channel}
    )
    if appeal.status == AppealStatus.OPEN:
        _move(actor, appeal, AppealStatus.DELIVERED)
    return delivery


@transaction.atomic
def record_response(
    actor: User,
    appeal: Appeal,
    *,
    received_on: datetime.date,
    summary: str,
    next_step: str = "",
) -> AuthorityResponse:
    """The authority answered; a delivered appeal moves to answered."""
    _require_writer(actor, appeal.agency_id)
    if not appeal.deliveries.exists():
        raise ValidationError(_("Record the delivery before the authority's answer."))
    if not summary.strip():
        raise ValidationError({"summary": [_("Say what the authority answered.")]})
    response = AuthorityResponse.objects.create(
        appeal=appeal,
        received_on=received_on,
        summary=summary.strip(),
        next_step=next_step.strip(),
        recorded_by=actor,
    )
    record_event(
        actor,
        "appeal.response_recorded",
        response,
        details={"appeal": appeal.pk, "next_step": bool(next_step.strip())},
    )
    if appeal.status == AppealStatus.DELIVERED:
        _move(actor, appeal, AppealStatus.ANSWERED)
    return response


@transaction.atomic
def add_follow_up(
    actor: User,
    appeal: Appeal,
    *,
    due_on: datetime.date,
    notes: str,
    response: AuthorityResponse | None = None,
) -> FollowUp:
    """Something to do by ``due_on``, on the appeal or after one of its responses."""
    _require_writer(actor, appeal.agency_id)
    if response is not None and response.appeal_id != appeal.pk:
        raise ValidationError({"response": [_("That answer belongs to another appeal.")]})
    if not notes.strip():
        raise ValidationError({"notes": [_("Say what is to be done.")]})
    follow_up = FollowUp.objects.create(
        appeal=appeal, response=response, due_on=due_on, notes=notes.strip(), created_by=actor
    )
    record_event(
        actor,
        "appeal.follow_up_added",
        follow_up,
        details={"appeal": appeal.pk, "response": response.pk if response else None},
    )
    return follow_up


@transaction.atomic
def complete_follow_up(actor: User, follow_up: FollowUp) -> FollowUp:
    """Mark a follow-up done (once)."""
    _require_writer(actor, follow_up.appeal.agency_id)
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at"])
        record_event(
            actor, "appeal.follow_up_done", follow_up, details={"appeal": follow_up.appeal_id}
        )
    return follow_up
