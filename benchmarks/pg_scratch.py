"""Scratch PostgreSQL databases for the load benchmarks: each run gets an empty database of its
own, made next to the one named (never that one itself) and dropped afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlparse

import psycopg

PEYVAND = [sys.executable, "-m", "peyvand.cli"]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/peyvand_bench"


def server_url() -> str:
    """``BENCH_DATABASE_URL``, else ``DATABASE_URL`` when it is PostgreSQL, else the local one."""
    for name in ("BENCH_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return DEFAULT_URL


@contextmanager
def scratch_database(suffix: str) -> Iterator[dict[str, str]]:
    """An empty, migrated database ``<name>_<suffix>`` and a fresh data directory (field keys,
    audit checkpoints); yields the environment for ``peyvand`` commands using them."""
    url = urlparse(server_url())
    name = f"{url.path.lstrip('/') or 'peyvand_bench'}_{suffix}"
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory(prefix="peyvand-bench-") as data_dir:
            env = {
                **os.environ,
                "DATABASE_URL": url._replace(path=f"/{name}").geturl(),
                "PEYVAND_DATA_DIR": data_dir,
                "DJANGO_SETTINGS_MODULE": "peyvand.settings",
                "LANGUAGE": "en",
            }
            subprocess.run([*PEYVAND, "migrate", "-v", "0"], env=env, check=True)  # noqa: S603 (this interpreter and the peyvand command)
            yield env
    finally:
        with psycopg.connect(admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
