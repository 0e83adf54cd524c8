"""Inserts for bulk loads (imports): many rows in a few statements, without model instances.

``QuerySet.bulk_create`` builds a model instance per row and compiles every value through the
SQL compiler: some 70 µs a row on SQLite, too slow for an import of 100,000 families with a dozen
rows each. Here each row is a mapping of attribute names to Python values. Every column of the
model is written; one a row leaves out is filled as a model instance would fill it (the field's
default, ``None``, ``""``; ``auto_now``/``auto_now_add`` with one timestamp per call), and a
required one with no such value raises at once. Values are prepared by the field itself
(encryption, JSON, dates) unless the column is plain text or a number.

Only the bulk services of the apps use this; everything else writes through the ORM.
"""

from __future__ import annotations

import operator
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

# Exact field classes whose values the database drivers take as they are (subclasses, such as
# the encrypted fields, prepare their own values).
_PLAIN = frozenset(
    {
        models.CharField,
        models.TextField,
        models.IntegerField,
        models.BigIntegerField,
        models.PositiveIntegerField,
        models.PositiveBigIntegerField,
        models.PositiveSmallIntegerField,
        models.SmallIntegerField,
        models.BooleanField,
        models.ForeignKey,
        models.OneToOneField,
    }
)
_MISSING = object()


def insert_rows(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, returning_ids: bool = False
) -> list[int]:
    """Insert ``rows`` (attribute name → value) into ``model``'s table, in order.

    With ``returning_ids`` the new primary keys are returned in row order (``RETURNING``, as
    ``bulk_create`` does on SQLite and PostgreSQL); otherwise the rows go in one ``executemany``
    and an empty list is returned.
    """
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = [field.attname for field in fields]
    defaults = _defaults(fields)
    take = operator.itemgetter(*names)
    prepared = [
        (i, prepare)
        for i, field in enumerate(fields)
        if (prepare := _preparer(field, connection)) is not None
    ]
    params = []
    for row in rows:
        try:
            values = list(take({**defaults, **row}))
        except KeyError as exc:
            raise KeyError(f"{model.__name__}.{exc.args[0]} has no value and no default") from exc
        for i, prepare in prepared:
            values[i] = prepare(values[i])
        params.append(values)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    # table and column names come from the model's metadata, quoted; values are parameters
    head = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608 - quoted names from model metadata; values are parameters
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        if not returning_ids:
            write_rows(cursor, quote(model._meta.db_table), columns, params)
            return []
        if connection.vendor == "postgresql":
            return _insert_with_drawn_ids(cursor, model, columns, params, quote)
        pk = quote(model._meta.pk.column)
        size = max(1, _max_params(connection) // len(fields))
        ids: list[int] = []
        for start in range(0, len(params), size):
            part = params[start : start + size]
            cursor.execute(
                head + ", ".join([one] * len(part)) + f" RETURNING {pk}",
                [value for row in part for value in row],
            )
            ids.extend(int(found[0]) for found in cursor.fetchall())
    return ids


def _insert_with_drawn_ids(
    cursor: Any,
    model: type[models.Model],
    columns: str,
    params: list[list[Any]],
    quote: Callable[[str], str],
) -> list[int]:
    """PostgreSQL: draw the new keys from the table's sequence first, then insert the rows with
    them in one pipelined ``executemany``. One statement of thousands of placeholders, as for
    ``RETURNING``, costs the driver more to parse each time (it caches only short statements)
    than the database takes to insert the rows."""
    table, pk = model._meta.db_table, model._meta.pk.column
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [quote(table), pk, len(params)],
    )
    ids = sorted(int(found[0]) for found in cursor.fetchall())
    rows = [[pk_value, *row] for pk_value, row in zip(ids, params, strict=True)]
    write_rows(cursor, quote(table), f"{quote(pk)}, {columns}", rows)
    return ids


def write_rows(cursor: Any, table: str, columns: str, rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` into ``table`` (quoted) ``columns`` (quoted, comma-separated).

    PostgreSQL takes them through ``COPY … FROM STDIN``: the rows stream in one command, which
    the server parses far faster than one ``INSERT`` per row (even pipelined, a row costs the
    driver a statement of its own). Other databases get one ``executemany``.
    """
    if not rows:
        return
    if cursor.db.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(rows[0]))
    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608 - quoted names from model metadata; values are parameters


def _max_params(connection: Any) -> int:
    """Parameters one statement may carry: SQLite's own limit (32,766 since 3.32; Django assumes
    999), else the backend's, else a generous 30,000 (PostgreSQL allows 65,535)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return int(connection.features.max_query_params or 30000)


def _defaults(fields: list[models.Field[Any, Any]]) -> dict[str, Any]:
    """What each column takes when a row leaves it out, as a model instance would fill it: the
    field's default, ``None`` or ``""``, one timestamp for ``auto_now``/``auto_now_add``. A
    required column with none of these is left out, so a row without it raises."""
    now = timezone.now()
    found: dict[str, Any] = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            found[field.attname] = now.date() if type(field) is models.DateField else now
        elif field.has_default() or field.null or field.empty_strings_allowed:
            found[field.attname] = field.get_default()
    return found


def _preparer(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any] | None:
    """How a value becomes a query parameter; None for plain text and numbers, which the
    drivers take as they are (str and int choices included)."""
    if type(field) in _PLAIN:
        return None
    if isinstance(field, models.DateField):
        return _remembering(field, connection)  # rows often share one timestamp object
    return lambda value: field.get_db_prep_save(value, connection)


def _remembering(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any]:
    last: list[Any] = [_MISSING, None]

    def prepare(value: Any) -> Any:
        if value is not last[0]:
            last[:] = [value, field.get_db_prep_save(value, connection)]
        return last[1]

    return prepare


def refresh_statistics(using: str = "default") -> None:
    """Bring the query planner's statistics up to date after a bulk write.

    Right after a load of many thousand rows PostgreSQL still believes the tables small (until
    autovacuum comes round): a staff queue over 20,000 requests of one agency was planned for 57
    and took 39 s instead of 68 ms. ``ANALYZE`` samples a bounded number of rows per table, so it
    costs seconds at any size. SQLite is told to sample as well (``analysis_limit``).
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")
