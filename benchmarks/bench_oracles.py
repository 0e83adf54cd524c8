"""Password reset: a known and an unknown address take the same time. Posts the reset form for
an address an account has and for one nobody has, interleaved, through Django's test client on
a fresh SQLite database with the database task backend (as served), and prints both medians and
their ratio beside the target. Each request comes from its own address, so the per-address
limit never answers instead of the page.

Run: ``.venv/bin/python -m benchmarks.bench_oracles [--rounds 300]``. Uses a fresh SQLite file
in a temporary directory unless ``DATABASE_URL`` is set."""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import tempfile
import time
from pathlib import Path

# The two medians may differ by this factor at most (noise on a shared machine included).
TARGET_RATIO = 1.25


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="peyvand-bench-oracles-") as work:
        directory = Path(work)
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{directory / 'bench.sqlite3'}")
        os.environ.setdefault("PEYVAND_DATA_DIR", str(directory))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peyvand.settings")
        os.environ["ALLOWED_HOSTS"] = "testserver"
        os.environ["PEYVAND_TASKS"] = "database"
        import django

        django.setup()
        from io import StringIO

        from django.core.management import call_command
        from django.test import Client
        from django_tasks_db.models import DBTaskResult

        from peyvand.accounts.models import Role
        from peyvand.accounts.services import create_user

        call_command("migrate", verbosity=0, stdout=StringIO())
        create_user(
            None,
            username="bench-known",
            password=secrets.token_urlsafe(24),
            role=Role.REGISTRANT,
            email="known@example.org",
        )
        times: dict[str, list[float]] = {"known": [], "unknown": []}
        for number in range(args.rounds + 1):
            for kind, email in (("known", "known@example.org"), ("unknown", "nobod@example.org")):
                client = Client(REMOTE_ADDR=f"10.{number // 250}.{number % 250}.{len(kind)}")
                began = time.perf_counter()
                response = client.post("/accounts/password-reset/", {"email": email})
                elapsed = time.perf_counter() - began
                assert response.status_code == 302, response.status_code
                if number:  # the first round warms caches
                    times[kind].append(elapsed)
        queued = DBTaskResult.objects.count()

    known = statistics.median(times["known"]) * 1000
    unknown = statistics.median(times["unknown"]) * 1000
    ratio = known / unknown
    verdict = "meets" if 1 / TARGET_RATIO <= ratio <= TARGET_RATIO else "MISSES"
    print(f"password reset, {args.rounds} requests each, interleaved; {queued} tasks queued")
    print(f"median known address: {known:.2f} ms; median unknown address: {unknown:.2f} ms")
    print(
        f"ratio known/unknown: {ratio:.3f}; target within {1 / TARGET_RATIO:.2f}-{TARGET_RATIO:.2f}"
        f" -> {verdict}"
    )


if __name__ == "__main__":
    main()
