"""Field-level encryption at rest: AES-256-GCM, one random nonce per value, a key id per value.

A stored value reads ``pv1:<key_id>:<base64url(nonce + ciphertext + tag)>``. The associated data
binds the value to its table and column (and to the key id), so a value copied into another
column, or edited by one bit, fails to decrypt with :class:`FieldDecryptionError` instead of
yielding garbage. Keys come from ``PEYVAND_FIELD_KEYS`` / ``PEYVAND_FIELD_KEYS_FILE``; new values
are written under ``PEYVAND_FIELD_KEY_CURRENT``; ``peyvand keys rotate`` moves old values over.

Encrypted values cannot be searched, filtered or ordered on in the database: every write uses a
fresh nonce, so equal plaintexts give different ciphertexts.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import secrets
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from peyvand.core.env import SettingError, env_secret, env_str

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

PREFIX = "pv1"
NONCE_BYTES = 12  # 96 bits, the size GCM is designed for
KEY_BYTES = 32  # AES-256
KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
DEV_KEY_FILE = "dev-field-keys.json"


class FieldCryptoError(Exception):
    """An encrypted value could not be read: never answered with silent garbage."""


class FieldDecryptionError(FieldCryptoError):
    """The value was altered, belongs to another column, or is not an encrypted value at all."""


class UnknownKeyError(FieldCryptoError):
    """The value names a key id that is not among the configured keys."""


# --- keys ------------------------------------------------------------------------------------


def _decode_key(key_id: str, encoded: object, source: str) -> bytes:
    if not KEY_ID.match(key_id):
        raise SettingError(
            f"{source}: key id {key_id!r} must be 1-40 letters, digits, '.', '_' or '-'"
        )
    if not isinstance(encoded, str):
        raise SettingError(f"{source}: key {key_id!r} must be a base64 string")
    text = encoded.strip()
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise SettingError(f"{source}: key {key_id!r} is not valid base64") from None
    if len(raw) != KEY_BYTES:
        raise SettingError(
            f"{source}: key {key_id!r} must be {KEY_BYTES} bytes (AES-256), got {len(raw)}"
        )
    return raw


def parse_field_keys(raw: str, source: str = "PEYVAND_FIELD_KEYS") -> dict[str, bytes]:
    """Parse ``{"id": "base64key", ...}`` or ``id:base64key,id:base64key``; order is kept."""
    text = raw.strip()
    if not text:
        raise SettingError(f"{source} is empty")
    pairs: list[tuple[str, object]] = []
    if text.startswith(("{", "[")):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SettingError(f"{source}: not valid JSON ({exc.msg})") from None
        if not isinstance(loaded, dict):
            raise SettingError(f"{source}: JSON must be an object of key id to base64 key")
        pairs = list(loaded.items())
    else:
        for part in text.split(","):
            item = part.strip()
            if not item:
                continue
            name, sep, value = item.partition(":")
            if not sep:
                raise SettingError(f"{source}: each entry must read id:base64key")
            pairs.append((name.strip(), value))
    keys: dict[str, bytes] = {}
    for key_id, encoded in pairs:
        if key_id in keys:
            raise SettingError(f"{source}: key id {key_id!r} appears twice")
        keys[key_id] = _decode_key(key_id, encoded, source)
    if not keys:
        raise SettingError(f"{source} names no key")
    return keys


def new_key() -> str:
    """A fresh random AES-256 key, base64url encoded."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def new_key_entry(today: date | None = None) -> str:
    """One ``id:key`` entry for PEYVAND_FIELD_KEYS (what ``peyvand keys new`` prints).

    The id carries the day it was made, so an operator can tell keys apart when rotating, and
    four random hex digits, so two keys made the same day never share an id.
    """
    made = today or datetime.now(UTC).date()
    return f"k{made:%Y%m%d}-{secrets.token_hex(2)}:{new_key()}"


def _dev_keys(data_dir: Path) -> str:
    key_file = data_dir / DEV_KEY_FILE
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Written 0600 from the start to a private temporary name, then linked into place: never
        # readable by others, and two processes starting at once agree on one key.
        temporary = data_dir / f".{DEV_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"dev1": new_key()}, handle)
            os.link(temporary, key_file)
        except FileExistsError:
            pass  # another process won the race; use its key
        finally:
            temporary.unlink(missing_ok=True)
    return key_file.read_text(encoding="utf-8")


def field_keys_from_env(
    data_dir: Path, production: bool, environ: Mapping[str, str] | None = None
) -> tuple[dict[str, bytes], str]:
    """Read the keys and the current key id from the environment; fail loudly when wrong.

    In development, without keys, one key is generated in ``DATA_DIR`` (mode 0600) and kept
    across restarts, like the development secret key. In production keys are required.
    """
    raw = env_secret("PEYVAND_FIELD_KEYS", environ)
    source = "PEYVAND_FIELD_KEYS"
    if raw is None:
        if production:
            raise SettingError(
                "PEYVAND_FIELD_KEYS or PEYVAND_FIELD_KEYS_FILE must be set when "
                "PEYVAND_ENV=production (see `peyvand keys new`)"
            )
        raw, source = _dev_keys(data_dir), str(data_dir / DEV_KEY_FILE)
    keys = parse_field_keys(raw, source)
    current = env_str("PEYVAND_FIELD_KEY_CURRENT", next(iter(keys)), environ)
    if current not in keys:
        raise SettingError(
            f"PEYVAND_FIELD_KEY_CURRENT names {current!r}, which is not in {source} "
            f"(known: {', '.join(keys)})"
        )
    return keys, current


def _settings_keys() -> tuple[Mapping[str, bytes], str]:
    from django.conf import settings

    return settings.PEYVAND_FIELD_KEYS, settings.PEYVAND_FIELD_KEY_CURRENT


# --- values ----------------------------------------------------------------------------------


def _associated_data(table: str, column: str, key_id: str) -> bytes:
    return f"{PREFIX}|{table}|{column}|{key_id}".encode()


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX + ":")


def key_id_of(stored: str) -> str | None:
    """The key id a stored value names, or None when the value is not an encrypted value."""
    if not is_encrypted(stored):
        return None
    parts = stored.split(":", 2)
    return parts[1] if len(parts) == 3 else None


def encrypt(
    plaintext: str,
    table: str,
    column: str,
    *,
    keys: Mapping[str, bytes] | None = None,
    key_id: str | None = None,
) -> str:
    """Encrypt one value for ``table.column`` under ``key_id`` (default: the current key)."""
    if keys is None or key_id is None:
        configured, current = _settings_keys()
        keys = configured if keys is None else keys
        key_id = current if key_id is None else key_id
    if key_id not in keys:
        raise UnknownKeyError(f"key id {key_id!r} is not among the configured field keys")
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(keys[key_id]).encrypt(
        nonce, plaintext.encode("utf-8"), _associated_data(table, column, key_id)
    )
    body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
    return f"{PREFIX}:{key_id}:{body}"


def decrypt(
    stored: str, table: str, column: str, *, keys: Mapping[str, bytes] | None = None
) -> str:
    """Decrypt one stored value of ``table.column``; raise a clear error rather than guess."""
    where = f"{table}.{column}"
    parts = stored.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise FieldDecryptionError(f"{where}: the stored value is not an encrypted value")
    _, key_id, body = parts
    if keys is None:
        keys = _settings_keys()[0]
    if key_id not in keys:
        raise UnknownKeyError(
            f"{where}: the value is encrypted under key id {key_id!r}, which is not among the "
            "configured field keys (PEYVAND_FIELD_KEYS)"
        )
    try:
        blob = base64.urlsafe_b64decode(body.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise FieldDecryptionError(f"{where}: the stored value is damaged (bad base64)") from None
    if len(blob) < NONCE_BYTES + 16:
        raise FieldDecryptionError(f"{where}: the stored value is damaged (too short)")
    try:
        plain = AESGCM(keys[key_id]).decrypt(
            blob[:NONCE_BYTES], blob[NONCE_BYTES:], _associated_data(table, column, key_id)
        )
    except InvalidTag:
        raise FieldDecryptionError(
            f"{where}: the value failed authentication: it was altered, or it belongs to "
            "another column"
        ) from None
    return plain.decode("utf-8")


# --- whole columns (migrations and `peyvand keys`) --------------------------------------------


def rewrite_column(
    connection: BaseDatabaseWrapper,
    table: str,
    column: str,
    rewrite: Callable[[str], str | None],
    *,
    pk: str = "id",
    batch_size: int = 500,
    after_batch: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Rewrite every non-empty stored value of ``table.column`` through ``rewrite``.

    Rows are read in primary-key order, ``batch_size`` at a time, and each batch commits on its
    own, so a run that is killed keeps what it finished. ``rewrite`` returns the new stored value
    or None to leave the row alone. An UPDATE only applies when the row still holds the value that
    was read. Returns (rows rewritten, rows left alone).
    """
    from django.db import transaction

    quote = connection.ops.quote_name
    t, c, p = quote(table), quote(column), quote(pk)
    # Identifiers come from model metadata and are quoted; values are parameters.
    select = (
        f"SELECT {p}, {c} FROM {t} WHERE {p} > %s AND {c} IS NOT NULL AND {c} <> '' ORDER BY {p}"  # noqa: S608 - quoted names from model metadata; values are parameters
    )
    update = f"UPDATE {t} SET {c} = %s WHERE {p} = %s AND {c} = %s"  # noqa: S608 - quoted names from model metadata; values are parameters
    changed = left = 0
    last: Any = -1
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"{select} LIMIT %s", [last, batch_size])
            rows = cursor.fetchall()
            for row_pk, stored in rows:
                new = rewrite(stored)
                if new is None or new == stored:
                    left += 1
                    continue
                cursor.execute(update, [new, row_pk, stored])
                changed += cursor.rowcount
        if not rows:
            return changed, left
        last = rows[-1][0]
        if after_batch is not None:
            after_batch(rows[-1][0])


def count_by_key(connection: BaseDatabaseWrapper, table: str, column: str) -> dict[str, int]:
    """How many values of ``table.column`` each key id holds; ``""`` counts values in clear."""
    quote = connection.ops.quote_name
    t, c = quote(table), quote(column)
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {c} FROM {t} WHERE {c} IS NOT NULL AND {c} <> ''")  # noqa: S608 - quoted names from model metadata
        while batch := cursor.fetchmany(2000):
            for (stored,) in batch:
                key_id = key_id_of(stored) or ""
                counts[key_id] = counts.get(key_id, 0) + 1
    return counts


def encrypt_plain_column(connection: BaseDatabaseWrapper, table: str, column: str) -> int:
    """Encrypt the values of a column that until now held plain text (data migrations)."""
    return rewrite_column(
        connection,
        table,
        column,
        lambda stored: None if is_encrypted(stored) else encrypt(stored, table, column),
    )[0]


def decrypt_column(connection: BaseDatabaseWrapper, table: str, column: str) -> int:
    """Turn a column back into plain text (reversing a data migration)."""
    return rewrite_column(
        connection,
        table,
        column,
        lambda stored: decrypt(stored, table, column) if is_encrypted(stored) else None,
    )[0]
