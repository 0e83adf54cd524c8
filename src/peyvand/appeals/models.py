"""Collective appeals: a statement to an authority, the families who sign it, and what follows.

Signing is voluntary and can be withdrawn at any time; each family decides separately whether its
name may be listed. Free text that could name people is encrypted at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import Agency
from peyvand.core.fields import EncryptedCharField, EncryptedTextField
from peyvand.tracing.models import TracingRequest


class AppealStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for signatures")
    DELIVERED = "delivered", _("Delivered")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class AppealLanguage(models.TextChoices):
    PERSIAN = "fa", _("Persian")
    ENGLISH = "en", _("English")
    ALBANIAN = "sq", _("Albanian")


class Appeal(models.Model):
    """A collective statement of one agency's families to an authority."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="appeals"
    )
    addressee = EncryptedCharField(_("addressed to (authority)"), max_length=300)
    date = models.DateField(_("date of the appeal"))
    status = models.CharField(
        _("status"), max_length=12, choices=AppealStatus.choices, default=AppealStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"A{self.pk}"


class AppealText(models.Model):
    """The appeal in one language; an appeal has one text per language it is written in."""

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="texts"
    )
    language = models.CharField(_("language"), max_length=2, choices=AppealLanguage.choices)
    title = EncryptedCharField(_("title"), max_length=300)
    body = EncryptedTextField(_("text"))

    class Meta:
        verbose_name = _("appeal text")
        verbose_name_plural = _("appeal texts")
        ordering = ["appeal_id", "language"]
        constraints = [
            models.UniqueConstraint(fields=["appeal", "language"], name="one_text_per_language")
        ]

    def __str__(self) -> str:
        return f"A{self.appeal_id}:{self.language}"


class SignedVia(models.TextChoices):
    STAFF = "staff", _("Recorded by a caseworker")
    TRACK_PAGE = "track_page", _("Signed by the family on the track page")


class Signatory(models.Model):
    """One family's signature, through its tracing request; withdrawn signatures are kept as
    withdrawn (the record of who signed what, when) and never printed."""

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="signatories"
    )
    # Erasing the seeker deletes the request and, with it, the signature.
    tracing_request = models.ForeignKey(
        TracingRequest,
        verbose_name=_("tracing request"),
        on_delete=models.CASCADE,
        related_name="appeal_signatures",
    )
    listed = models.BooleanField(
        _("the family agreed to be listed by name"),
        default=False,
    )
    signed_via = models.CharField(_("signed"), max_length=12, choices=SignedVia.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal", "tracing_request"], name="one_signature_per_request"
            )
        ]

    def __str__(self) -> str:
        return f"S{self.pk}"


class DeliveryChannel(models.TextChoices):
    POST = "post", _("Post")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("Handed over in person")
    FAX = "fax", _("Fax")
    ONLINE = "online", _("Online form")
    OTHER = "other", _("Other")


class Delivery(models.Model):
    """The appeal handed to the authority: when, how, to whom, under which reference."""

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="deliveries"
    )
    date = models.DateField(_("delivered on"))
    channel = models.CharField(_("channel"), max_length=12, choices=DeliveryChannel.choices)
    recipient = EncryptedCharField(_("received by"), max_length=300, blank=True)
    reference = EncryptedCharField(_("reference"), max_length=120, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"D{self.pk}"


class AuthorityResponse(models.Model):
    """What the authority answered."""

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="responses"
    )
    received_on = models.DateField(_("received on"))
    summary = EncryptedTextField(_("what the authority answered"))
    next_step = EncryptedTextField(_("next step"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("authority's response")
        verbose_name_plural = _("authority's responses")
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"R{self.pk}"


class FollowUp(models.Model):
    """Something to do by a date, after a response or on the appeal itself."""

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    response = models.ForeignKey(
        AuthorityResponse,
        verbose_name=_("after the response"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    due_on = models.DateField(_("due on"))
    notes = EncryptedTextField(_("what to do"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"F{self.pk}"


class AppealDocument(models.Model):
    """A PDF of the appeal as produced (and perhaps delivered), kept encrypted.

    ``named_requests`` are the families listed by name in it, so that erasing one of them can
    find and delete the documents that print their name.
    """

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="documents"
    )
    language = models.CharField(_("language"), max_length=2, choices=AppealLanguage.choices)
    pdf_base64 = EncryptedTextField(_("PDF (base64)"))
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    named_count = models.PositiveIntegerField(_("families listed by name"))
    unnamed_count = models.PositiveIntegerField(_("families who asked not to be named"))
    named_requests = models.ManyToManyField(
        TracingRequest, verbose_name=_("families listed by name"), related_name="+", blank=True
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        verbose_name = _("appeal document")
        verbose_name_plural = _("appeal documents")
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return f"AD{self.pk}"
