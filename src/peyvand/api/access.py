"""What a token may see: the web UI's own access rules, applied for the token's agency.

A token acts as a caseworker of its agency would: the querysets come from the same
``*_visible_to`` functions the views use, called with a transient principal that carries the
token's agency and never touches the database. Every read and refusal is audited as the web
UI's ``fetch_or_refuse`` does, under the label "api token <name>".
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from ninja.errors import HttpError

from peyvand.accounts.models import Role, User
from peyvand.api.models import ApiToken
from peyvand.audit.services import record_event
from peyvand.core.access import NotFound

M = TypeVar("M", bound=models.Model)


def principal(token: ApiToken) -> User:
    """An unsaved stand-in user with the rights of a caseworker of the token's agency."""
    return User(
        username=token.label, role=Role.CASEWORKER, agency_id=token.agency_id, is_active=True
    )


def require_scope(token: ApiToken, scope: str) -> None:
    """Refuse (403) an operation the token was not issued for; audited."""
    if scope not in token.scopes:
        record_event(None, "api.scope_refused", token, details={"scope": scope}, label=token.label)
        raise HttpError(403, "This token is not allowed to do that.")


def audit_list(token: ApiToken, object_type: str, ids: list[int]) -> None:
    """One event for a page of a list: which records the token was shown."""
    record_event(None, "access.list", (object_type, "-"), details={"ids": ids}, label=token.label)


def fetch_for_token(
    token: ApiToken, visible: models.QuerySet[M], model: type[M], record_id: Any
) -> M:
    """The record from ``visible`` or NotFound, alike for missing and forbidden; audited."""
    target = (model._meta.label_lower, record_id)
    record = visible.filter(pk=record_id).first()
    if record is None:
        record_event(None, "access.refused", target, details={"write": False}, label=token.label)
        raise NotFound()
    record_event(None, "access.read", record, label=token.label)
    return record
