"""The `*_encrypt_fields` migrations encrypt rows that were stored in clear, and can be undone.

Runs `peyvand migrate` in subprocesses on a database file of its own: from nothing (a fresh
database), back to the schema before encryption (which decrypts), then forward again (which
encrypts what is there). The migrations carry their own frozen copy of the value format; the
values they write are read back with today's `peyvand.core.crypto`.
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


TRACING_SEED = """
import django
django.setup()
from conftest import make_world
from peyvand.tracing.services import add_case_note
world = make_world()
request = world.request_a
request.circumstances = "در راه ترکیه از هم جدا شدند"
request.message_for_sought = "مادرت هنوز دنبالت می‌گردد"
request.save(update_fields=["circumstances", "message_for_sought"])
add_case_note(world.caseworker_a, world.request_a.case, "تماس با خواهرش در مشهد")
"""
TRACING_COLUMNS = [
    ("tracing_tracingrequest", "last_contact_place"),
    ("tracing_tracingrequest", "circumstances"),
    ("tracing_tracingrequest", "message_for_sought"),
    ("tracing_casenote", "text"),
]
TESTS = Path(__file__).resolve().parents[1]


def _run(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr


def _env(tmp_path: Path, db: Path) -> dict[str, str]:
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
    return env


def test_migrations_encrypt_rows_stored_in_clear_and_reverse(tmp_path: Path) -> None:
    db = tmp_path / "migrate.sqlite3"
    env = _env(tmp_path, db)

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


def test_tracing_encrypt_fields_migration_on_rows_written_before_it(tmp_path: Path) -> None:
    """tracing 0003 (places, circumstances, messages, case notes): back to 0002 gives the plain
    text, forward again encrypts it under the current key, and today's code reads it."""
    db = tmp_path / "migrate.sqlite3"
    env = _env(tmp_path, db)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS), env.get("PYTHONPATH", "")]))

    def columns() -> dict[tuple[str, str], list[str]]:
        with sqlite3.connect(db) as conn:
            return {
                (table, column): [
                    value
                    for (value,) in conn.execute(
                        f"SELECT {column} FROM {table} WHERE {column} <> '' ORDER BY id"  # noqa: S608 - names from this test
                    )
                ]
                for table, column in TRACING_COLUMNS
            }

    _run(env, "-m", "peyvand.cli", "migrate", "-v", "0")
    _run(env, "-c", TRACING_SEED)
    encrypted = columns()
    assert all(encrypted.values()), encrypted  # every column has a value to migrate
    assert {key_id_of(v) for values in encrypted.values() for v in values} == {"old"}

    _run(env, "-m", "peyvand.cli", "migrate", "tracing", "0002", "-v", "0")
    plain = columns()
    assert {key_id_of(v) for values in plain.values() for v in values} == {None}
    assert "تماس با خواهرش در مشهد" in plain[("tracing_casenote", "text")]

    _run(env, "-m", "peyvand.cli", "migrate", "-v", "0")
    again = columns()
    for (table, column), values in again.items():
        assert [key_id_of(v) for v in values] == ["old"] * len(values)
        assert [decrypt(v, table, column, keys=OLD_KEYS) for v in values] == plain[(table, column)]
