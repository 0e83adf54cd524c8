"""Settings come from the environment through parsers that fail loudly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from peyvand.core.env import (
    SettingError,
    env_bool,
    env_int,
    env_list,
    env_secret,
    parse_database_url,
)


def test_bool_int_list_parsers() -> None:
    assert env_bool("X", False, {"X": "Yes"}) is True
    assert env_bool("X", True, {"X": "off"}) is False
    assert env_bool("X", True, {}) is True
    with pytest.raises(SettingError, match="X must be a boolean"):
        env_bool("X", False, {"X": "maybe"})
    assert env_int("N", 5, {"N": "42"}) == 42
    with pytest.raises(SettingError, match="N must be a whole number"):
        env_int("N", 5, {"N": "4x"})
    with pytest.raises(SettingError, match="at most 65535"):
        env_int("N", 5, {"N": "70000"}, maximum=65535)
    assert env_list("H", [], {"H": "a.org, b.org,,"}) == ["a.org", "b.org"]


def test_secret_from_file(tmp_path: Path) -> None:
    secret = tmp_path / "key"
    secret.write_text("s3cret\n", encoding="utf-8")
    assert env_secret("SECRET_KEY", {"SECRET_KEY_FILE": str(secret)}) == "s3cret"
    with pytest.raises(SettingError, match="not both"):
        env_secret("SECRET_KEY", {"SECRET_KEY": "a", "SECRET_KEY_FILE": str(secret)})
    with pytest.raises(SettingError, match="cannot read"):
        env_secret("SECRET_KEY", {"SECRET_KEY_FILE": str(tmp_path / "missing")})


def test_database_urls() -> None:
    postgres = parse_database_url("postgres://peyvand:p%40ss@db.local:5433/peyvand?sslmode=require")
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert (postgres["USER"], postgres["PASSWORD"], postgres["HOST"]) == (
        "peyvand",
        "p@ss",
        "db.local",
    )
    assert (postgres["PORT"], postgres["NAME"]) == ("5433", "peyvand")
    assert postgres["OPTIONS"] == {"sslmode": "require"}
    assert parse_database_url("sqlite:////var/lib/p.sqlite3")["NAME"] == "/var/lib/p.sqlite3"
    with pytest.raises(SettingError, match="scheme"):
        parse_database_url("mysql://x/y")
    with pytest.raises(SettingError, match="must name a database"):
        parse_database_url("postgres://u@h:5432/")


def test_database_url_options_and_connection_reuse() -> None:
    postgres = parse_database_url("postgresql://u@h/peyvand?sslmode=verify-full&connect_timeout=5")
    assert postgres["OPTIONS"] == {"sslmode": "verify-full", "connect_timeout": 5}
    # Connections are kept for a minute and checked before reuse after a database restart.
    assert (postgres["CONN_MAX_AGE"], postgres["CONN_HEALTH_CHECKS"]) == (60, True)


def test_database_url_mistakes_name_the_variable_and_never_echo_it() -> None:
    # sqlite:///name would be relative to the directory the server starts in: refused, not a
    # silently different (empty) database; no path at all would be an in-memory database.
    for url in ("sqlite:///peyvand.sqlite3", "sqlite:///", "sqlite://:memory:"):
        with pytest.raises(SettingError, match="DATABASE_URL for sqlite needs an absolute path"):
            parse_database_url(url)
    for url in ("postgres://peyvand:hunter2@db:54x/peyvand", "postgres:peyvand:hunter2@db/p"):
        with pytest.raises(SettingError, match=r"^DATABASE_URL ") as raised:
            parse_database_url(url)
        assert "hunter2" not in str(raised.value)


def _import_settings(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "DATABASE"))}
    clean.update({"PEYVAND_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", "import peyvand.settings"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_secrets(tmp_path: Path) -> None:
    result = _import_settings({"PEYVAND_ENV": "production"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY or SECRET_KEY_FILE must be set" in result.stderr
    result = _import_settings(
        {"PEYVAND_ENV": "production", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": ""}, tmp_path
    )
    assert "ALLOWED_HOSTS must be set" in result.stderr
    result = _import_settings({"PEYVAND_ENV": "staging"}, tmp_path)
    assert "PEYVAND_ENV must be one of dev, production" in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    env = {
        "PEYVAND_ENV": "production",
        "SECRET_KEY": "k" * 30 + "Q7!x" + "z9" * 20,
        "ALLOWED_HOSTS": "peyvand.example.org",
        "EMAIL_HOST": "127.0.0.1",
        "DATABASE_URL": "postgres://peyvand@127.0.0.1:5432/peyvand",
        "PEYVAND_FIELD_KEYS": "k1:" + "A" * 43 + "=",  # field encryption keys are required too
    }
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "DATABASE"))}
    result = subprocess.run(
        [sys.executable, "-m", "peyvand.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, "PEYVAND_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    on_sqlite = subprocess.run(
        [sys.executable, "-m", "peyvand.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **clean,
            "PEYVAND_DATA_DIR": str(tmp_path),
            **env,
            "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite3",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert on_sqlite.returncode != 0
    assert "peyvand.W001" in on_sqlite.stderr


def test_dev_defaults_to_sqlite_and_argon2(tmp_path: Path) -> None:
    script = (
        "from django.conf import settings as s; import django; django.setup(); "
        "print(s.DATABASES['default']['ENGINE'], s.PASSWORD_HASHERS[0])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "DATABASE"))}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **clean,
            "PEYVAND_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "peyvand.settings",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
    assert (tmp_path / "dev-secret-key").stat().st_mode & 0o077 == 0
