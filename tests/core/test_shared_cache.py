"""The shared cache: settings from CACHE_URL, its table, and counting that holds its window."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from peyvand.core.cache import DatabaseCache, RedisCache
from peyvand.core.env import SettingError, parse_cache_url, parse_database_url, sqlite_database

REDIS = "redis://127.0.0.1:6379/0"


def test_cache_url_picks_redis_or_the_database() -> None:
    assert parse_cache_url("")["BACKEND"] == "peyvand.core.cache.DatabaseCache"
    assert parse_cache_url("")["LOCATION"] == "peyvand_cache"
    redis = parse_cache_url("redis://cache.local:6380/2", key_prefix="site-a")
    assert (redis["BACKEND"], redis["LOCATION"], redis["KEY_PREFIX"]) == (
        "peyvand.core.cache.RedisCache",
        "redis://cache.local:6380/2",
        "site-a",
    )
    with pytest.raises(SettingError, match="CACHE_URL scheme"):
        parse_cache_url("memcached://127.0.0.1:11211")
    with pytest.raises(SettingError, match="PEYVAND_CACHE_KEY_PREFIX"):
        parse_cache_url("", key_prefix="a*b")


def test_sqlite_waits_for_the_write_lock_in_wal_mode() -> None:
    options = sqlite_database("/srv/p.sqlite3", busy_seconds=7)["OPTIONS"]
    assert options == {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 7,
    }
    assert (
        parse_database_url("sqlite:////srv/p.sqlite3")["OPTIONS"]
        == sqlite_database("/srv/p.sqlite3")["OPTIONS"]
    )


@pytest.mark.django_db
def test_the_migration_creates_the_cache_table() -> None:
    assert "peyvand_cache" in connection.introspection.table_names()


def _expires(cache_key: str) -> object:
    table = connection.ops.quote_name("peyvand_cache")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {table} WHERE cache_key = %s", [cache_key])  # noqa: S608 - the cache table's name; values are parameters
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_database_counts_keep_their_window() -> None:
    # An hour-long rate-limit window: counting must neither lose its expiry nor its count.
    cache = DatabaseCache("peyvand_cache", {"KEY_PREFIX": "window-test"})
    cache.add("attempts", 0, timeout=3600)
    before = _expires(cache.make_key("attempts"))
    assert [cache.incr("attempts") for _ in range(3)] == [1, 2, 3]
    assert _expires(cache.make_key("attempts")) == before
    assert cache.get("attempts") == 3
    with pytest.raises(ValueError, match="not found"):
        cache.incr("never-added")


@pytest.mark.django_db
def test_an_expired_count_is_not_incremented() -> None:
    cache = DatabaseCache("peyvand_cache", {"KEY_PREFIX": "expiry-test"})
    cache.add("attempts", 5, timeout=3600)
    table = connection.ops.quote_name("peyvand_cache")
    past = connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(minutes=1))
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET expires = %s", [past])  # noqa: S608 - the cache table's name; values are parameters
    with pytest.raises(ValueError, match="not found"):
        cache.incr("attempts")


def test_redis_clear_leaves_other_installations_keys() -> None:
    ours = RedisCache(REDIS, {"KEY_PREFIX": f"ours-{uuid.uuid4().hex}"})
    theirs = RedisCache(REDIS, {"KEY_PREFIX": f"theirs-{uuid.uuid4().hex}"})
    ours.set("count", 1)
    theirs.set("count", 2)
    try:
        ours.clear()
        assert ours.get("count") is None
        assert theirs.get("count") == 2
    finally:
        theirs.delete("count")


def test_the_default_cache_is_shared() -> None:
    # Not a per-process memory cache: every server process sees the same counts.
    assert isinstance(caches["default"], DatabaseCache | RedisCache)
