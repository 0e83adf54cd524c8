"""`peyvand keys rotate`: every value moves to the current key, resumably, proven by a count."""

from __future__ import annotations

import base64
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from crypto_support import BOTH_KEYS, NEW_KEY, OLD_KEY, OLD_KEYS, use_keys
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from conftest import World
from peyvand.core.crypto import decrypt, key_id_of
from peyvand.core.fields import encrypted_columns
from peyvand.messaging.models import Message
from peyvand.people.models import ContactDetail
from peyvand.tracing.services import add_case_note

Snapshot = dict[tuple[str, str], dict[int, str]]


def seed(world: World, settings: Any) -> None:
    """Values in five encrypted columns, all under the old key (the world's too)."""
    use_keys(settings, {**settings.PEYVAND_FIELD_KEYS, **OLD_KEYS}, "old")
    person = world.request_a.sought
    for i in range(7):
        ContactDetail.objects.create(person=person, kind="phone", value=f"+98 912 000 {i:04}")
    for i in range(5):
        Message.objects.create(
            case=world.case_a, direction="to_sought", body=f"پیام شماره {i}", status="held"
        )
        add_case_note(world.caseworker_a, world.case_a, f"note {i}: called the family")
    call_command("keys", "rotate", stdout=StringIO())
    use_keys(settings, OLD_KEYS, "old")


def raw_rows(query: Callable[[str], list[tuple[Any, ...]]]) -> Snapshot:
    """Every non-empty stored value of every encrypted column, as the database holds it."""
    snapshot: Snapshot = {}
    for table, column, pk in encrypted_columns():
        rows = query(
            f'SELECT "{pk}", "{column}" FROM "{table}" '  # noqa: S608 - names from model metadata
            f'WHERE "{column}" IS NOT NULL AND "{column}" <> \'\''
        )
        snapshot[(table, column)] = {int(row_pk): value for row_pk, value in rows}
    return snapshot


def django_query(sql: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def plain(snapshot: Snapshot) -> Snapshot:
    return {
        (table, column): {pk: decrypt(v, table, column, keys=BOTH_KEYS) for pk, v in rows.items()}
        for (table, column), rows in snapshot.items()
    }


def _batches(rows: int, size: int) -> list[int]:
    return [min(size, rows - start) for start in range(0, rows, size)]


def key_counts(snapshot: Snapshot) -> dict[str | None, int]:
    counts: dict[str | None, int] = {}
    for rows in snapshot.values():
        for value in rows.values():
            counts[key_id_of(value)] = counts.get(key_id_of(value), 0) + 1
    return counts


@pytest.mark.django_db
def test_rotation_with_two_keys_moves_everything_and_proves_it(world: World, settings: Any) -> None:
    seed(world, settings)
    before = raw_rows(django_query)
    assert set(key_counts(before)) == {"old"}

    use_keys(settings, BOTH_KEYS, "new")
    status = StringIO()
    call_command("keys", "status", stdout=status)
    assert "messaging_message.body: old: 5" in status.getvalue()
    out = StringIO()
    call_command("keys", "rotate", "--batch-size", "3", stdout=out)
    assert "people_contactdetail.value: 7 re-encrypted, 0 already under new" in out.getvalue()
    assert out.getvalue().rstrip().endswith("0 values under old keys")

    after = raw_rows(django_query)
    assert set(key_counts(after)) == {"new"}
    assert plain(after) == plain(before)
    # Run again: nothing left to do, nothing encrypted twice.
    again = StringIO()
    call_command("keys", "rotate", stdout=again)
    assert "people_contactdetail.value: 0 re-encrypted, 7 already under new" in again.getvalue()
    assert raw_rows(django_query) == after
    # The old key can now go.
    use_keys(settings, {"new": BOTH_KEYS["new"]}, "new")
    assert ContactDetail.objects.filter(person=world.request_a.sought).count() == 7
    assert {m.body for m in Message.objects.all()} == {f"پیام شماره {i}" for i in range(5)}


@pytest.mark.django_db
def test_rotation_fails_loudly_on_a_value_under_an_unknown_key(world: World, settings: Any) -> None:
    seed(world, settings)
    use_keys(settings, {"new": BOTH_KEYS["new"]}, "new")
    with pytest.raises(Exception, match="key id 'old', which is not among"):
        call_command("keys", "rotate", stdout=StringIO())
    with pytest.raises(CommandError, match="batch-size"):
        call_command("keys", "rotate", "--batch-size", "0", stdout=StringIO())


def _subprocess_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "PEYVAND_FIELD_KEY", "SECRET_KEY"))
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "PEYVAND_DATA_DIR": str(tmp_path),
            "PEYVAND_FIELD_KEYS": f"old:{OLD_KEY},new:{NEW_KEY}",
            "PEYVAND_FIELD_KEY_CURRENT": "new",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _database_for_subprocess(tmp_path: Path) -> tuple[str, Callable[[str], list[tuple[Any, ...]]]]:
    """A URL another process can open on the data this test wrote, and a way to query it."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        url = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
        return url, django_query
    # pytest-django keeps the SQLite test database in memory: copy it to a file both can open.
    path = tmp_path / "rotation.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()

    def file_query(sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(path) as db:
            return list(db.execute(sql).fetchall())

    return f"sqlite:///{path}", file_query


@pytest.mark.django_db(transaction=True)
def test_rotation_killed_mid_way_resumes_without_loss_or_double_encryption(
    world: World, settings: Any, tmp_path: Path
) -> None:
    seed(world, settings)
    url, query = _database_for_subprocess(tmp_path)
    before = raw_rows(query)
    total = sum(len(rows) for rows in before.values())
    assert set(key_counts(before)) == {"old"}
    env = _subprocess_env(tmp_path, url)
    command = [sys.executable, "-m", "peyvand.cli", "keys", "rotate", "--batch-size", "2"]

    # Kill -9 while the run sleeps after its fourth committed batch.
    run = subprocess.Popen(
        [*command, "--pause-after-batch", "0.5"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert run.stdout is not None
    committed = 0
    try:
        for line in run.stdout:
            committed += line.startswith("batch committed")
            if committed == 4:
                run.kill()
                break
    finally:
        run.kill()
        run.wait(timeout=30)
    assert committed == 4 and run.returncode == -9

    partial = raw_rows(query)
    counts = key_counts(partial)
    # Batches of 2, column after column in the rotation's order (a column's last batch may
    # hold one value): the first four batches re-encrypted these many values.
    batches = [(where, n) for where, rows in before.items() for n in _batches(len(rows), 2)]
    moved_in: dict[tuple[str, str], int] = {}
    for where, n in batches[:4]:
        moved_in[where] = moved_in.get(where, 0) + n
    moved = sum(moved_in.values())
    assert counts["new"] == moved and counts["old"] == total - moved
    assert moved_in[("messaging_message", "body")] > 0  # the kill fell inside these columns
    assert plain(partial) == plain(before)

    resumed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    for (table, column), rows in before.items():
        done = moved_in.get((table, column), 0)
        line = f"{table}.{column}: {len(rows) - done} re-encrypted, {done} already under new"
        assert line in resumed.stdout
    assert resumed.stdout.rstrip().endswith("0 values under old keys")

    after = raw_rows(query)
    assert key_counts(after) == {"new": total}
    # What the killed run re-encrypted is left as it was, not encrypted a second time.
    for where, rows in partial.items():
        for pk, value in rows.items():
            if key_id_of(value) == "new":
                assert after[where][pk] == value, (where, pk)
    originals = plain(before)
    assert plain(after) == originals  # nothing lost, nothing encrypted twice
    assert not any(v.startswith("pv1:") for rows in originals.values() for v in rows.values())
    assert base64.urlsafe_b64decode(NEW_KEY) == BOTH_KEYS["new"]
