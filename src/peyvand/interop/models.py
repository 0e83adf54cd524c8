"""Records received from partner repositories (PFIF), keeping their original record ids.

A PFIF person record from a partner becomes a :class:`~peyvand.tracing.models.TracingRequest`
(its sought person) in the importing agency; :class:`ExternalRecord` ties that request to the
original repository and record id, so an export names the record by its original id again.
PFIF fields that have no column in Peyvand (author's details, home address, photo and profile
URLs, age, source) are kept verbatim, encrypted, in ``payload``; they are shown to nobody and
leave again only through :mod:`peyvand.interop.services`, which applies the consent rules.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import Agency
from peyvand.core.fields import EncryptedTextField
from peyvand.tracing.models import TracingRequest


class NoteStatus(models.TextChoices):
    """PFIF 1.4 note status values, exactly as the specification spells them."""

    NONE = "", _("Not stated")
    INFORMATION_SOUGHT = "information_sought", _("Information sought")
    IS_NOTE_AUTHOR = "is_note_author", _("The note's author is the person")
    BELIEVED_ALIVE = "believed_alive", _("Believed alive")
    BELIEVED_MISSING = "believed_missing", _("Believed missing")
    BELIEVED_DEAD = "believed_dead", _("Believed dead")


def _load(text: str) -> dict[str, Any]:
    value = json.loads(text) if text else {}
    return value if isinstance(value, dict) else {}


class ExternalRecord(models.Model):
    """A PFIF person record imported into an agency, under its original repository's id."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    tracing_request = models.OneToOneField(
        TracingRequest,
        verbose_name=_("tracing request"),
        on_delete=models.CASCADE,  # erasure of the request takes the copy with it
        related_name="external_record",
    )
    repository = models.CharField(_("original repository (domain)"), max_length=253)
    record_id = models.CharField(_("original record id"), max_length=500)
    # Verbatim PFIF fields without a Peyvand column (JSON); encrypted at rest, not searchable.
    payload = EncryptedTextField(_("other PFIF fields"), blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("external record")
        verbose_name_plural = _("external records")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "record_id"], name="interop_record_once_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return self.record_id

    def fields(self) -> dict[str, Any]:
        """The stored PFIF fields as a dict."""
        return _load(self.payload)


class ExternalNote(models.Model):
    """A PFIF note record attached to an imported person record, kept as received."""

    record = models.ForeignKey(
        ExternalRecord,
        verbose_name=_("person record"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    note_record_id = models.CharField(_("original note record id"), max_length=500)
    status = models.CharField(
        _("status"), max_length=20, choices=NoteStatus.choices, blank=True, default=""
    )
    # Every other PFIF note field, verbatim (JSON); encrypted at rest, not searchable.
    payload = EncryptedTextField(_("other PFIF fields"), blank=True)

    class Meta:
        verbose_name = _("external note")
        verbose_name_plural = _("external notes")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "note_record_id"], name="interop_note_once_per_record"
            ),
        ]

    def __str__(self) -> str:
        return self.note_record_id

    def fields(self) -> dict[str, Any]:
        """The stored PFIF fields as a dict."""
        return _load(self.payload)
