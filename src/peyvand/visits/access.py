"""Access to visits and travel applications: staff work, scoped to the case's agency."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from peyvand.accounts.models import Role, User
from peyvand.accounts.roles import is_active_user, staff_may_write, staff_rows
from peyvand.audit.fetch import fetch_or_refuse
from peyvand.visits.models import ChecklistItem, TravelApplication, Visit


def _staff_only(user: User) -> bool:
    return is_active_user(user) and user.role not in (Role.SEEKER, Role.REGISTRANT)


def visits_visible_to(user: User) -> QuerySet[Visit]:
    """Staff: the visits on their agency's cases. Seekers and registrants: none."""
    rows = Visit.objects.all()
    if not _staff_only(user):
        return rows.none()
    return staff_rows(user, rows, "case__agency")


def access_visit(user: User, visit_id: Any, write: bool = False) -> Visit:
    """Return the visit or raise NotFound, alike for missing and forbidden; audited."""
    return fetch_or_refuse(
        user,
        visits_visible_to(user).select_related("case__tracing_request", "case__agency"),
        Visit,
        visit_id,
        write=write,
        writable=staff_may_write(user),
    )


def applications_visible_to(user: User) -> QuerySet[TravelApplication]:
    """Staff: the applications on their agency's cases. Seekers and registrants: none."""
    rows = TravelApplication.objects.all()
    if not _staff_only(user):
        return rows.none()
    return staff_rows(user, rows, "visit__case__agency")


def access_application(user: User, application_id: Any, write: bool = False) -> TravelApplication:
    """Return the application or raise NotFound, alike for missing and forbidden; audited."""
    return fetch_or_refuse(
        user,
        applications_visible_to(user).select_related("visit__case"),
        TravelApplication,
        application_id,
        write=write,
        writable=staff_may_write(user),
    )


def access_checklist_item(user: User, item_id: Any, write: bool = False) -> ChecklistItem:
    """Return the checklist item or raise NotFound, alike for missing and forbidden; audited."""
    rows = ChecklistItem.objects.none()
    if _staff_only(user):
        rows = staff_rows(user, ChecklistItem.objects.all(), "application__visit__case__agency")
    return fetch_or_refuse(
        user,
        rows.select_related("application__visit"),
        ChecklistItem,
        item_id,
        write=write,
        writable=staff_may_write(user),
    )
