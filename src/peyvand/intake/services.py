"""Bulk import: record a checked file (the dry run is ``peyvand.intake.checking``), import it in
chunks, quarantine and re-submit rows.

Every record is written through ``tracing.services``: a chunk of rows at a time through
``submit_tracing_requests`` or ``register_persons`` (a quarantined row fixed by hand through
``submit_tracing_request`` or ``register_person``), so it is validated, audited and joins the
matching loop like any other; matching is deferred during the load and one re-link is queued at
the end. Row parsing and checks are in ``peyvand.intake.rows``.
"""

from __future__ import annotations

import gc
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from peyvand.accounts.models import Agency, User
from peyvand.audit.services import record_event
from peyvand.core.bulk import insert_rows, refresh_statistics
from peyvand.intake.checking import Checked, Row
from peyvand.intake.models import (
    BatchStatus,
    ImportBatch,
    ImportKind,
    ImportRow,
    RowStatus,
    this_process,
)
from peyvand.intake.reading import (
    FIELDS,
)
from peyvand.intake.rows import (
    CellError,
    Prepared,
    errors_from_service,
    fingerprint,
    prepare_row,
)
from peyvand.matching.relink_services import open_cli_run
from peyvand.matching.tasks import relink_task
from peyvand.tracing.queue import matching_deferred
from peyvand.tracing.services import (
    clean_tracing_request,
    register_person,
    register_persons,
    submit_tracing_request,
    submit_tracing_requests,
)

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500


def _write(actor: User | None, agency: Agency, kind: str, row: Prepared) -> int:
    assert row.person is not None
    if kind == ImportKind.REQUESTS:
        assert row.seeker is not None
        request = submit_tracing_request(
            actor,
            agency,
            seeker=row.seeker,
            sought=row.person,
            relationship=row.relationship,
            last_contact_text=row.values.get("last_contact", ""),
            last_contact_place=row.values.get("last_contact_place", ""),
            circumstances=row.values.get("circumstances", ""),
        )
        return int(request.pk)
    registration = register_person(actor, agency, row.person, consent_method=row.consent_method)
    return int(registration.pk)


# -- the import --------------------------------------------------------------------------------


def start_batch(
    actor: User | None, agency: Agency, kind: str, filename: str, checked: Checked, *, keep: bool
) -> ImportBatch:
    """Record a checked file; with ``keep`` its rows wait (encrypted) for a confirmation."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            agency=agency,
            kind=kind,
            filename=filename[:200],
            created_by=actor if actor is not None and actor.is_authenticated else None,
            total_rows=checked.row_count,
            report=json.dumps(checked.report(), ensure_ascii=False),
            pending=_pending_text(checked) if keep else "",
        )
        record_event(
            actor,
            "import.checked",
            batch,
            details={"rows": checked.row_count, "failing": checked.failing_rows},
        )
    return batch


@dataclass
class Outcome:
    imported: int = 0
    quarantined: int = 0
    already_done: int = 0
    repeats: int = 0
    relink_run: int | None = None


def run_import(
    actor: User | None,
    batch: ImportBatch,
    columns: dict[str, str],
    rows: Iterable[Row],
    *,
    chunk_size: int = CHUNK_SIZE,
    on_progress: Callable[[int, int], None] | None = None,
    pause_after_chunk: float = 0.0,
) -> Outcome:
    """Import ``rows`` (read as a stream) in chunks, each one transaction with its ImportRow
    ledger entries, so a killed run resumes exactly. Bad rows go to quarantine; rows already
    known are skipped. Should anything stop it, the batch is marked failed with the reason (in a
    transaction of its own) and the exception goes on; a process killed outright leaves its
    batch running, which :attr:`ImportBatch.is_stale` then recognises."""
    agency, kind = batch.agency, batch.kind
    outcome = Outcome()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, runner=this_process(), heartbeat_at=timezone.now()
    )
    try:
        known = set(
            ImportRow.objects.filter(agency=agency, kind=kind).values_list("fingerprint", flat=True)
        )
        this_run: set[str] = set()
        done = 0
        remaining = iter(rows)
        with matching_deferred(), _heap_frozen():
            while chunk := list(islice(remaining, chunk_size)):
                counts = _import_chunk(actor, batch, columns, chunk, known, this_run)
                outcome.imported += counts.imported
                outcome.quarantined += counts.quarantined
                outcome.already_done += counts.already_done
                outcome.repeats += counts.repeats
                done += len(chunk)
                if on_progress is not None:
                    on_progress(done, max(batch.total_rows, done))
                if pause_after_chunk:
                    time.sleep(pause_after_chunk)
    except BaseException as exc:  # KeyboardInterrupt and SystemExit (a stop signal) too
        _stopped(actor, batch, exc, outcome)
        raise
    refresh_statistics()  # the pages that list what was imported are planned on its counts
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.DONE, finished_at=timezone.now(), pending="", runner=""
        )
        record_event(
            actor,
            "import.finished",
            batch,
            details={
                "imported": outcome.imported,
                "quarantined": outcome.quarantined,
                "already_done": outcome.already_done,
            },
        )
    if outcome.imported:
        outcome.relink_run = queue_relink()
    batch.refresh_from_db()
    return outcome


def _stopped(actor: User | None, batch: ImportBatch, exc: BaseException, outcome: Outcome) -> None:
    """Mark a batch whose import raised as failed, in a transaction of its own (the chunk that
    raised has rolled back; the chunks before it stay), and queue the re-link its imported rows
    need. Never hides the original exception: a database that is gone leaves the batch running,
    and stale."""
    reason = f"{type(exc).__name__}: {exc}"[:1000]
    try:
        with transaction.atomic():
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=BatchStatus.FAILED,
                finished_at=timezone.now(),
                failure=reason,
                runner="",
            )
            record_event(
                actor,
                "import.failed",
                batch,
                details={"imported": outcome.imported, "error": type(exc).__name__},
            )
        if outcome.imported:
            outcome.relink_run = queue_relink()
    except Exception:
        logger.exception("could not mark import batch %s as failed", batch.pk)


def mark_stale_batches(actor: User | None, agency: Agency, kind: str) -> list[int]:
    """Batches of ``agency`` and ``kind`` still marked running whose process has ended, marked
    failed; their ids. What they committed stays; running the file again (or confirming a staff
    upload again) imports the rest."""
    stale = [
        b
        for b in ImportBatch.objects.filter(agency=agency, kind=kind, status=BatchStatus.RUNNING)
        if b.is_stale
    ]
    for batch in stale:
        with transaction.atomic():
            ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING).update(
                status=BatchStatus.FAILED,
                finished_at=timezone.now(),
                failure="the importing process ended before the import did",
                runner="",
            )
            record_event(actor, "import.failed", batch, details={"error": "process ended"})
    return [b.pk for b in stale]


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """Keep the objects alive before the load (the file's rows: a million strings for a big
    file) out of the garbage collector's full passes, which would otherwise scan them again and
    again and slow a 100,000-row import by a third."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@transaction.atomic
def _import_chunk(
    actor: User | None,
    batch: ImportBatch,
    columns: dict[str, str],
    chunk: list[Row],
    known: set[str],
    this_run: set[str],
) -> Outcome:
    """One chunk in one transaction: every new row validated, the good ones written together
    through the bulk services, the bad ones quarantined, each with its ImportRow ledger entry."""
    agency, kind = batch.agency, batch.kind
    counts = Outcome()
    ledger: list[dict[str, Any]] = []
    writable: list[tuple[dict[str, Any], Prepared]] = []
    for number, values in chunk:
        key = fingerprint(agency, kind, values)
        if key in known:
            if key in this_run:
                counts.repeats += 1
            else:
                counts.already_done += 1
            continue
        known.add(key)
        this_run.add(key)
        entry: dict[str, Any] = {
            "batch_id": batch.pk,
            "agency_id": agency.pk,
            "kind": kind,
            "fingerprint": key,
            "row_number": number,
        }
        ledger.append(entry)
        prepared = prepare_row(kind, columns, number, values)
        errors = prepared.errors or _service_check(kind, columns, prepared)
        if errors:
            entry |= {"status": RowStatus.QUARANTINED, "payload": _payload(columns, values, errors)}
            counts.quarantined += 1
        else:
            entry["status"] = RowStatus.IMPORTED
            writable.append((entry, prepared))
    targets = _write_many(actor, agency, kind, [p for _entry, p in writable])
    for (entry, _prepared), target_id in zip(writable, targets, strict=True):
        entry["target_id"] = target_id
    counts.imported = len(writable)
    insert_rows(ImportRow, ledger)
    ImportBatch.objects.filter(pk=batch.pk).update(
        imported=F("imported") + counts.imported,
        quarantined=F("quarantined") + counts.quarantined,
        already_done=F("already_done") + counts.already_done + counts.repeats,
        heartbeat_at=timezone.now(),
    )
    record_event(
        actor,
        "import.chunk_committed",
        batch,
        details={
            "first_row": chunk[0][0],
            "last_row": chunk[-1][0],
            "imported": counts.imported,
            "quarantined": counts.quarantined,
        },
    )
    return counts


def _service_check(kind: str, columns: dict[str, str], row: Prepared) -> list[CellError]:
    """The writing service's own validation of a row that passed ``prepare_row``; the result
    is kept on the row for :func:`_write_many`."""
    if kind != ImportKind.REQUESTS:
        return []  # prepare_row ran register_person's checks: the consent method and clean_person
    assert row.clean is not None and row.seeker_clean is not None
    try:
        row.request = clean_tracing_request(
            seeker=row.seeker_clean,
            sought=row.clean,
            relationship=row.relationship,
            last_contact_text=row.values.get("last_contact", ""),
            last_contact_place=row.values.get("last_contact_place", ""),
            circumstances=row.values.get("circumstances", ""),
        )
    except ValidationError as exc:
        return errors_from_service(exc, columns, row.number, kind)
    return []


def _write_many(actor: User | None, agency: Agency, kind: str, rows: list[Prepared]) -> list[int]:
    """Write checked rows through the bulk services; the new records' ids, in row order."""
    if kind == ImportKind.REQUESTS:
        requests = [row.request for row in rows if row.request is not None]
        assert len(requests) == len(rows)
        return submit_tracing_requests(actor, agency, requests)
    people = [(row.clean, row.consent_method) for row in rows if row.clean is not None]
    assert len(people) == len(rows)
    return register_persons(actor, agency, people)


def queue_relink() -> int | None:
    """One re-link for the whole load instead of a matching task per row. If a re-link is
    already queued it will score the new records too, unless it has already started."""
    try:
        run = open_cli_run()
    except ValidationError:
        return None
    relink_task.enqueue(run.pk)
    return int(run.pk)


def _payload(columns: dict[str, str], values: dict[str, str], errors: list[CellError]) -> str:
    return json.dumps(
        {"values": values, "columns": columns, "errors": [e.as_dict() for e in errors]},
        ensure_ascii=False,
    )


def _pending_text(checked: Checked) -> str:
    """The checked rows kept for the confirmation: a line of columns, then a JSON line a row."""
    assert checked.pending is not None
    head = json.dumps({"columns": checked.columns}, ensure_ascii=False)
    return "\n".join([head, *checked.pending])


def pending_rows(batch: ImportBatch) -> tuple[dict[str, str], Iterator[Row]]:
    """The rows a staff upload keeps until it is imported, read a line at a time."""
    if not batch.pending:
        raise ValidationError(_("This file has already been imported or cancelled."))
    text = batch.pending
    end = text.find("\n")
    head = json.loads(text if end < 0 else text[:end])
    if "rows" in head:  # kept before rows were kept one a line
        return head["columns"], ((int(n), dict(v)) for n, v in head["rows"])

    def rows() -> Iterator[Row]:
        start = end
        while start >= 0:
            stop = text.find("\n", start + 1)
            number, values = json.loads(text[start + 1 : stop if stop >= 0 else None])
            yield int(number), dict(values)
            start = stop

    return head["columns"], rows() if end >= 0 else iter(())


def confirm_batch(actor: User, batch: ImportBatch) -> Outcome:
    """Import a checked file's rows after staff looked at the dry-run report; or resume one
    that stopped before its end (its rows already imported are skipped)."""
    if batch.status != BatchStatus.CHECKED and not batch.resumable:
        raise ValidationError(_("This file has already been imported or cancelled."))
    columns, rows = pending_rows(batch)
    return run_import(actor, batch, columns, rows)


def cancel_batch(actor: User, batch: ImportBatch) -> ImportBatch:
    """Set a checked file aside without importing it (or the rest of one that stopped); its
    rows are forgotten."""
    if batch.status != BatchStatus.CHECKED and not batch.resumable:
        raise ValidationError(_("This file has already been imported or cancelled."))
    with transaction.atomic():
        batch.status = BatchStatus.CANCELLED
        batch.pending = ""
        batch.runner = ""
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "pending", "runner", "finished_at"])
        record_event(actor, "import.cancelled", batch)
    return batch


def quarantined_values(row: ImportRow) -> dict[str, Any]:
    return dict(json.loads(row.payload)) if row.payload else {"values": {}, "errors": []}


def resubmit_row(actor: User, row: ImportRow, values: dict[str, str]) -> ImportRow:
    """Fixed values for a quarantined row: written through the same services, or quarantined
    again with the new reasons (then a ValidationError is raised naming them)."""
    if row.status != RowStatus.QUARANTINED:
        raise ValidationError(_("This row has already been imported."))
    stored = quarantined_values(row)
    columns: dict[str, str] = stored.get("columns", {})
    clean = {k: v.strip() for k, v in values.items() if k in FIELDS and v.strip()}
    prepared = prepare_row(row.kind, columns, row.row_number, clean)
    errors = prepared.errors
    with transaction.atomic():
        if not errors:
            try:
                with transaction.atomic():
                    row.target_id = _write(actor, row.agency, row.kind, prepared)
            except ValidationError as exc:
                errors = errors_from_service(exc, columns, row.row_number, row.kind)
        if errors:
            row.payload = _payload(columns, clean, errors)
            row.save(update_fields=["payload", "updated_at"])
        else:
            row.status = RowStatus.IMPORTED
            row.payload = ""
            row.save(update_fields=["status", "target_id", "payload", "updated_at"])
            ImportBatch.objects.filter(pk=row.batch_id).update(
                imported=F("imported") + 1, quarantined=F("quarantined") - 1
            )
            record_event(actor, "import.row_resubmitted", row, details={"batch": row.batch_id})
    if errors:
        raise ValidationError([e.message for e in errors])
    return row
