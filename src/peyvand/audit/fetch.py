"""The shared step of every access function: fetch one record through the user's visible rows,
and audit the access or the refusal."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from peyvand.accounts.models import User
from peyvand.audit.services import record_event
from peyvand.core.access import NotFound

M = TypeVar("M", bound=models.Model)


def fetch_or_refuse(
    user: User,
    visible: models.QuerySet[M],
    model: type[M],
    record_id: Any,
    *,
    write: bool,
    writable: bool,
) -> M:
    """Fetch ``record_id`` from the user's ``visible`` rows, auditing the access or the refusal.

    The refusal is audited with the id asked for, whether the row exists or not; the caller
    gets the same ``NotFound`` in both cases.
    """
    target = (model._meta.label_lower, record_id)
    try:
        pk = int(record_id)
    except (TypeError, ValueError):
        record_event(user, "access.refused", target, details={"write": write})
        raise NotFound() from None
    record = visible.filter(pk=pk).first()
    if record is None or (write and not writable):
        record_event(user, "access.refused", target, details={"write": write})
        raise NotFound()
    record_event(user, "access.write" if write else "access.read", record)
    return record
