"""Bearer tokens for partner systems: one agency each, only a hash of the secret is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import Agency


class Scope(models.TextChoices):
    REQUESTS_READ = "requests:read", _("Read tracing requests")
    REQUESTS_WRITE = "requests:write", _("File tracing requests")
    REGISTRATIONS_READ = "registrations:read", _("Read registrations")
    REGISTRATIONS_WRITE = "registrations:write", _("Create registrations")
    MATCHES_READ = "matches:read", _("Read candidate matches")


class ApiToken(models.Model):
    """A partner system's credential. It acts for its agency only, within its scopes.

    The secret is shown once when issued; the table keeps its public ``key_id`` (to find the row)
    and the SHA-256 of the whole token (compared in constant time).
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80, unique=True)
    key_id = models.CharField(_("key id"), max_length=16, unique=True)
    token_hash = models.CharField(_("token hash"), max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """How the token is named in the audit trail."""
        return f"api token {self.name}"
