"""`peyvand import` killed with SIGKILL mid-way, then run again: every row once, none twice."""

from __future__ import annotations

import base64
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from intake_data import REQUEST_HEADERS, request_rows, write_csv

from conftest import World


def _database(tmp_path: Path) -> tuple[str, Callable[[str], list[tuple[Any, ...]]]]:
    """A URL another process can open on this test's data, and a way to query it."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        url = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )

        def query(sql: str) -> list[tuple[Any, ...]]:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return list(cursor.fetchall())

        return url, query
    path = tmp_path / "import.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()

    def file_query(sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(path) as db:
            return list(db.execute(sql).fetchall())

    return f"sqlite:///{path}", file_query


def _env(tmp_path: Path, url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "PEYVAND_FIELD_KEY", "SECRET_KEY"))
    }
    keys = ",".join(
        f"{key_id}:{base64.urlsafe_b64encode(key).decode()}"
        for key_id, key in settings.PEYVAND_FIELD_KEYS.items()
    )
    env.update(
        {
            "DATABASE_URL": url,
            "PEYVAND_DATA_DIR": str(tmp_path),
            "PEYVAND_FIELD_KEYS": keys,
            "PEYVAND_FIELD_KEY_CURRENT": settings.PEYVAND_FIELD_KEY_CURRENT,
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


@pytest.mark.django_db(transaction=True)
def test_import_killed_mid_way_resumes_with_exact_count(world: World, tmp_path: Path) -> None:
    killed_and_resumed(world, tmp_path, 500, chunk=50, kill_after=3)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_50000_row_import_killed_mid_way_resumes_with_exact_count(
    world: World, tmp_path: Path
) -> None:
    killed_and_resumed(world, tmp_path, 50_000, chunk=500, kill_after=20)


def killed_and_resumed(
    world: World, tmp_path: Path, rows_in_file: int, *, chunk: int, kill_after: int
) -> None:
    rows = request_rows(rows_in_file, seed=11)
    rows[7][3] = "1345/13/13"  # one row for the quarantine, in the first chunk
    path = write_csv(tmp_path / "big.csv", REQUEST_HEADERS, rows)
    url, query = _database(tmp_path)
    env = _env(tmp_path, url)
    before = query("SELECT COUNT(*) FROM tracing_tracingrequest")[0][0]
    command = [
        sys.executable, "-m", "peyvand.cli", "import", str(path), "--kind", "requests",
        "--agency", "agency-a", "--no-duplicates", "--chunk-size", str(chunk),
    ]  # fmt: skip
    run = subprocess.Popen(
        [*command, "--pause-after-chunk", "0.3"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert run.stdout is not None
    committed = 0
    try:
        for line in run.stdout:
            committed += line.startswith("chunk committed")
            if committed == kill_after:
                run.kill()
                break
    finally:
        run.kill()
        run.wait(timeout=30)
    assert committed == kill_after and run.returncode == -9
    partial = query("SELECT COUNT(*) FROM tracing_tracingrequest")[0][0] - before
    # the killed run's batch still says running, naming the process that no longer is
    [(killed, status, runner)] = query("SELECT id, status, runner FROM intake_importbatch")
    assert status == "running" and runner.endswith(f":{run.pid}")
    # at least the chunks reported committed (less the quarantined row), never the whole file
    assert kill_after * chunk - 1 <= partial < rows_in_file

    resumed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{rows_in_file - 1 - partial} imported, 0 quarantined" in resumed.stdout
    # the next run recognised the killed one as stale and marked it
    assert f"batch {killed} had stopped before its end" in resumed.stdout
    statuses = query("SELECT status FROM intake_importbatch ORDER BY id")
    assert statuses == [("failed",), ("done",)]

    after = query("SELECT COUNT(*) FROM tracing_tracingrequest")[0][0] - before
    assert after == rows_in_file - 1
    ledger = query(
        "SELECT status, COUNT(*), COUNT(DISTINCT fingerprint), COUNT(DISTINCT target_id) "
        "FROM intake_importrow GROUP BY status ORDER BY status"
    )
    assert ledger == [
        ("imported", rows_in_file - 1, rows_in_file - 1, rows_in_file - 1),
        ("quarantined", 1, 1, 0),
    ]
    # every request created since is in the ledger: no record without its ledger row
    unledgered = query(
        "SELECT COUNT(*) FROM tracing_tracingrequest WHERE id NOT IN "
        "(SELECT target_id FROM intake_importrow WHERE target_id IS NOT NULL)"
    )[0][0]
    assert unledgered == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_import_stopped_by_a_signal_marks_its_batch_failed_and_resumes(
    world: World, tmp_path: Path, stop: signal.Signals
) -> None:
    rows_in_file = 300
    path = write_csv(tmp_path / "list.csv", REQUEST_HEADERS, request_rows(rows_in_file, seed=12))
    url, query = _database(tmp_path)
    env = _env(tmp_path, url)
    command = [
        sys.executable, "-m", "peyvand.cli", "import", str(path), "--kind", "requests",
        "--agency", "agency-a", "--no-duplicates", "--chunk-size", "50",
    ]  # fmt: skip
    run = subprocess.Popen(
        [*command, "--pause-after-chunk", "0.5"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert run.stdout is not None
    committed = 0
    for line in run.stdout:
        committed += line.startswith("chunk committed")
        if committed == 2:
            run.send_signal(stop)
            break
    _out, err = run.communicate(timeout=60)
    assert run.returncode == 1, err
    assert "Traceback" not in err
    assert "stopped before its end (interrupted)" in err and "Run the same command again" in err
    [(status, imported, failure, runner)] = query(
        "SELECT status, imported, failure, runner FROM intake_importbatch"
    )
    assert status == "failed" and imported >= 100 and failure and not runner

    resumed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{rows_in_file - imported} imported, 0 quarantined, {imported} already" in (
        resumed.stdout
    )
    statuses = query("SELECT status FROM intake_importbatch ORDER BY id")
    assert statuses == [("failed",), ("done",)]
