"""Who sees which import batches and quarantined rows: agency staff their agency's, the DPO and
the admin all (read only). Only caseworkers and supervisors of an agency import into it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from peyvand.accounts.models import AGENCY_ROLES, STAFF_ROLES, User
from peyvand.accounts.roles import is_active_user, staff_rows
from peyvand.audit.fetch import fetch_or_refuse
from peyvand.core.access import NotFound
from peyvand.intake.models import ColumnMapping, ImportBatch, ImportRow


def may_import(user: User) -> bool:
    """Caseworkers and supervisors import into their own agency; nobody else does."""
    return is_active_user(user) and user.role in AGENCY_ROLES and user.agency_id is not None


def require_intake_reader(user: User) -> None:
    """Staff may open the intake pages; everyone else gets the same 404 as a missing page."""
    if not is_active_user(user) or user.role not in STAFF_ROLES:
        raise NotFound()


def batches_visible_to(user: User) -> QuerySet[ImportBatch]:
    if not is_active_user(user):
        return ImportBatch.objects.none()
    return staff_rows(user, ImportBatch.objects.all())


def access_batch(user: User, batch_id: Any, write: bool = False) -> ImportBatch:
    """The batch or NotFound, alike for missing and forbidden; audited."""
    return fetch_or_refuse(
        user,
        batches_visible_to(user),
        ImportBatch,
        batch_id,
        write=write,
        writable=may_import(user),
    )


def rows_visible_to(user: User) -> QuerySet[ImportRow]:
    if not is_active_user(user):
        return ImportRow.objects.none()
    return staff_rows(user, ImportRow.objects.all())


def access_import_row(user: User, row_id: Any, write: bool = False) -> ImportRow:
    """A quarantined (or imported) row or NotFound; audited."""
    return fetch_or_refuse(
        user, rows_visible_to(user), ImportRow, row_id, write=write, writable=may_import(user)
    )


def mappings_visible_to(user: User) -> QuerySet[ColumnMapping]:
    """Agency staff see their agency's saved mappings, the DPO and the admin all (read only)."""
    if not is_active_user(user):
        return ColumnMapping.objects.none()
    return staff_rows(user, ColumnMapping.objects.all())


def access_mapping(user: User, mapping_id: Any, write: bool = False) -> ColumnMapping:
    """A saved column mapping or NotFound, alike for missing and forbidden; audited."""
    return fetch_or_refuse(
        user,
        mappings_visible_to(user),
        ColumnMapping,
        mapping_id,
        write=write,
        writable=may_import(user),
    )
