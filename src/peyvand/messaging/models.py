"""Family news relayed through the platform, Red-Cross-message style."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peyvand.core.fields import EncryptedCharField, EncryptedTextField
from peyvand.tracing.models import Case


class Direction(models.TextChoices):
    TO_SOUGHT = "to_sought", _("From the seeker to the sought person")
    TO_SEEKER = "to_seeker", _("From the sought person to the seeker")


class MessageStatus(models.TextChoices):
    HELD = "held", _("Held for moderation")
    DELIVERED = "delivered", _("Delivered")
    REJECTED = "rejected", _("Not relayed")


class Message(models.Model):
    """One relayed message. Held when it seems to carry contact details or the agency moderates."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="messages"
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    body = EncryptedTextField(_("message"))  # encrypted at rest, not searchable
    flags = models.JSONField(_("what moderation should look at"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MessageStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Free text about the message: encrypted at rest.
    moderation_reason = EncryptedCharField(_("moderation note"), max_length=250, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    receipt_allowed = models.BooleanField(
        _("the reader lets the writer see that it was read"), default=False
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"], name="message_queue_idx")]

    def __str__(self) -> str:
        return f"M{self.pk}"
