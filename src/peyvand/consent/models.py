"""The sought person's decisions: asked, decided, withdrawn. The latest one is in force."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peyvand.tracing.models import Registration, TracingRequest


class Channel(models.TextChoices):
    APP = "app", _("In the app")
    IN_PERSON = "in_person", _("In person with a caseworker")
    PHONE = "phone", _("By phone with a caseworker")
    WRITTEN = "written", _("In writing")


class Choice(models.TextChoices):
    SHARE_CONTACT = "share_contact", _("Share chosen contact details")
    MESSAGES_ONLY = "messages_only", _("Messages through the platform only")
    DECLINE = "decline", _("Decline")
    DECLINE_FOREVER = "decline_forever", _("Decline, and never ask again for this seeker")
    NOT_NOW = "not_now", _("Not now")


CONTACT_CHOICES = frozenset({Choice.SHARE_CONTACT, Choice.MESSAGES_ONLY})


class AskStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the answer")
    ANSWERED = "answered", _("Answered")
    CANCELLED = "cancelled", _("Cancelled")


class DecisionRequest(models.Model):
    """A caseworker asking a sought person whether and how they want contact with a seeker."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("sought person's registration"),
        on_delete=models.CASCADE,
        related_name="decision_requests",
    )
    tracing_request = models.ForeignKey(
        TracingRequest,
        verbose_name=_("tracing request"),
        on_delete=models.CASCADE,
        related_name="decision_requests",
    )
    channel = models.CharField(_("asked"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=AskStatus.choices, default=AskStatus.PENDING
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("asked on"), auto_now_add=True)

    class Meta:
        verbose_name = _("request for a decision")
        verbose_name_plural = _("requests for a decision")
        ordering = ["-asked_at"]

    def __str__(self) -> str:
        return f"Q{self.pk}"


class Decision(models.Model):
    """What the sought person decided about one seeker, how, when, and who recorded it."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("sought person's registration"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    tracing_request = models.ForeignKey(
        TracingRequest,
        verbose_name=_("tracing request"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    choice = models.CharField(_("decision"), max_length=20, choices=Choice.choices)
    shared_kinds = models.JSONField(_("contact details to share"), default=list, blank=True)
    channel = models.CharField(_("given"), max_length=10, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided on"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"D{self.pk} {self.choice}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None
