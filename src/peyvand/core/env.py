"""Typed parsers for settings taken from environment variables.

Every parser fails loudly with the variable's name, so a mistyped deployment stops at start-up
instead of running with a silent default.
"""

from __future__ import annotations

import ipaddress
import os
import string
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


class SettingError(ImproperlyConfigured):
    """A setting from the environment is missing or malformed.

    Its message names the variable and never echoes a secret: ``peyvand`` prints it as one line
    and exits with status 2 (peyvand.cli), instead of a traceback through Django's internals.
    """


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


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def env_networks(
    name: str, default: list[str], environ: Mapping[str, str] | None = None
) -> list[IPNetwork]:
    """Parse a comma-separated list of addresses or networks (``10.0.0.5``, ``10.0.0.0/24``)."""
    networks = []
    for part in env_list(name, default, environ):
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise SettingError(
                f"{name} must list IP addresses or networks (10.0.0.0/24), got {part!r}"
            ) from None
    return networks


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


# The backends this installation ships drivers for; dj-database-url knows more (mysql, oracle...)
# whose drivers are not installed, so those are refused here with the variable's name.
_DB_SCHEMES = {"postgres", "postgresql", "sqlite"}


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
    """Turn ``postgres://user:pass@host:port/name?opt=v`` or ``sqlite:////abs/path`` into Django
    settings (dj-database-url does the parsing); the error names DATABASE_URL, never its value,
    which may hold a password."""
    scheme, separator, _rest = url.partition("://")
    if not separator or scheme not in _DB_SCHEMES:
        # Echo the scheme only when it looks like one: a mistyped URL may hold a password.
        shown = f", got {scheme!r}" if separator and scheme.isalnum() else ""
        raise SettingError(f"DATABASE_URL scheme must be postgres:// or sqlite:///{shown}")
    sqlite = scheme == "sqlite"
    try:
        config = dj_database_url.parse(
            url, conn_max_age=0 if sqlite else 60, conn_health_checks=not sqlite
        )
    except ValueError:
        raise SettingError("DATABASE_URL is not a valid URL (check the port and quoting)") from None
    # No path would mean an in-memory database, lost at exit; sqlite:///name is relative to
    # whatever directory the server starts in (the URL convention dj-database-url follows, where
    # earlier Peyvand read /name). Both refused, so no deployment silently opens an empty file.
    if sqlite and not Path(str(config.get("NAME") or "")).is_absolute():
        raise SettingError(
            "DATABASE_URL for sqlite needs an absolute path: sqlite:////absolute/path.sqlite3"
        )
    if not config.get("NAME"):
        raise SettingError("DATABASE_URL must name a database: postgres://user@host:5432/NAME")
    if sqlite:
        return sqlite_database(str(config["NAME"]), sqlite_busy_seconds)
    config["PORT"] = str(config.get("PORT") or "")
    config.setdefault("OPTIONS", {})
    return dict(config)


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
