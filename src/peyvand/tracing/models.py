"""Tracing requests, registrations of separated people, and the cases around them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import Agency
from peyvand.core.fields import EncryptedCharField, EncryptedTextField
from peyvand.people.models import CalendarKind, DatePrecision, Person


class Relationship(models.TextChoices):
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Brother or sister")
    SPOUSE = "spouse", _("Spouse")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    UNCLE_AUNT = "uncle_aunt", _("Uncle or aunt")
    NEPHEW_NIECE = "nephew_niece", _("Nephew or niece")
    COUSIN = "cousin", _("Cousin")
    OTHER = "other", _("Other relative")


class RequestStatus(models.TextChoices):
    """Neutral statuses: 'closed' never says why."""

    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class TracingRequest(models.Model):
    """A seeker looking for a relative; ``sought`` is the seeker's description of that relative."""

    reference_code = models.CharField(_("reference code"), max_length=16, unique=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="requests"
    )
    seeker = models.ForeignKey(
        Person,
        verbose_name=_("seeker"),
        on_delete=models.PROTECT,
        related_name="requests_made",
    )
    seeker_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("seeker's account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tracing_requests",
    )
    sought = models.OneToOneField(
        Person,
        verbose_name=_("sought person (as described)"),
        on_delete=models.PROTECT,
        related_name="sought_in",
    )
    relationship = models.CharField(
        _("relationship of the sought person to the seeker"),
        max_length=20,
        choices=Relationship.choices,
    )
    last_contact_date = models.DateField(_("last contact (Gregorian)"), null=True, blank=True)
    last_contact_precision = models.CharField(
        _("last contact precision"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    last_contact_calendar = models.CharField(
        _("calendar of last contact"), max_length=10, choices=CalendarKind.choices, blank=True
    )
    last_contact_text = models.CharField(_("last contact as written"), max_length=60, blank=True)
    # Encrypted at rest, not searchable.
    last_contact_place = EncryptedCharField(_("place of last contact"), max_length=200, blank=True)
    circumstances = EncryptedTextField(_("circumstances of separation"), blank=True)
    message_for_sought = EncryptedTextField(
        _("message for the sought person"),
        blank=True,
        help_text=_("Relayed only if the sought person agrees to contact."),
    )
    passphrase_hash = models.CharField(_("passphrase (hashed)"), max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn by the seeker"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tracing request")
        verbose_name_plural = _("tracing requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference_code


class ConsentMethod(models.TextChoices):
    SELF = "self", _("Given by the person in the app")
    IN_PERSON = "in_person", _("Given in person to a caseworker")
    WRITTEN = "written", _("Given in writing")


class FindableBy(models.TextChoices):
    ANY_RELATIVE = "any_relative", _("Any relative who is looking for me")
    CLOSE_FAMILY = "close_family", _("Only parents, children, brothers, sisters and spouse")
    NOBODY = "nobody", _("Nobody for now")


CLOSE_FAMILY = frozenset({"parent", "child", "sibling", "spouse"})


class Registration(models.Model):
    """A separated person's own record, entered by them or by a caseworker with their consent."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="registrations"
    )
    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="registration"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrant's account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registration",
    )
    consent_method = models.CharField(
        _("how consent to be registered was given"), max_length=12, choices=ConsentMethod.choices
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    may_be_traced = models.BooleanField(
        _("may be matched against tracing requests"),
        default=True,
        help_text=_("The person's standing choice; finer consent scopes are recorded per case."),
    )
    findable_by = models.CharField(
        _("who may be told that this person was found"),
        max_length=20,
        choices=FindableBy.choices,
        default=FindableBy.ANY_RELATIVE,
    )
    shareable_kinds = models.JSONField(
        _("contact details the person is ready to share when they agree to contact"),
        default=list,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"R{self.pk}"


class CaseState(models.TextChoices):
    OPEN = "open", _("Open")
    SEARCHING = "searching", _("Searching")
    MATCH_CONFIRMED = "match_confirmed", _("Match confirmed")
    AWAITING_DECISION = "awaiting_decision", _("Awaiting the sought person's decision")
    ON_HOLD = "on_hold", _("On hold (not now)")
    CONTACT_ESTABLISHED = "contact_established", _("Contact established")
    CLOSED = "closed", _("Closed")


class CaseOutcome(models.TextChoices):
    """Why a case closed. Staff only: the seeker sees the same "closed" for every outcome."""

    NONE = "", _("Not closed")
    NOT_FOUND = "not_found", _("Not found")
    DECLINED = "declined", _("The sought person declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the seeker")
    CONTACT_ENDED = "contact_ended", _("Contact established, case completed")
    OTHER = "other", _("Other")


class Case(models.Model):
    """The caseworker's unit of work around one tracing request."""

    tracing_request = models.OneToOneField(
        TracingRequest,
        verbose_name=_("tracing request"),
        on_delete=models.PROTECT,
        related_name="case",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="cases"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned caseworker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.OPEN
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=CaseOutcome.choices, blank=True, default=""
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]
        # The staff queues and the case list read an agency's cases in the order they opened,
        # a page at a time: these walk straight to the page instead of sorting every case.
        indexes = [
            models.Index(fields=["agency", "state", "opened_at", "id"], name="case_queue_idx"),
            models.Index(fields=["agency", "opened_at", "id"], name="case_list_idx"),
        ]

    def __str__(self) -> str:
        return f"C{self.pk} · {self.tracing_request.reference_code}"


class CaseNote(models.Model):
    """An append-only working note on a case (what was done, not opinions about people)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = EncryptedTextField(_("note"))  # encrypted at rest, not searchable
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"N{self.pk}"


class CaseTransition(models.Model):
    """One move of a case from state to state: the case's timeline."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(_("from"), max_length=20, choices=CaseState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=CaseState.choices)
    reason = EncryptedCharField(_("reason"), max_length=250)  # free text: encrypted at rest
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("case transition")
        verbose_name_plural = _("case transitions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"
