"""Access to questions put to a sought person and to their decisions."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from peyvand.accounts.models import Role, User
from peyvand.accounts.roles import is_active_user, staff_may_write, staff_rows
from peyvand.audit.fetch import fetch_or_refuse
from peyvand.consent.models import Decision, DecisionRequest
from peyvand.matching.models import PairStatus
from peyvand.people.models import ContactDetail, ContactKind
from peyvand.tracing.models import Case, Registration


def questions_visible_to(user: User) -> QuerySet[DecisionRequest]:
    """A registrant: the questions put to them. Staff: those of their agency's requests."""
    rows = DecisionRequest.objects.all()
    if not is_active_user(user) or user.role == Role.SEEKER:
        return rows.none()
    if user.role == Role.REGISTRANT:
        return rows.filter(registration__user=user)
    return staff_rows(user, rows, "tracing_request__agency")


def access_question(user: User, question_id: Any, write: bool = False) -> DecisionRequest:
    """Return the question or raise NotFound, alike for missing and forbidden; audited."""
    writable = user.role == Role.REGISTRANT or staff_may_write(user)
    return fetch_or_refuse(
        user,
        questions_visible_to(user).select_related("registration__person", "tracing_request"),
        DecisionRequest,
        question_id,
        write=write,
        writable=writable,
    )


def decisions_visible_to(user: User) -> QuerySet[Decision]:
    """A registrant: their own decisions. Staff: those of their agency's requests."""
    rows = Decision.objects.all()
    if not is_active_user(user) or user.role == Role.SEEKER:
        return rows.none()
    if user.role == Role.REGISTRANT:
        return rows.filter(registration__user=user)
    return staff_rows(user, rows, "tracing_request__agency")


def access_decision(user: User, decision_id: Any, write: bool = False) -> Decision:
    """Return the decision or raise NotFound, alike for missing and forbidden; audited."""
    writable = user.role == Role.REGISTRANT or staff_may_write(user)
    return fetch_or_refuse(
        user,
        decisions_visible_to(user),
        Decision,
        decision_id,
        write=write,
        writable=writable,
    )


def may_see_address(user: User, registration: Registration) -> bool:
    """Field-level rule: a sought person's current address is shown to staff only when they are
    the DPO or the caseworker assigned to a case this registration is linked to (a confirmed
    match or a question put to the person). The person sees their own; nobody else does —
    not supervisors, not administrators, not other caseworkers of the same agency."""
    if not is_active_user(user):
        return False
    if user.role == Role.DPO:
        return True
    if user.role == Role.REGISTRANT:
        return registration.user_id == user.pk
    if user.role != Role.CASEWORKER:
        return False
    linked = Q(
        tracing_request__candidate_pairs__registration=registration,
        tracing_request__candidate_pairs__status=PairStatus.CONFIRMED,
    ) | Q(tracing_request__decision_requests__registration=registration)
    return Case.objects.filter(linked, assigned_to=user).exists()


def contacts_shown_to(user: User, registration: Registration) -> list[ContactDetail]:
    """The registered person's contact details as a staff page may show them to this user:
    addresses left out unless ``may_see_address``. Use this wherever staff see contacts."""
    contacts = list(registration.person.contacts.all())
    if may_see_address(user, registration):
        return contacts
    return [contact for contact in contacts if contact.kind != ContactKind.ADDRESS]
