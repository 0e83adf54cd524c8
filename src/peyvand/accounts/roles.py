"""Role predicates shared by the access functions."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from peyvand.accounts.models import AGENCY_ROLES, Role, User

M = TypeVar("M", bound=models.Model)


def is_active_user(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def agency_scope(user: User, field: str = "agency") -> Q | None:
    """The filter on ``field`` that staff of one agency are held to; None means all agencies.

    Raises LookupError for users who are not staff at all.
    """
    if user.role in (Role.DPO, Role.ADMIN):
        return None
    if user.role in AGENCY_ROLES and user.agency_id is not None:
        return Q(**{f"{field}_id": user.agency_id})
    raise LookupError("not staff")


def staff_rows(user: User, rows: QuerySet[M], field: str = "agency") -> QuerySet[M]:
    """``rows`` narrowed to what a staff member may see by agency (``field`` names the path to
    the agency); no rows at all for anyone who is not staff."""
    try:
        scope = agency_scope(user, field)
    except LookupError:
        return rows.none()
    return rows if scope is None else rows.filter(scope)


def staff_may_write(user: User) -> bool:
    """DPOs read to audit; they do not change case data."""
    return user.role in (Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN)
