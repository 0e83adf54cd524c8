"""Bulk imports of family lists: saved column mappings, import batches and their rows.

A row is known by its fingerprint (sha256 of the normalised row, the agency and the kind), unique
per agency and kind, and written in the same transaction as the record it created: an import that
is killed and run again neither loses nor duplicates a row. A rejected row waits in quarantine
with its values (encrypted at rest) until staff fix and re-submit it.
"""

from __future__ import annotations

import datetime
import json
import os
import socket
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peyvand.accounts.models import Agency
from peyvand.core.fields import EncryptedTextField


class ImportKind(models.TextChoices):
    REQUESTS = "requests", _("Tracing requests")
    REGISTRATIONS = "registrations", _("Registrations")


class ColumnMapping(models.Model):
    """How one agency's spreadsheets name their columns: header → field, saved under a name."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    columns = models.JSONField(_("columns"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="intake_mapping_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class BatchStatus(models.TextChoices):
    CHECKED = "checked", _("Checked (dry run)")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Stopped before the end")


# A running import commits a chunk (and its heartbeat) every second or so; one silent for this
# long has stopped, even where its process cannot be asked after (another machine).
STALE_AFTER = datetime.timedelta(minutes=15)


class ImportBatch(models.Model):
    """One file brought in: its dry-run report, then the import's counters."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.CHECKED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    total_rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    quarantined = models.PositiveIntegerField(_("quarantined"), default=0)
    already_done = models.PositiveIntegerField(_("already imported before"), default=0)
    # The dry-run report as JSON: row numbers, headers, record ids and messages. Messages quote
    # the cell ("“0912abc” is not a phone number"), so it is encrypted at rest.
    report = EncryptedTextField(_("report"), blank=True)
    # The parsed rows between the dry run and the confirmation (encrypted; emptied afterwards).
    pending = EncryptedTextField(_("rows awaiting confirmation"), blank=True)
    # Why an import stopped before its end (the exception's type and message: encrypted, as a
    # database error may quote a value).
    failure = EncryptedTextField(_("why it stopped"), blank=True)
    # While running: the process importing ("host:pid") and the time of its last chunk.
    runner = models.CharField(_("importing process"), max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(_("last chunk committed"), null=True, blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind}"

    def report_data(self) -> dict[str, Any]:
        return dict(json.loads(self.report)) if self.report else {}

    @property
    def is_stale(self) -> bool:
        """Still marked running, but its process has ended (killed, or its machine stopped):
        what it committed stays, and it can be resumed."""
        if self.status != BatchStatus.RUNNING:
            return False
        host, _colon, pid = self.runner.rpartition(":")
        if host == socket.gethostname() and pid.isdigit() and not process_alive(int(pid)):
            return True
        # another machine's process, or a pid taken again since: silence says it stopped
        last = self.heartbeat_at or self.created_at
        return last is not None and timezone.now() - last > STALE_AFTER

    @property
    def resumable(self) -> bool:
        """Stopped before the end with its checked rows still kept: confirming imports the
        rows not imported yet (rows already imported are known by their fingerprint)."""
        stopped = self.status == BatchStatus.FAILED or self.is_stale
        return stopped and bool(self.pending)


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, under another user
    return True


class RowStatus(models.TextChoices):
    IMPORTED = "imported", _("Imported")
    QUARANTINED = "quarantined", _("Quarantined")


class ImportRow(models.Model):
    """One row of a file that was imported or quarantined, known by its fingerprint."""

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="rows"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    row_number = models.PositiveIntegerField(_("row number"))
    status = models.CharField(_("status"), max_length=12, choices=RowStatus.choices)
    target_id = models.PositiveBigIntegerField(_("record created"), null=True, blank=True)
    # Quarantined rows only: {"values": {header: value}, "errors": [{column, message}]}.
    payload = EncryptedTextField(_("values and errors"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        ordering = ["batch_id", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "fingerprint"], name="intake_row_fingerprint_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"
