"""Typed parsers for settings taken from environment variables.

Every parser fails loudly with the variable's name, so a mistyped deployment stops at start-up
instead of running with a silent default.
"""

from __future__ import annotations

import ipaddress
import os
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


_DB_ENGINES = {
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "sqlite": "django.db.backends.sqlite3",
}


def parse_database_url(url: str) -> dict[str, object]:
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
        return {"ENGINE": engine, "NAME": path[1:] if path.startswith("//") else path}
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
