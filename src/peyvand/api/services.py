"""Issuing, revoking and checking API tokens; each write in a transaction and audited."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peyvand.accounts.models import Agency, User
from peyvand.api.models import ApiToken, Scope
from peyvand.audit.services import record_event

TOKEN_PREFIX = "pvk"  # noqa: S105 - a public marker, not a secret
# last_used_at is a hint for administrators, written at most once a minute per token.
_LAST_USED_RESOLUTION = timedelta(minutes=1)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(
    actor: User | None, agency: Agency, name: str, scopes: list[str]
) -> tuple[ApiToken, str]:
    """Create a token for ``agency``; returns the row and the secret, which is never stored."""
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the token a name.")]
    elif ApiToken.objects.filter(name=name).exists():
        errors["name"] = [_("A token with this name exists already.")]
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown or not scopes:
        errors["scopes"] = [_("Choose one or more of the known scopes.")]
    if errors:
        raise ValidationError(errors)
    key_id = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            agency=agency,
            name=name,
            key_id=key_id,
            token_hash=_digest(raw),
            scopes=sorted(set(scopes)),
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        record_event(actor, "api_token.issued", token, details={"scopes": token.scopes})
    return token, raw


def revoke_token(actor: User | None, token: ApiToken, reason: str = "") -> ApiToken:
    """Stop a token at once. Revoking twice changes nothing."""
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(actor, "api_token.revoked", token, reason=reason)
    return token


def authenticate_token(raw: str) -> ApiToken | None:
    """The live token that ``raw`` is, or None. The hash is compared in constant time."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or len(parts[1]) != 12:
        return None
    token = (
        ApiToken.objects.select_related("agency")
        .filter(key_id=parts[1], revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.token_hash, _digest(raw)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
