"""Candidate pairs proposed by the linkage engine, and the caseworkers' decisions on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peyvand.core.fields import EncryptedCharField, EncryptedTextField
from peyvand.tracing.models import Registration, TracingRequest


class PairStatus(models.TextChoices):
    PROPOSED = "proposed", _("To review")
    CONFIRMED = "confirmed", _("Confirmed")
    AWAITING_SECOND = "awaiting_second", _("Awaiting a second reviewer")
    REJECTED = "rejected", _("Rejected")


class CandidatePair(models.Model):
    """The engine's suggestion that a tracing request's sought person is a registered person."""

    tracing_request = models.ForeignKey(
        TracingRequest,
        verbose_name=_("tracing request"),
        on_delete=models.CASCADE,
        related_name="candidate_pairs",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="candidate_pairs",
    )
    model_version = models.CharField(_("model version"), max_length=60)
    match_probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"))
    explanation = models.JSONField(_("explanation"), default=list)
    # What the two records said when they were scored: a rejected pair comes back only when this
    # changes, i.e. when one of the records changed materially.
    records_fingerprint = models.CharField(_("records fingerprint"), max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=PairStatus.choices, default=PairStatus.PROPOSED
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("candidate pair")
        verbose_name_plural = _("candidate pairs")
        ordering = ["-match_probability", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tracing_request", "registration"], name="one_pair_per_request_registration"
            )
        ]
        indexes = [models.Index(fields=["status", "-match_probability"], name="pair_queue_idx")]

    def __str__(self) -> str:
        return f"P{self.pk} ({self.match_probability:.2f})"


class ReviewAction(models.TextChoices):
    CONFIRM = "confirm", _("Confirmed")
    SECOND_CONFIRM = "second_confirm", _("Confirmed by a second reviewer")
    REJECT = "reject", _("Rejected")
    UNDO = "undo", _("Confirmation undone")


class MatchReview(models.Model):
    """One human decision on a candidate pair, with its reason; never edited."""

    pair = models.ForeignKey(
        CandidatePair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="reviews"
    )
    action = models.CharField(_("action"), max_length=20, choices=ReviewAction.choices)
    reason = EncryptedCharField(_("reason"), max_length=500, blank=True)  # free text: encrypted
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("match review")
        verbose_name_plural = _("match reviews")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} P{self.pair_id}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RelinkRun(models.Model):
    """A full batch re-link of every open request against every registration."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("requests to link"), default=0)
    processed = models.PositiveIntegerField(_("requests linked"), default=0)
    pairs_found = models.PositiveIntegerField(_("pairs proposed"), default=0)
    model_version = models.CharField(_("model version"), max_length=60, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("re-link run")
        verbose_name_plural = _("re-link runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.status})"


class IndexedRegistration(models.Model):
    """What the engine compares of one registered person, kept for the live candidate index.

    The comparison columns (names in their engine forms, birth, place, parents, ID) are stored
    encrypted, like the person's own fields; the blocking keys that find the row are in
    :class:`RegistrationKey`, as keyed hashes. Written with the registration, deleted with it.
    """

    registration = models.OneToOneField(
        Registration, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    values = EncryptedTextField(_("comparison values"))
    model_version = models.CharField(_("model version"), max_length=60)

    class Meta:
        verbose_name = _("indexed registration")
        verbose_name_plural = _("indexed registrations")

    def __str__(self) -> str:
        return f"indexed registration {self.registration_id}"


class RegistrationKey(models.Model):
    """One blocking key of one registered person: a keyed hash of a blocking rule's values."""

    pk = models.CompositePrimaryKey("key", "registration")
    key = models.BigIntegerField(_("key"))
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("registration key")
        verbose_name_plural = _("registration keys")

    def __str__(self) -> str:
        return f"key of registration {self.registration_id}"


class IndexedRequest(models.Model):
    """What the engine compares of one request's sought person (see IndexedRegistration)."""

    tracing_request = models.OneToOneField(
        TracingRequest, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    values = EncryptedTextField(_("comparison values"))
    model_version = models.CharField(_("model version"), max_length=60)

    class Meta:
        verbose_name = _("indexed request")
        verbose_name_plural = _("indexed requests")

    def __str__(self) -> str:
        return f"indexed request {self.tracing_request_id}"


class RequestKey(models.Model):
    """One blocking key of one request's sought person."""

    pk = models.CompositePrimaryKey("key", "tracing_request")
    key = models.BigIntegerField(_("key"))
    tracing_request = models.ForeignKey(TracingRequest, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("request key")
        verbose_name_plural = _("request keys")

    def __str__(self) -> str:
        return f"key of request {self.tracing_request_id}"


class IndexCount(models.Model):
    """How many indexed records share a key: a block's size, a value's frequency, a side's
    population. Counts only, under keyed hashes: nothing here names anyone."""

    key = models.BigIntegerField(_("key"), primary_key=True)
    n = models.BigIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("index count")
        verbose_name_plural = _("index counts")

    def __str__(self) -> str:
        return f"count {self.n}"


class ModelStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class ModelVersion(models.Model):
    """A linkage model fitted on caseworkers' decisions: proposed, then active only when a
    supervisor says so. The engine scores with the active one (the shipped model when none)."""

    version = models.CharField(_("version"), max_length=60, unique=True)
    document = models.JSONField(_("model file"))
    sha256 = models.CharField(_("checksum"), max_length=64)
    based_on = models.CharField(_("fitted from"), max_length=60)
    report = models.JSONField(_("figures"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=ModelStatus.choices, default=ModelStatus.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fitted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("fitted"), auto_now_add=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("activated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)

    class Meta:
        verbose_name = _("model version")
        verbose_name_plural = _("model versions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="active"),
                name="one_active_model_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.status})"
