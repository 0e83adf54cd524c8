"""Visits after contact: who travels where, the visa and travel-document applications each
traveller needs, their checklists, decisions and deadlines, and the meeting itself."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peyvand.core.fields import EncryptedCharField, EncryptedTextField
from peyvand.tracing.models import Case


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SCHEDULED = "scheduled", _("Scheduled")
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("Cancelled")


class Visit(models.Model):
    """A planned meeting between the seeker's family and the sought person."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="visits"
    )
    host_country = models.CharField(_("country where the meeting happens"), max_length=100)
    meeting_place = EncryptedCharField(_("meeting place"), max_length=200, blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    outcome_notes = EncryptedTextField(_("outcome of the meeting"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"V{self.pk}"


class Traveller(models.TextChoices):
    SEEKER = "seeker", _("The seeker")
    SOUGHT_PERSON = "sought_person", _("The sought person")
    OTHER = "other", _("Another family member")


class ApplicationKind(models.TextChoices):
    HOST_VISA = "host_visa", _("Visa for the host country")
    TRAVEL_DOCUMENT = "travel_document", _("Travel document for the separated person")
    THIRD_COUNTRY_VISA = "third_country_visa", _("Visa for a third country")


class Decision(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TravelApplication(models.Model):
    """One visa or travel-document application by one traveller; a refusal is kept as data."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="applications"
    )
    traveller = models.CharField(_("traveller"), max_length=15, choices=Traveller.choices)
    # Free text that may name or place a person: encrypted at rest.
    traveller_label = EncryptedCharField(
        _("who travels (when another family member)"), max_length=100, blank=True
    )
    # Consulates ask for it in the letter supporting the application (issue 15, item 14).
    passport_number = EncryptedCharField(
        _("passport or travel document number"), max_length=40, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ApplicationKind.choices)
    authority = models.CharField(
        _("authority"), max_length=200, help_text=_("For example: Embassy of Albania, Tehran")
    )
    country = models.CharField(_("country"), max_length=100)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    refusal_reason = EncryptedTextField(_("reason given for the refusal"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_label = EncryptedCharField(_("what the deadline is for"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("travel application")
        verbose_name_plural = _("travel applications")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["decision", "deadline"], name="application_deadline_idx")]

    def __str__(self) -> str:
        return f"A{self.pk}"


class ChecklistItem(models.Model):
    """One document or step an application needs."""

    application = models.ForeignKey(
        TravelApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="checklist",
    )
    label = models.CharField(_("document or step"), max_length=200)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label


class Reminder(models.Model):
    """A deadline reminder that was sent. One row per (application, deadline): the unique
    constraint is what makes a reminder go out once, however often or concurrently the job runs."""

    application = models.ForeignKey(
        TravelApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    deadline = models.DateField(_("deadline"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "deadline"], name="one_reminder_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"R{self.pk} · {self.deadline}"
