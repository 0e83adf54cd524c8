"""Exports of the report tables: CSV, formula-safe, audited; suppressed when shared."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from peyvand.accounts.models import Agency, User
from peyvand.audit.services import record_event
from peyvand.core.exports import escape_cell, to_csv
from peyvand.reports.dashboard import figure_named
from peyvand.reports.period import Period
from peyvand.reports.tables import as_text
from peyvand.tracing.models import Case


@transaction.atomic
def export_report_table(
    actor: User,
    key: str,
    cases: QuerySet[Case],
    period: Period,
    *,
    agency: Agency | None,
    shared: bool,
) -> tuple[str, bytes]:
    """One table of the dashboard as CSV: ``(filename, content)``.

    ``shared`` hides every count from 1 to 4 and the cells that would give one away (see
    ``reports.suppression``); the caller decides it (asked for, or the export covers more than
    the actor's own agency). Audited with the table, filters and mode; no values.
    """
    table = figure_named(key).build(cases, period)
    rows = as_text([table.header(), *table.body(shared=shared)])
    content = to_csv([[escape_cell(cell) for cell in row] for row in rows])
    record_event(
        actor,
        "export.report",
        ("reports.table", key),
        details={
            "agency": agency.pk if agency else None,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "shared": shared,
            "rows": len(rows) - 1,
        },
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    mode = "shared" if shared else "internal"
    return f"peyvand-{key.replace('_', '-')}-{mode}-{stamp}.csv", content
