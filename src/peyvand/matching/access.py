"""Access to candidate pairs and re-link runs: the request agency's staff; DPO and admin: all."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from peyvand.accounts.models import Role, User
from peyvand.accounts.roles import is_active_user, staff_may_write, staff_rows
from peyvand.audit.fetch import fetch_or_refuse
from peyvand.core.access import NotFound
from peyvand.matching.models import CandidatePair


def pairs_visible_to(user: User) -> QuerySet[CandidatePair]:
    """Candidate pairs whose tracing request belongs to the user's agency."""
    rows = CandidatePair.objects.all()
    if not is_active_user(user) or user.role in (Role.SEEKER, Role.REGISTRANT):
        return rows.none()
    return staff_rows(user, rows, "tracing_request__agency")


def access_candidate_pair(user: User, pair_id: Any, write: bool = False) -> CandidatePair:
    """Return the pair or raise NotFound, alike for missing and forbidden; audited."""
    return fetch_or_refuse(
        user,
        pairs_visible_to(user).select_related(
            "tracing_request__sought", "tracing_request__case", "registration__person"
        ),
        CandidatePair,
        pair_id,
        write=write,
        writable=staff_may_write(user),
    )


def require_relink_right(user: User) -> None:
    """Starting a full re-link is for supervisors and administrators."""
    if not is_active_user(user) or user.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise NotFound()
