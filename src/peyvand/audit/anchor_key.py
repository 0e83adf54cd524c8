"""The key that signs audit checkpoints: an Ed25519 key kept outside the database.

Ed25519 rather than an HMAC: whoever holds only the public key (the data-protection officer, an
outside auditor, a second machine running ``peyvand audit verify``) can check a checkpoint but
cannot make one, whereas every holder of an HMAC key could forge checkpoints too.
No Django import: settings read the key through :func:`anchor_key_from_env`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from peyvand.core.env import SettingError, env_secret

SEED_BYTES = 32
DEFAULT_KEY_FILE = "audit-anchor-key"


def decode_private_key(text: str, source: str) -> Ed25519PrivateKey:
    """The key from base64 (standard or URL-safe) of its 32-byte seed; fail with ``source``."""
    value = text.strip()
    padded = value + "=" * (-len(value) % 4)
    try:
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise SettingError(f"{source}: not valid base64") from None
    if len(raw) != SEED_BYTES:
        raise SettingError(f"{source}: an Ed25519 key is {SEED_BYTES} bytes, got {len(raw)}")
    return Ed25519PrivateKey.from_private_bytes(raw)


def new_private_key() -> str:
    """A fresh key, base64 encoded (what ``peyvand audit new-anchor-key`` prints)."""
    return base64.b64encode(secrets.token_bytes(SEED_BYTES)).decode("ascii")


def public_key_text(key: Ed25519PublicKey) -> str:
    return base64.b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode("ascii")


def key_id(key: Ed25519PublicKey) -> str:
    """A short name for a public key, written into each checkpoint."""
    return hashlib.sha256(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()[:16]


def anchor_key_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """``PEYVAND_AUDIT_ANCHOR_KEY`` or ``_FILE``, checked now so a bad key stops start-up."""
    raw = env_secret("PEYVAND_AUDIT_ANCHOR_KEY", environ)
    if raw is not None:
        decode_private_key(raw, "PEYVAND_AUDIT_ANCHOR_KEY")
    return raw


def default_key(data_dir: Path) -> str:
    """The key kept in ``data_dir`` when none is configured, made on first use (mode 0600)."""
    key_file = data_dir / DEFAULT_KEY_FILE
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Private from the start under a temporary name, then linked into place: two processes
        # making the key at once agree on one.
        temporary = data_dir / f".{DEFAULT_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(new_private_key())
            os.link(temporary, key_file)
        except FileExistsError:
            pass
        finally:
            temporary.unlink(missing_ok=True)
    return key_file.read_text(encoding="ascii")
