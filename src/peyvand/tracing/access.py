"""Access functions for tracing requests, registrations and cases."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from peyvand.accounts.models import Role, User
from peyvand.accounts.roles import is_active_user, staff_may_write, staff_rows
from peyvand.core.access import fetch_or_refuse
from peyvand.tracing.models import Case, Registration, TracingRequest


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
