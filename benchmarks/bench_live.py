"""Live matching benchmark: the database candidate index at registry scale.

Loads a synthetic registry (names from the odd clusters of ``units_dev.csv``, as in
``bench_people``) through the bulk path the imports use — persons, names, registrations, audit
events and index rows, in chunks of one transaction each — then, in a fresh process that has
loaded nothing, times new tracing requests end to end (keys read, candidates scored, pairs
stored) and new registrations against the open requests, and reports that process's resident
memory. Online F1 is over the timed requests whose person is (or is not) registered.

Run: ``.venv/bin/python -m benchmarks.bench_live [--registry N] [--requests N] [--queries N]
[--seed S] [--relink] [--sqlite]``. On PostgreSQL (the server ``DATABASE_URL`` names, else
127.0.0.1:5432; a database ``peyvand_bench_live`` is created there and dropped first), or with
``--sqlite`` on a SQLite file, the embedded default.
Targets: request p95 ≤ 50 ms at 1,000,000 on PostgreSQL (≤ 50 ms at 100,000 on SQLite);
registration p95 ≤ 100 ms against 100,000 open requests; resident memory ≤ 500 MB; loading
1,000,000 persons ≤ 10 minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_REQUEST_P95_MS = 50.0
TARGET_REGISTRATION_P95_MS = 100.0
TARGET_RSS_MB = 500.0
TARGET_LOAD_SECONDS_PER_MILLION = 600.0
CHUNK = 2000
BENCH_DB = "peyvand_bench_live"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
PSQL = shutil.which("psql") or "psql"


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _database_env(directory: Path, sqlite: bool) -> dict[str, str]:
    env = dict(os.environ)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = DEFAULT_SERVER
    if not sqlite:
        base = url.rsplit("/", 1)[0]
        admin = f"{base}/postgres"
        for sql in (
            f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)",
            f"CREATE DATABASE {BENCH_DB}",
        ):
            subprocess.run([PSQL, "-q", admin, "-c", sql], check=True)  # noqa: S603 (fixed SQL)
        env["DATABASE_URL"] = f"{base}/{BENCH_DB}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    env.update(
        PEYVAND_DATA_DIR=str(directory),
        DJANGO_SETTINGS_MODULE="peyvand.settings",
        PEYVAND_TASKS="database",  # matching is timed here, not queued to a worker
    )
    return env


def _phase(env: dict[str, str], *args: str) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 (this module, with arguments built here)
        [sys.executable, "-m", "benchmarks.bench_live", "--phase", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(done.stderr)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _setup() -> None:
    import django

    django.setup()


def _person_input(record: Any) -> Any:
    from peyvand.people.services import NameInput, PersonInput

    return PersonInput(
        names=[NameInput(full=record.names[0])],
        sex=record.sex or "",
        birth_date_text=str(record.birth_year) if record.birth_year else "",
        birthplace=record.birthplace or "",
        father_given_name=record.father_name or "",
    )


def _generator(seed: int) -> Any:
    from benchmarks.data_paths import names_data_dir
    from benchmarks.people_data import BIRTHPLACES, unit_pools
    from peyvand.linkage.internals.synthetic import PeopleGenerator

    given, family = unit_pools(names_data_dir() / "units_dev.csv", keep="odd")
    return PeopleGenerator(given, family, BIRTHPLACES, seed=seed)


def load(registry: int, requests: int, queries: int, seed: int, out: Path) -> dict[str, Any]:
    """Fill the database; keep the timed queries (and their truth) in ``out``."""
    _setup()
    from django.core.management import call_command
    from django.db import transaction

    from peyvand.accounts.services import create_agency
    from peyvand.core.bulk import refresh_statistics
    from peyvand.people.services import NameInput, PersonInput, clean_person
    from peyvand.tracing.queue import matching_deferred
    from peyvand.tracing.services import CleanRequest, register_persons, submit_tracing_requests

    call_command("migrate", "--noinput", verbosity=0)
    agency = create_agency(None, name="Bench agency", code="bench", country="AL")
    generator = _generator(seed)
    sample_every = max(1, registry // (queries * 2))
    sampled: list[tuple[Any, int]] = []
    load_seconds = 0.0  # the bulk path only: validation, writes, index; not the generator
    load_cpu = 0.0  # this process's CPU in it (the database server's not counted)
    made = 0
    with matching_deferred():
        while made < registry:
            size = min(CHUNK, registry - made)
            persons = [generator.person(f"p{made + i}") for i in range(size)]
            records = [generator.registry_record(p) for p in persons]
            start, start_cpu = time.perf_counter(), time.process_time()
            people = [(clean_person(_person_input(r)), "in_person") for r in records]
            with transaction.atomic():
                ids = register_persons(None, agency, people)
            load_seconds += time.perf_counter() - start
            load_cpu += time.process_time() - start_cpu
            sampled += [(persons[i], ids[i]) for i in range(0, size, sample_every)]
            made += size

    def request_input(record: Any) -> CleanRequest:
        seeker = clean_person(PersonInput(names=[NameInput(full="مادر")], sex="f"))
        return CleanRequest(seeker, clean_person(_person_input(record)), "child", None, "", "")

    start = time.perf_counter()
    with matching_deferred():
        for offset in range(0, requests, CHUNK):
            size = min(CHUNK, requests - offset)
            batch = [
                request_input(generator.request_record(generator.person(f"o{offset + i}"), "o"))
                for i in range(size)
            ]
            with transaction.atomic():
                submit_tracing_requests(None, agency, batch)
    request_seconds = time.perf_counter() - start
    refresh_statistics()  # as the import and the demo end: the planner sees what was loaded
    timed = []
    for i in range(queries):
        registered = generator.rng.random() < 0.7
        person, truth = sampled[i] if registered else (generator.person(f"x{i}"), None)
        record = generator.request_record(person, f"q{i}")
        timed.append({"person": _person_input(record).__dict__ | {"names": record.names}})
        timed[-1]["truth"] = truth
    newcomers = []
    for i in range(queries):
        record = generator.registry_record(generator.person(f"n{i}"))
        newcomers.append({"person": _person_input(record).__dict__ | {"names": record.names}})
    out.write_text(json.dumps({"requests": timed, "registrations": newcomers}, default=str))
    return {
        "load_seconds": load_seconds,
        "load_cpu_seconds": load_cpu,
        "registry": registry,
        "request_seconds": request_seconds,
        "requests": requests,
    }


def _rss_mb() -> tuple[float, float]:
    status = Path("/proc/self/status").read_text()
    values = {
        line.split(":")[0]: int(line.split()[1]) / 1024
        for line in status.splitlines()
        if line.startswith(("VmRSS", "VmHWM"))
    }
    return values["VmRSS"], values["VmHWM"]


def _input(row: dict[str, Any]) -> Any:
    from peyvand.people.services import NameInput, PersonInput

    fields = dict(row)
    names = [NameInput(full=name) for name in fields.pop("names")]
    fields.pop("contacts", None)
    return PersonInput(names=names, **fields)


def query(path: Path) -> dict[str, Any]:
    """Time requests and registrations in a process that loaded nothing before."""
    _setup()
    from peyvand.accounts.models import Agency
    from peyvand.matching.engine import match_registration, match_tracing_request
    from peyvand.matching.models import CandidatePair
    from peyvand.people.services import NameInput, PersonInput
    from peyvand.tracing.queue import matching_deferred
    from peyvand.tracing.services import register_person, submit_tracing_request

    work = json.loads(path.read_text())
    agency = Agency.objects.get(code="bench")
    seeker = PersonInput(names=[NameInput(full="مادر")], sex="f")
    request_ms, hits, proposed, truths = [], 0, 0, 0
    for row in work["requests"]:
        with matching_deferred():
            request = submit_tracing_request(
                None, agency, seeker=seeker, sought=_input(row["person"]), relationship="child"
            )
        start = time.perf_counter()
        match_tracing_request(request.pk)
        request_ms.append((time.perf_counter() - start) * 1000)
        best = (
            CandidatePair.objects.filter(tracing_request=request, match_probability__gte=0.5)
            .values_list("registration_id", flat=True)
            .first()
        )
        truths += row["truth"] is not None
        proposed += best is not None
        hits += best is not None and best == row["truth"]
    registration_ms = []
    for row in work["registrations"]:
        with matching_deferred():
            registration = register_person(
                None, agency, _input(row["person"]), consent_method="in_person"
            )
        start = time.perf_counter()
        match_registration(registration.pk)
        registration_ms.append((time.perf_counter() - start) * 1000)
    rss, peak = _rss_mb()
    relink_seconds, relink_peak = _relink() if os.environ.get("BENCH_RELINK") else (0.0, 0.0)
    precision = hits / proposed if proposed else 0.0
    recall = hits / truths if truths else 0.0
    return {
        "request_p50": statistics.median(request_ms[20:]),
        "request_p95": statistics.quantiles(request_ms[20:], n=20)[-1],
        "registration_p50": statistics.median(registration_ms[20:]),
        "registration_p95": statistics.quantiles(registration_ms[20:], n=20)[-1],
        "rss_mb": rss,
        "peak_mb": peak,
        "precision": precision,
        "recall": recall,
        "relink_seconds": relink_seconds,
        "relink_peak_mb": relink_peak,
    }


def _relink() -> tuple[float, float]:
    """A full batch re-link of every open request against the registry: seconds, peak MB."""
    from peyvand.matching.relink import run_relink
    from peyvand.matching.relink_services import open_cli_run

    start = time.perf_counter()
    run_relink(open_cli_run().pk)
    return time.perf_counter() - start, _rss_mb()[1]


def main() -> None:
    """Load, then query in a fresh process; print figures beside targets."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--registry", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=10_000, help="open requests loaded")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7, help="generator seed (held out: 7, 9)")
    parser.add_argument("--relink", action="store_true", help="also time a full batch re-link")
    parser.add_argument("--sqlite", action="store_true", help="the embedded SQLite default")
    parser.add_argument("--phase", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        kind, path = args.phase[0], Path(args.phase[1])
        if kind == "load":
            result = load(args.registry, args.requests, args.queries, args.seed, path)
        else:
            result = query(path)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="bench-live-") as directory:
        env = _database_env(Path(directory), args.sqlite)
        if args.relink:
            env["BENCH_RELINK"] = "1"
        work = Path(directory) / "work.json"
        backend = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        print(f"backend {backend}, registry {args.registry:,}, open requests {args.requests:,}")
        sizes = [f"--registry={args.registry}", f"--requests={args.requests}"]
        common = [*sizes, f"--queries={args.queries}", f"--seed={args.seed}"]
        loaded = _phase(env, "load", str(work), *common)
        timed = _phase(env, "query", str(work))
    per_million = loaded["load_seconds"] / loaded["registry"] * 1_000_000
    print(
        f"load: {loaded['registry']:,} persons in {loaded['load_seconds']:.0f} s "
        f"({loaded['registry'] / loaded['load_seconds']:,.0f}/s; 1,000,000 would take "
        f"{per_million / 60:.1f} min, target <= 10 min: "
        f"{_verdict(per_million <= TARGET_LOAD_SECONDS_PER_MILLION)}; "
        f"the loading process's own CPU {loaded['load_cpu_seconds']:.0f} s)"
    )
    print(f"load: {loaded['requests']:,} open requests in {loaded['request_seconds']:.0f} s")
    print(
        f"new request end to end: p50 {timed['request_p50']:.1f} ms, p95 "
        f"{timed['request_p95']:.1f} ms, target <= {TARGET_REQUEST_P95_MS} "
        f"{_verdict(timed['request_p95'] <= TARGET_REQUEST_P95_MS)}"
    )
    print(
        f"new registration end to end: p50 {timed['registration_p50']:.1f} ms, p95 "
        f"{timed['registration_p95']:.1f} ms, target <= {TARGET_REGISTRATION_P95_MS} "
        f"{_verdict(timed['registration_p95'] <= TARGET_REGISTRATION_P95_MS)}"
    )
    print(
        f"query process memory: resident {timed['rss_mb']:.0f} MB, peak {timed['peak_mb']:.0f} "
        f"MB, target <= {TARGET_RSS_MB:.0f} {_verdict(timed['peak_mb'] <= TARGET_RSS_MB)}"
    )
    print(
        f"online precision {timed['precision']:.3f}, recall {timed['recall']:.3f} "
        f"(best candidate at p >= 0.5 over {args.queries} requests)"
    )
    if args.relink:
        print(
            f"batch re-link of {args.requests:,} open requests: {timed['relink_seconds']:.0f} s, "
            f"peak {timed['relink_peak_mb'] / 1024:.2f} GB (targets at 1,000,000 x 100,000: "
            "<= 20 min, <= 8 GB)"
        )


if __name__ == "__main__":
    main()
