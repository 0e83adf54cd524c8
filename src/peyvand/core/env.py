"""Typed parsers for settings taken from environment variables.

Every parser fails loudly with the variable's name, so a mistyped deployment stops at start-up
instead of running with a silent default.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse


class SettingError(RuntimeError):
    """A setting from the environment is missing or malformed."""


def env_str(name: str, default: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Return the variable's value, or ``default``; raise if neither exists."""
    source = os.environ if environ is None else environ
    value = source.get(name)
    if value is None or value == "":
        if default is None:
            raise SettingError(f"{name} must be set")
        return default
    return value


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    """Parse 1/0, true/false, yes/no, on/off (any case)."""
    source = os.environ if environ is None else environ
    raw = source.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingError(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(
    name: str,
    default: int,
    environ: Mapping[str, str] | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    """Parse a whole number within optional bounds."""
    source = os.environ if environ is None else environ
    raw = source.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise SettingError(f"{name} must be a whole number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise SettingError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise SettingError(f"{name} must be at most {maximum}, got {value}")
    return value


def env_float(
    name: str,
    default: float,
    environ: Mapping[str, str] | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float:
    """Parse a decimal number within optional bounds."""
    source = os.environ if environ is None else environ
    raw = source.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw.strip())
    except ValueError:
        raise SettingError(f"{name} must be a number, got {raw!r}") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise SettingError(f"{name} must be between {minimum} and {maximum}, got {value}")
    return value


def env_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    """Parse a comma-separated list, dropping blanks."""
    source = os.environ if environ is None else environ
    raw = source.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_choice(
    name: str, choices: tuple[str, ...], default: str, environ: Mapping[str, str] | None = None
) -> str:
    """Parse one of a fixed set of values."""
    value = env_str(name, default, environ)
    if value not in choices:
        raise SettingError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def env_secret(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """Read a secret from ``NAME`` or from the file named by ``NAME_FILE`` (not both)."""
    source = os.environ if environ is None else environ
    direct = source.get(name) or None
    file_name = source.get(f"{name}_FILE") or None
    if direct and file_name:
        raise SettingError(f"set {name} or {name}_FILE, not both")
    if file_name:
        path = Path(file_name)
        try:
            value = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SettingError(f"{name}_FILE: cannot read {file_name}: {exc.strerror}") from None
        if not value:
            raise SettingError(f"{name}_FILE: {file_name} is empty")
        return value
    return direct


_DB_ENGINES = {
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "sqlite": "django.db.backends.sqlite3",
}


def sqlite_database(path: str | Path, busy_seconds: float = 20.0) -> dict[str, object]:
    """SQLite settings that let requests, the worker and long jobs write side by side.

    WAL lets readers go on while one connection writes; ``IMMEDIATE`` takes the write lock when a
    transaction begins, so two transactions never deadlock upgrading a read lock (that failed at
    once with "database is locked", whatever the timeout); ``timeout`` is how long a writer waits
    for the lock before giving up. ``synchronous=NORMAL`` is safe with WAL (a power cut may lose
    the last commits, never corrupt the file) and makes each commit cheap.
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": busy_seconds,
        },
    }


def parse_database_url(url: str, sqlite_busy_seconds: float = 20.0) -> dict[str, object]:
    """Turn ``postgres://user:pass@host:port/name`` or ``sqlite:///path`` into Django settings."""
    parsed = urlparse(url)
    engine = _DB_ENGINES.get(parsed.scheme)
    if engine is None:
        raise SettingError(
            f"DATABASE_URL scheme must be postgres:// or sqlite:///, got {parsed.scheme!r}"
        )
    if engine.endswith("sqlite3"):
        path = unquote(parsed.path)
        if not path or path == "/":
            raise SettingError("DATABASE_URL for sqlite needs a file path: sqlite:///path/to/db")
        return sqlite_database(path[1:] if path.startswith("//") else path, sqlite_busy_seconds)
    name = unquote(parsed.path.lstrip("/"))
    if not name:
        raise SettingError("DATABASE_URL must name a database: postgres://user@host:5432/NAME")
    options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    return {
        "ENGINE": engine,
        "NAME": name,
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
    }


# Table of the database cache (created by the core app's migration, whichever cache is in use).
CACHE_TABLE = "peyvand_cache"
_CACHE_PREFIX_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-_.")


def parse_cache_url(url: str, key_prefix: str = "peyvand") -> dict[str, object]:
    """The shared cache for rate limits and one-time download links.

    ``redis://host:6379/0`` (or ``rediss://`` for TLS) uses Redis; empty uses a table in the
    database, so every process of one installation shares it with no other service to run.
    """
    if not key_prefix or not set(key_prefix) <= _CACHE_PREFIX_CHARACTERS:
        raise SettingError(
            f"PEYVAND_CACHE_KEY_PREFIX must be letters, digits, '-', '_' or '.', got {key_prefix!r}"
        )
    if not url:
        return {
            "BACKEND": "peyvand.core.cache.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "KEY_PREFIX": key_prefix,
            # Django culls a third of the table past MAX_ENTRIES; rate-limit counters must not be
            # pushed out by a flood of new keys, so the ceiling is far above any real load.
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    scheme = urlparse(url).scheme
    if scheme not in ("redis", "rediss"):
        raise SettingError(f"CACHE_URL scheme must be redis:// or rediss://, got {scheme!r}")
    return {"BACKEND": "peyvand.core.cache.RedisCache", "LOCATION": url, "KEY_PREFIX": key_prefix}
