"""The shared cache's two backends, each with what Django's own lacks for counting and clearing.

Rate limits count with ``add`` then ``incr``. Django's database cache increments by reading and
writing back in two statements, so two processes counting at once could both write the same
number, and its write-back resets the entry's expiry to the cache's default timeout, so a one-hour
window would close five minutes after the last attempt. Here ``incr`` is one locked
read-modify-write that keeps the expiry.

Django's Redis cache clears with FLUSHDB, which would empty a Redis database other installations
(or other test workers) share; here ``clear`` deletes only this installation's keys.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any, cast

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache with an atomic ``incr`` that keeps the entry's expiry."""

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        cache_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, key_column = quote(self.cache_model_class._meta.db_table), quote("cache_key")
        # PostgreSQL locks the row; SQLite's immediate transaction holds the write lock already.
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')}, {quote('expires')} FROM {table} "  # noqa: S608 - quoted names of our cache table; values are parameters
                f"WHERE {key_column} = %s{lock}",
                [cache_key],
            )
            row = cursor.fetchone()
            if row is None or _as_datetime(connection, row[1]) < now():
                raise ValueError(f"Key {key!r} not found.")
            value = pickle.loads(  # noqa: S301 (our own table, written by this class only)
                base64.b64decode(connection.ops.process_clob(row[0]).encode())
            )
            value += delta
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s WHERE {key_column} = %s",  # noqa: S608 - quoted names of our cache table; values are parameters
                [base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode(), cache_key],
            )
        return int(value)


def _as_datetime(connection: Any, raw: Any) -> Any:
    """The ``expires`` column as an aware datetime, whatever the database returned."""
    expression = models.Expression(output_field=models.DateTimeField())
    for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(
        connection
    ):
        raw = converter(raw, expression, connection)
    return raw


class RedisCache(DjangoRedisCache):
    """Django's Redis cache whose ``clear`` leaves other installations' keys alone."""

    def clear(self) -> None:
        # Django's client wrapper (its pooled connection) is not in the type stubs.
        client = cast(Any, self)._cache.get_client(None, write=True)
        # KEY_PREFIX holds only letters, digits, '-', '_' and '.' (core.env): no glob characters.
        pattern = f"{self.key_prefix}:*"
        batch: list[bytes] = []
        for found in client.scan_iter(match=pattern, count=500):
            batch.append(found)
            if len(batch) >= 500:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)
