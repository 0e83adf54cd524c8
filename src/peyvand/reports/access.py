"""Who reads the reports, over which agencies' cases, and when an export leaves the agency.

Every staff role reads the dashboard: agency staff (caseworkers and supervisors) over their own
agency's cases only, the DPO and the admin over every agency. Counts come from
``cases_visible_to``, so a figure can never count another agency's cases for agency staff.
"""

from __future__ import annotations

from django.db.models import QuerySet

from peyvand.accounts.models import AGENCY_ROLES, Agency, User
from peyvand.accounts.staff_access import require_staff
from peyvand.tracing.access import cases_visible_to
from peyvand.tracing.models import Case


def require_report_reader(user: User, page: str) -> None:
    """Staff only; anyone else gets the same 404 as a missing page (audited)."""
    require_staff(user, page)


def agencies_for(user: User) -> QuerySet[Agency]:
    """The agencies the user may filter by: their own, or all for the DPO and the admin."""
    if user.sees_all_agencies:
        return Agency.objects.order_by("name")
    if user.agency_id is None:
        return Agency.objects.none()
    return Agency.objects.filter(pk=user.agency_id).order_by("name")


def report_cases(user: User, agency: Agency | None) -> QuerySet[Case]:
    """The cases the figures count: the user's visible cases, narrowed to ``agency`` if given."""
    cases = cases_visible_to(user)
    return cases if agency is None else cases.filter(agency=agency)


def stays_inside_agency(user: User, agency: Agency | None) -> bool:
    """True when an export covers only the user's own agency and so may keep exact counts.

    The DPO and the admin belong to no agency: whatever they export has left the agency that
    owns the cases, so it is always suppressed.
    """
    if user.role not in AGENCY_ROLES or user.agency_id is None:
        return False
    return agency is None or agency.pk == user.agency_id
