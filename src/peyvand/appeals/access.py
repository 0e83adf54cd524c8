"""Access to appeals and their parts: staff of the appeal's agency, the DPO and the admin.

Seekers reach appeals only through their track-page session (:func:`appeals_for_seeker`), never
by account: an appeal is the agency's work, a signature is the family's.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from peyvand.accounts.models import User
from peyvand.accounts.roles import staff_may_write, staff_rows
from peyvand.appeals.models import (
    Appeal,
    AppealDocument,
    AppealStatus,
    FollowUp,
    Signatory,
)
from peyvand.audit.fetch import fetch_or_refuse
from peyvand.audit.services import record_event
from peyvand.core.access import NotFound
from peyvand.tracing.models import TracingRequest
from peyvand.tracing.seeker import seeker_label


def appeals_visible_to(user: User) -> QuerySet[Appeal]:
    """Staff: their agency's appeals (DPO and admin: all). Anyone else: none."""
    return staff_rows(user, Appeal.objects.all())


def access_appeal(user: User, appeal_id: Any, write: bool = False) -> Appeal:
    """Return the appeal or raise NotFound, alike for missing and forbidden; audited."""
    return fetch_or_refuse(
        user,
        appeals_visible_to(user).select_related("agency"),
        Appeal,
        appeal_id,
        write=write,
        writable=staff_may_write(user),
    )


def _part_of(
    user: User, appeal: Appeal, rows: QuerySet[Any], model: type[Any], part_id: Any, write: bool
) -> Any:
    return fetch_or_refuse(
        user,
        rows.filter(appeal=appeal),
        model,
        part_id,
        write=write,
        writable=staff_may_write(user),
    )


def access_signatory(user: User, appeal: Appeal, signatory_id: Any, write: bool = False) -> Any:
    """A signature on an appeal the user already reached through :func:`access_appeal`."""
    rows = Signatory.objects.select_related("appeal", "tracing_request")
    return _part_of(user, appeal, rows, Signatory, signatory_id, write)


def access_follow_up(user: User, appeal: Appeal, follow_up_id: Any, write: bool = False) -> Any:
    rows = FollowUp.objects.select_related("appeal")
    return _part_of(user, appeal, rows, FollowUp, follow_up_id, write)


def access_document(user: User, appeal: Appeal, document_id: Any) -> Any:
    rows = AppealDocument.objects.all()
    return _part_of(user, appeal, rows, AppealDocument, document_id, False)


def requests_may_sign(appeal: Appeal) -> QuerySet[TracingRequest]:
    """The appeal's agency's requests that have not been withdrawn and have not signed yet
    (or withdrew their signature and may sign again)."""
    signed = appeal.signatories.filter(withdrawn_at__isnull=True).values("tracing_request_id")
    return TracingRequest.objects.filter(
        agency_id=appeal.agency_id, withdrawn_at__isnull=True
    ).exclude(pk__in=signed)


def appeals_for_seeker(tracing_request: TracingRequest) -> QuerySet[Appeal]:
    """What the family of ``tracing_request`` may see: its agency's appeals open for signatures,
    and any appeal it has signed (to see or withdraw its signature)."""
    signed = Q(signatories__tracing_request=tracing_request, signatories__withdrawn_at__isnull=True)
    return (
        Appeal.objects.filter(agency_id=tracing_request.agency_id)
        .filter(Q(status=AppealStatus.OPEN) | signed)
        .distinct()
    )


def access_appeal_for_seeker(tracing_request: TracingRequest, appeal_id: Any) -> Appeal:
    """One appeal for the track page, or NotFound alike for missing and not theirs; audited."""
    try:
        pk = int(appeal_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    appeal = appeals_for_seeker(tracing_request).filter(pk=pk).first()
    label = seeker_label(tracing_request)
    if appeal is None:
        record_event(None, "access.refused", ("appeals.appeal", pk), label=label)
        raise NotFound()
    record_event(None, "access.read", appeal, label=label, details={"via": "track page"})
    return appeal
