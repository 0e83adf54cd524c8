"""Encrypted backups: the database as its own tools dump it, sealed with a passphrase.

What is inside: PostgreSQL's ``pg_dump --format=custom`` (restored by ``pg_restore``) or a copy of
the SQLite file made with SQLite's online backup API. Both keep every stored value byte for byte:
encrypted fields stay encrypted under their field keys and the audit chain keeps its hashes.

What is never inside: the field keys. They live outside the database (``PEYVAND_FIELD_KEYS``)
and must be kept apart from the backups, so that a stolen backup and its passphrase still do not
disclose contact details, places, messages or notes. The backup names the keys its values need,
by id and a one-way fingerprint, so that a restore refuses to start without the same keys.

File format: ``MAGIC``, a clear JSON header (scrypt parameters and salt, a nonce prefix), then
the payload in AES-256-GCM chunks of at most ``CHUNK`` bytes, each a 4-byte length + ciphertext.
Chunk ``i`` uses the nonce ``prefix + i`` and authenticates the header, ``i`` and whether it is
the last chunk, so reordered, dropped or truncated chunks fail to decrypt. The payload is a
4-byte manifest length, the JSON manifest (database vendor, time, key fingerprints), the dump.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import shutil
import sqlite3
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from peyvand.core.crypto import count_by_key
from peyvand.core.fields import encrypted_columns

MAGIC = b"PEYVAND-BACKUP-1\n"
CHUNK = 1 << 20
SCRYPT = {"n": 1 << 15, "r": 8, "p": 1}
MIN_PASSPHRASE = 16
FINGERPRINT_LABEL = b"peyvand backup: field key fingerprint"


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why (and is safe to print)."""


@dataclass(frozen=True)
class Manifest:
    vendor: str
    created: str
    keys: dict[str, str]  # key id -> fingerprint, for every key that encrypts a stored value


def key_fingerprint(key: bytes) -> str:
    """Tells two keys apart without telling anything about the key."""
    return hmac.new(key, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:16]


def _derive(passphrase: str, salt: bytes, params: dict[str, int]) -> AESGCM:
    kdf = Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"])
    return AESGCM(kdf.derive(passphrase.encode()))


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">I?", index, last)


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def _read_exact(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise BackupError(_("The backup file is cut short."))
    return data


def seal(payload: Iterator[bytes], passphrase: str, out: IO[bytes]) -> None:
    """Write ``payload`` (any chunks of bytes) encrypted to ``out``."""
    salt, prefix = secrets.token_bytes(16), secrets.token_bytes(8)
    header = json.dumps(
        {
            "kdf": "scrypt",
            **SCRYPT,
            "salt": base64.b64encode(salt).decode(),
            "nonce": base64.b64encode(prefix).decode(),
        },
        sort_keys=True,
    ).encode()
    aead = _derive(passphrase, salt, SCRYPT)
    out.write(MAGIC + struct.pack(">I", len(header)) + header)
    index, pending = 0, b""
    for piece in payload:
        pending += piece
        while len(pending) > CHUNK:
            block, pending = pending[:CHUNK], pending[CHUNK:]
            sealed = aead.encrypt(_nonce(prefix, index), block, _aad(header, index, False))
            out.write(struct.pack(">I", len(sealed)) + sealed)
            index += 1
    sealed = aead.encrypt(_nonce(prefix, index), pending, _aad(header, index, True))
    out.write(struct.pack(">I", len(sealed)) + sealed)


def unseal(source: IO[bytes], passphrase: str) -> Iterator[bytes]:
    """The payload of a sealed file, chunk by chunk; BackupError on any tampering."""
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError(_("This is not a Peyvand backup file."))
    (length,) = struct.unpack(">I", _read_exact(source, 4))
    header = _read_exact(source, length)
    try:
        fields = json.loads(header)
        salt, prefix = base64.b64decode(fields["salt"]), base64.b64decode(fields["nonce"])
        params = {name: int(fields[name]) for name in ("n", "r", "p")}
    except (ValueError, KeyError, TypeError):
        raise BackupError(_("The backup file is damaged.")) from None
    aead = _derive(passphrase, salt, params)
    index, size_field = 0, source.read(4)
    while True:
        if len(size_field) != 4:
            raise BackupError(_("The backup file is cut short."))
        (size,) = struct.unpack(">I", size_field)
        sealed = _read_exact(source, size)
        size_field = source.read(4)
        last = size_field == b""
        try:
            yield aead.decrypt(_nonce(prefix, index), sealed, _aad(header, index, last))
        except InvalidTag:
            if index == 0:
                raise BackupError(
                    _("The passphrase does not open this backup, or the file was altered.")
                ) from None
            raise BackupError(_("The backup file is damaged.")) from None
        if last:
            return
        index += 1


# --- what the backup holds ---------------------------------------------------------------------


def vendor() -> str:
    return str(connection.vendor)


def keys_in_use() -> dict[str, str]:
    """Fingerprints of the configured keys under which at least one stored value is encrypted."""
    used: set[str] = set()
    for table, column, _pk in encrypted_columns():
        used.update(key_id for key_id in count_by_key(connection, table, column) if key_id)
    configured = settings.PEYVAND_FIELD_KEYS
    missing = sorted(used - set(configured))
    if missing:
        raise BackupError(
            _("Stored values use keys that are not configured: %(keys)s.")
            % {"keys": ", ".join(missing)}
        )
    return {key_id: key_fingerprint(configured[key_id]) for key_id in sorted(used)}


def check_keys(manifest: Manifest) -> None:
    """Refuse a restore whose encrypted values this installation's keys cannot read."""
    configured = settings.PEYVAND_FIELD_KEYS
    wrong = [
        key_id
        for key_id, fingerprint in manifest.keys.items()
        if key_id not in configured or key_fingerprint(configured[key_id]) != fingerprint
    ]
    if wrong:
        raise BackupError(
            _(
                "PEYVAND_FIELD_KEYS must hold the same keys as when the backup was made; "
                "missing or different: %(keys)s."
            )
            % {"keys": ", ".join(wrong)}
        )


def _postgres_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    for name, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(name):
            env[variable] = str(db[name])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    options = cast(dict[str, Any], db.get("OPTIONS") or {})
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(tool)s is not installed (Debian: apt-get install postgresql-client).")
            % {"tool": name}
        )
    return path


def _dump_postgres() -> Iterator[bytes]:
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(  # noqa: S603 (pg_dump, our arguments)
            command, env=_postgres_env(), stdout=subprocess.PIPE, stderr=errors
        )
        assert process.stdout is not None
        while piece := process.stdout.read(CHUNK):
            yield piece
        if process.wait() != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
            raise BackupError(
                _("%(tool)s failed: %(error)s") % {"tool": "pg_dump", "error": message}
            )


@contextmanager
def _private_directory(near: Path | None = None) -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix=".peyvand-backup-", dir=near))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _dump_sqlite() -> Iterator[bytes]:
    with _private_directory() as directory:
        copy = directory / "copy.sqlite3"
        source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        target = sqlite3.connect(copy)
        try:
            source.backup(target)  # consistent even while the app writes
        finally:
            target.close()
            source.close()
        with copy.open("rb") as dump:
            while piece := dump.read(CHUNK):
                yield piece


def make_backup(passphrase: str, out: IO[bytes]) -> Manifest:
    """Write an encrypted backup of the whole database to ``out``."""
    check_passphrase(passphrase)
    manifest = Manifest(
        vendor=vendor(),
        created=_now(),
        keys=keys_in_use(),
    )
    if manifest.vendor not in ("postgresql", "sqlite"):
        raise BackupError(
            _("Backups of %(vendor)s databases are not supported.") % {"vendor": manifest.vendor}
        )
    document = json.dumps(manifest.__dict__, sort_keys=True).encode()
    dump = _dump_postgres() if manifest.vendor == "postgresql" else _dump_sqlite()

    def payload() -> Iterator[bytes]:
        yield struct.pack(">I", len(document)) + document
        yield from dump

    seal(payload(), passphrase, out)
    return manifest


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(
            _("The backup passphrase must be at least %(count)s characters.")
            % {"count": MIN_PASSPHRASE}
        )
    for key in settings.PEYVAND_FIELD_KEYS.values():
        encodings = {base64.b64encode(key).decode(), base64.urlsafe_b64encode(key).decode()}
        if any(passphrase.strip("=") == text.strip("=") for text in encodings):
            raise BackupError(_("The backup passphrase must not be a field key: keep them apart."))


def _now() -> str:
    return timezone.now().isoformat(timespec="seconds")


# --- restoring ---------------------------------------------------------------------------------


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _restore_postgres(dump: Path) -> None:
    command = [
        _tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
        str(settings.DATABASES["default"]["NAME"]),
        str(dump),
    ]
    connections.close_all()
    result = subprocess.run(  # noqa: S603 (pg_restore, our arguments)
        command, env=_postgres_env(), capture_output=True, check=False
    )
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip()
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": "pg_restore", "error": message}
        )


def _restore_sqlite(dump: Path) -> None:
    target = Path(str(settings.DATABASES["default"]["NAME"]))
    connections.close_all()
    placed = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(dump, placed)
    placed.chmod(0o600)
    os.replace(placed, target)  # whole or not at all


def restore_backup(passphrase: str, source: IO[bytes]) -> Manifest:
    """Restore a backup into this installation's empty database."""
    if not database_is_empty():
        raise BackupError(
            _(
                "The database is not empty: restore only into a new, empty database "
                "(do not run migrate first)."
            )
        )
    with _private_directory() as directory:
        dump = directory / "dump"
        manifest: Manifest | None = None
        with dump.open("wb") as written:
            pending = b""
            for piece in unseal(source, passphrase):
                if manifest is None:
                    pending += piece
                    if len(pending) < 4:
                        continue
                    (length,) = struct.unpack(">I", pending[:4])
                    if len(pending) < 4 + length:
                        continue
                    manifest = Manifest(**json.loads(pending[4 : 4 + length]))
                    if manifest.vendor != vendor():
                        raise BackupError(
                            _("This backup is of a %(backup)s database; this one is %(here)s.")
                            % {"backup": manifest.vendor, "here": vendor()}
                        )
                    check_keys(manifest)
                    piece = pending[4 + length :]
                written.write(piece)
        if manifest is None:
            raise BackupError(_("The backup file is cut short."))
        if manifest.vendor == "postgresql":
            _restore_postgres(dump)
        else:
            _restore_sqlite(dump)
    return manifest
