"""Access functions for tracing requests, registrations and cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from peyvand.accounts.models import AGENCY_ROLES, Role, User
from peyvand.accounts.roles import is_active_user, staff_may_write, staff_rows
from peyvand.audit.fetch import fetch_or_refuse
from peyvand.audit.services import record_event
from peyvand.people.models import ContactDetail
from peyvand.tracing.models import Case, CaseNote, CaseState, Registration, TracingRequest


def requests_visible_to(user: User) -> QuerySet[TracingRequest]:
    """Staff: their agency's requests. A seeker: the requests they filed. Others: none."""
    rows = TracingRequest.objects.all()
    if not is_active_user(user) or user.role == Role.REGISTRANT:
        return rows.none()
    if user.role == Role.SEEKER:
        return rows.filter(seeker_user=user)
    return staff_rows(user, rows)


def access_tracing_request(user: User, request_id: Any, write: bool = False) -> TracingRequest:
    """Return the request or raise NotFound, alike for missing and forbidden; audited."""
    writable = user.role == Role.SEEKER or staff_may_write(user)
    return fetch_or_refuse(
        user,
        requests_visible_to(user),
        TracingRequest,
        request_id,
        write=write,
        writable=writable,
    )


def registrations_visible_to(user: User) -> QuerySet[Registration]:
    """Staff: their agency's registrations. A registrant: their own. Seekers: never."""
    rows = Registration.objects.all()
    if not is_active_user(user) or user.role == Role.SEEKER:
        return rows.none()
    if user.role == Role.REGISTRANT:
        return rows.filter(user=user)
    return staff_rows(user, rows)


def access_registration(user: User, registration_id: Any, write: bool = False) -> Registration:
    """Return the registration or raise NotFound, alike for missing and forbidden; audited."""
    writable = user.role == Role.REGISTRANT or staff_may_write(user)
    return fetch_or_refuse(
        user,
        registrations_visible_to(user),
        Registration,
        registration_id,
        write=write,
        writable=writable,
    )


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Cases are staff work: only staff see them, agency staff only their agency's."""
    rows = Case.objects.all()
    if not is_active_user(user) or user.role in (Role.SEEKER, Role.REGISTRANT):
        return rows.none()
    return staff_rows(user, rows)


def seeker_additions_visible_to(user: User) -> QuerySet[CaseNote]:
    """What seekers added on the track page (notes without a staff author) to the open cases
    ``user`` sees, newest first."""
    return (
        CaseNote.objects.filter(case__in=cases_visible_to(user), author__isnull=True)
        .exclude(case__state=CaseState.CLOSED)
        .select_related("case__tracing_request")
        .order_by("-created_at", "-id")
    )


def access_case(user: User, case_id: Any, write: bool = False) -> Case:
    """Return the case or raise NotFound, alike for missing and forbidden; audited."""
    return fetch_or_refuse(
        user,
        cases_visible_to(user),
        Case,
        case_id,
        write=write,
        writable=staff_may_write(user),
    )


def may_reach_seeker(user: User, case: Case) -> bool:
    """Field-level rule for how to reach the seeker (their phone, e-mail, address, the
    circumstances and the message they wrote for the sought person): the staff member assigned
    to the case, of the request's own agency, and the DPO (who audits). Not supervisors, not
    administrators, not other caseworkers of the agency: least privilege — a supervisor who must
    call the family assigns the case to themself first, and that assignment is audited."""
    if not is_active_user(user):
        return False
    if user.role == Role.DPO:
        return True
    return (
        user.role in AGENCY_ROLES
        and case.assigned_to_id == user.pk
        and user.agency_id == case.tracing_request.agency_id
    )


@dataclass
class SeekerReach:
    """What the case page shows of how to reach the seeker, to the one who may see it."""

    contacts: list[ContactDetail] = field(default_factory=list)
    circumstances: str = ""
    message_for_sought: str = ""


def seeker_reach_shown_to(user: User, case: Case) -> SeekerReach | None:
    """The seeker's contact details and own words for this user, or None when the user may not
    see them (``may_reach_seeker``). Every showing is audited as ``seeker_contact.read``."""
    if not may_reach_seeker(user, case):
        return None
    tracing_request = case.tracing_request
    contacts = list(tracing_request.seeker.contacts.order_by("id"))
    record_event(
        user,
        "seeker_contact.read",
        tracing_request,
        details={"contacts": len(contacts)},
    )
    return SeekerReach(
        contacts=contacts,
        circumstances=tracing_request.circumstances,
        message_for_sought=tracing_request.message_for_sought,
    )
