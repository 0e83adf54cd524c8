"""`peyvand backup` / `peyvand restore`: an encrypted copy of the database, without the field keys;
restored into an empty database with the same keys, the audit chain verifies and every encrypted
field reads back the same. Without the keys, or with another passphrase, the restore refuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest

PEYVAND = [sys.executable, "-m", "peyvand.cli"]
PASSPHRASE = "correct-horse-battery-staple"

# Every encrypted field of every model, decrypted through the ORM: a digest and a count. The
# audit trail is left out: backup and restore each append an event to it (its reasons are
# encrypted too), and `audit verify` checks it on its own.
READ_ENCRYPTED = """
import hashlib, django
django.setup()
from django.apps import apps
from peyvand.core.fields import EncryptedTextField
digest, count = hashlib.sha256(), 0
for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
    if model._meta.label == "audit.AuditEvent":
        continue
    for field in model._meta.concrete_fields:
        if isinstance(field, EncryptedTextField):
            for value in model.objects.order_by("pk").values_list(field.name, flat=True):
                digest.update(repr(value).encode())
                count += bool(value)
print(count, digest.hexdigest())
"""


def _run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*PEYVAND, *args], env=env, capture_output=True, text=True, check=False)
    assert not check or result.returncode == 0, result.stderr
    return result


def _read_encrypted(env: dict[str, str]) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-c", READ_ENCRYPTED],
        env={**env, "DJANGO_SETTINGS_MODULE": "peyvand.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    count, digest = result.stdout.split()
    return int(count), digest


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """Two environments: a source database and an empty one, on the suite's database vendor."""
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base.update({"PEYVAND_BACKUP_PASSPHRASE": PASSPHRASE, "LANGUAGE": "en"})
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        yield (
            {**base, "PEYVAND_DATA_DIR": str(tmp_path / "a")},
            {**base, "PEYVAND_DATA_DIR": str(tmp_path / "b")},
        )
        return
    parsed = urlparse(url)
    names = [f"{parsed.path.lstrip('/')}_backup_{side}" for side in ("from", "to")]
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as server:
        for name in names:
            server.execute(f'DROP DATABASE IF EXISTS "{name}"')
            server.execute(f'CREATE DATABASE "{name}"')
    envs = [
        {
            **base,
            "PEYVAND_DATA_DIR": str(tmp_path),
            "DATABASE_URL": parsed._replace(path=f"/{name}").geturl(),
        }
        for name in names
    ]
    try:
        yield envs[0], envs[1]
    finally:
        with psycopg.connect(admin, autocommit=True) as server:
            for name in names:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_into_an_empty_database_with_the_same_keys(
    databases: tuple[dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    source, target = databases
    _run(source, "migrate", "-v", "0")
    _run(source, "demo", "--persons", "30")
    keys = _run(source, "keys", "new").stdout.strip()
    # Field keys as production gives them: from the environment, never from the backup.
    dev_keys = json.loads(Path(source["PEYVAND_DATA_DIR"], "dev-field-keys.json").read_text())
    field_keys = ",".join(f"{key_id}:{key}" for key_id, key in dev_keys.items())
    source["PEYVAND_FIELD_KEYS"] = field_keys
    before = _read_encrypted(source)
    assert before[0] > 0
    backup = tmp_path / "peyvand.backup"
    made = _run(source, "backup", "-o", str(backup))
    assert f"need these field keys: {', '.join(dev_keys)}" in made.stdout
    sealed = backup.read_bytes()
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    for key in dev_keys.values():
        assert key.encode() not in sealed
    assert b"audit_auditevent" not in sealed and b"SQLite format" not in sealed

    # Without the field keys, another key, or another passphrase: refused, nothing restored.
    elsewhere = {**target, "PEYVAND_FIELD_KEYS": keys}  # a fresh key, under its own id
    refused = _run(elsewhere, "restore", str(backup), check=False)
    assert refused.returncode != 0
    assert "PEYVAND_FIELD_KEYS must hold the same keys" in refused.stderr
    wrong = {**target, "PEYVAND_FIELD_KEYS": field_keys, "PEYVAND_BACKUP_PASSPHRASE": "x" * 20}
    refused = _run(wrong, "restore", str(backup), check=False)
    assert "The passphrase does not open this backup" in refused.stderr

    target["PEYVAND_FIELD_KEYS"] = field_keys
    restored = _run(target, "restore", str(backup))
    assert "Restored the backup" in restored.stdout
    verified = _run(target, "audit", "verify")
    assert verified.stdout.startswith("OK:")
    assert _read_encrypted(target) == before
    # A second restore over it is refused: only into an empty database.
    again = _run(target, "restore", str(backup), check=False)
    assert again.returncode != 0 and "The database is not empty" in again.stderr


def test_backup_needs_a_long_passphrase(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"PEYVAND_DATA_DIR": str(tmp_path), "LANGUAGE": "en"})
    missing = _run(env, "backup", "-o", str(tmp_path / "b"), check=False)
    assert "Set PEYVAND_BACKUP_PASSPHRASE or PEYVAND_BACKUP_PASSPHRASE_FILE" in missing.stderr
    short = _run(
        {**env, "PEYVAND_BACKUP_PASSPHRASE": "short"},
        "backup",
        "-o",
        str(tmp_path / "b"),
        check=False,
    )
    assert "at least 16 characters" in short.stderr
    assert not (tmp_path / "b").exists()
