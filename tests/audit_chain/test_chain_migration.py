"""audit 0003 chains the events recorded before the hash chain existed, with its own frozen copy
of the hash: on a fresh database, and on events written before it, it gives the very hashes
today's `peyvand.audit.chain` computes, and the chain verifies.

Runs `peyvand migrate` in subprocesses on a database file of its own.
"""

from __future__ import annotations

import base64
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

OLD_KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
SEED = """
import django
django.setup()
from peyvand.audit.services import record_event
record_event(None, "case.opened", ("tracing.case", 7), details={"agency": 1}, label="seed")
record_event(None, "access.read", ("people.person", 3), reason="پیگیری خانواده", label="seed")
record_event(None, "export.made", ("tracing.case", "list"), details={"rows": [1, 2]}, label="seed")
"""
VERIFY = """
import django
django.setup()
from peyvand.audit.chain import verify_chain
report = verify_chain()
print(report.ok, report.events, report.problem)
"""


def _run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_chain_migration_on_events_written_before_it(tmp_path: Path) -> None:
    db = tmp_path / "chain.sqlite3"
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

    def chain() -> list[tuple[int, int | None, str, str]]:
        with sqlite3.connect(db) as conn:
            return conn.execute(
                "SELECT id, sequence, prev_hash, hash FROM audit_auditevent ORDER BY id"
            ).fetchall()

    _run(env, "-m", "peyvand.cli", "migrate", "-v", "0")  # a fresh database: 0003 chains nothing
    assert _run(env, "-c", VERIFY).split() == ["True", "0"]
    _run(env, "-c", SEED)
    recorded = chain()  # chained by today's audit.services
    assert len(recorded) == 3

    _run(env, "-m", "peyvand.cli", "migrate", "audit", "0002", "-v", "0")
    with sqlite3.connect(db) as conn:  # as events were before the chain: no link at all
        conn.execute("UPDATE audit_auditevent SET sequence = NULL, prev_hash = '', hash = ''")
    assert [row[1:] for row in chain()] == [(None, "", "")] * 3

    _run(env, "-m", "peyvand.cli", "migrate", "-v", "0")
    assert chain() == recorded  # the frozen hash is today's hash
    assert _run(env, "-c", VERIFY).split() == ["True", "3"]
