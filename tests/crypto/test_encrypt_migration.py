"""The `*_encrypt_fields` migrations encrypt rows that were stored in clear, and can be undone.

Runs `peyvand migrate` in subprocesses on a database file of its own: back to the schema before
encryption (which decrypts), then forward again (which encrypts what is there).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from crypto_support import OLD_KEY, OLD_KEYS

from peyvand.core.crypto import decrypt, key_id_of

SEED = """
import django
django.setup()
from peyvand.accounts.models import Agency
from peyvand.people.models import ContactDetail, Person
agency = Agency.objects.create(name="A", code="a", country="AL")
person = Person.objects.create(agency=agency)
ContactDetail.objects.create(person=person, kind="phone", value="+98 912 555 0173")
ContactDetail.objects.create(person=person, kind="address", value="کوچه ۱۲، تهران")
"""


def _run(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_migrations_encrypt_rows_stored_in_clear_and_reverse(tmp_path: Path) -> None:
    db = tmp_path / "migrate.sqlite3"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "PEYVAND_FIELD_KEY", "SECRET_KEY"))
    }
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{db}",
            "PEYVAND_DATA_DIR": str(tmp_path),
            "PEYVAND_FIELD_KEYS": f"old:{OLD_KEY}",
            "DJANGO_SETTINGS_MODULE": "peyvand.settings",
        }
    )

    def values() -> list[str]:
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT value FROM people_contactdetail ORDER BY id").fetchall()
        return [value for (value,) in rows]

    _run(env, "-m", "peyvand.cli", "migrate", "-v", "0")
    _run(env, "-c", SEED)
    encrypted = values()
    assert [key_id_of(v) for v in encrypted] == ["old", "old"]

    _run(env, "-m", "peyvand.cli", "migrate", "people", "0002", "-v", "0")
    assert values() == ["+98 912 555 0173", "کوچه ۱۲، تهران"]

    _run(env, "-m", "peyvand.cli", "migrate", "people", "-v", "0")
    again = values()
    assert [key_id_of(v) for v in again] == ["old", "old"]
    assert again != encrypted  # fresh nonces
    plain = [decrypt(v, "people_contactdetail", "value", keys=OLD_KEYS) for v in again]
    assert plain == ["+98 912 555 0173", "کوچه ۱۲، تهران"]
