"""Bulk writers leave the query planner statistics it can trust.

Right after a bulk load PostgreSQL took a 20,000-request agency for 57 requests and planned the
staff queue as nested loops: 39 s instead of 68 ms. Every bulk path refreshes the statistics
when it ends; these tests read them back from the database's own catalogue.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from peyvand.core.bulk import refresh_statistics
from peyvand.matching.models import CandidatePair


def planner_rows(table: str) -> float | None:
    """What the planner believes the table holds; None when it was never analysed."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            (rows,) = cursor.fetchone()
            return None if rows < 0 else float(rows)  # -1: never analysed (PostgreSQL 14+)
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx IS NULL", [table])
        found = cursor.fetchone()
        if found is None:  # a table with an index is described per index instead
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            found = cursor.fetchone()
        return None if found is None else float(found[0].split()[0])


@pytest.mark.django_db
def test_refresh_statistics_makes_the_planner_count_the_rows() -> None:
    call_command("demo", "--seed", "7", "--persons", "300", stdout=StringIO())
    pairs = CandidatePair.objects.count()
    assert pairs > 20
    believed = planner_rows(CandidatePair._meta.db_table)
    assert believed is not None and believed == pytest.approx(pairs, rel=0.05)


@pytest.mark.django_db
def test_refresh_statistics_runs_on_an_empty_database_and_again() -> None:
    refresh_statistics()
    refresh_statistics()
    assert planner_rows(CandidatePair._meta.db_table) in (None, 0.0)
