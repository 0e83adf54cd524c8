"""Audit events: who did what to which record, when and why."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peyvand.core.display import show_moment
from peyvand.core.fields import EncryptedCharField


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event through the ORM."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Reads only: bulk changes would rewrite history behind the hash chain's back."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are never updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit events are never deleted")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are appended through record_event(s)")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are never updated")


class AuditEvent(models.Model):
    """One write or read of a protected record. Append-only and hash-chained.

    ``sequence`` numbers events 1, 2, 3…; ``hash`` is the SHA-256 of the event's content
    including ``prev_hash``, the previous event's hash (see ``peyvand.audit.chain``). Only
    ``peyvand.audit.services.record_event`` and, for bulk imports, ``record_events`` (which
    chains a batch under one lock of the chain head and inserts it with
    ``peyvand.core.bulk.insert_rows``) create events.
    """

    # Set by record_event before hashing (auto_now_add would overwrite it after).
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=150)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("record type"), max_length=60)
    object_id = models.CharField(_("record id"), max_length=40)
    # Free text a person typed ("why"): encrypted at rest. The hash chain covers the plain text,
    # so encrypting, re-encrypting or rotating keys never breaks a link.
    reason = EncryptedCharField(_("why"), max_length=250, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    prev_hash = models.CharField(_("previous event's hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{show_moment(self.at)} {self.actor_label} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or not self.hash:
            raise AppendOnlyError("audit events are appended once, through record_event")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are never deleted")


class AuditChainHead(models.Model):
    """The one row holding the chain's last sequence and hash; locked by every append."""

    sequence = models.PositiveBigIntegerField(_("last sequence"), default=0)
    hash = models.CharField(_("last hash"), max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.hash[:12]}"


class Tombstone(models.Model):
    """What remains of an erased or expired record: its type and id, when, why, on whose word.

    Never a personal value: the audit events about the record stay and still verify.
    """

    object_type = models.CharField(_("record type"), max_length=60)
    object_id = models.CharField(_("record id"), max_length=40)
    erased_at = models.DateTimeField(_("erased"), default=timezone.now)
    legal_basis = models.CharField(_("legal basis"), max_length=250)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("erased by (as recorded)"), max_length=150)
    # The ids of the records erased with this one, by type, and counts: never values.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")
        ordering = ["-erased_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="tombstone_object_idx")]

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_id}"
