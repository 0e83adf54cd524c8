"""Demo load time on PostgreSQL at growing sizes, so that its linearity shows: `peyvand demo
--persons N` (plan, bulk load in chunks, one matching pass, showcases) into an empty database.

Run: ``.venv/bin/python -m benchmarks.bench_demo [--persons 10000,30000,100000]``. Each size
gets a scratch database next to ``BENCH_DATABASE_URL`` (else ``DATABASE_URL`` when it is
PostgreSQL, else postgres://postgres@127.0.0.1:5432/peyvand_bench), dropped afterwards. The demo
runs in a child process, timed step by step through ``seed_demo`` (the service ``peyvand demo``
calls); ``peyvand audit verify`` then checks the audit chain it left. The link step scores each
request through the online path (``match_tracing_request``), so it holds most of the time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from benchmarks.pg_scratch import PEYVAND, scratch_database

TARGET_SECONDS_AT_100K = 300
STEPS = ("planned", "loaded", "linked", "staged")


def run_child(persons: int) -> None:
    """In the child: seed the demo and print the moment each step ended, as JSON."""
    import django

    django.setup()
    from peyvand.demo.services import seed_demo

    began = time.perf_counter()
    ended: dict[str, float] = {}
    outcome = seed_demo(
        1, persons, on_step=lambda name: ended.setdefault(name, time.perf_counter())
    )
    assert outcome.created, "the scratch database was not empty"
    steps = {name: moment - began for name, moment in ended.items()}
    print(json.dumps({**steps, "cpu": time.process_time()}))


def measure(persons: int) -> tuple[float, dict[str, float], str]:
    """Seconds for the whole child (start-up included), each step's end, the chain's verdict."""
    with scratch_database(f"demo_{persons}") as env:
        began = time.perf_counter()
        child = subprocess.run(  # noqa: S603 (our own module)
            [sys.executable, "-m", "benchmarks.bench_demo", "--child", str(persons)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        total = time.perf_counter() - began
        steps = json.loads(child.stdout.strip().splitlines()[-1])
        verified = subprocess.run(  # noqa: S603 (this interpreter and the peyvand command)
            [*PEYVAND, "audit", "verify"], env=env, check=False, capture_output=True, text=True
        )
        verdict = verified.stdout.strip().splitlines()[0] if verified.stdout.strip() else ""
        if verified.returncode != 0:
            verdict = f"BROKEN: {verified.stdout.strip()} {verified.stderr.strip()}"
    return total, steps, verdict


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--persons",
        default="10000,30000,100000",
        help="comma-separated demo sizes (default 10000,30000,100000)",
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child)
        return
    sizes = [int(size) for size in args.persons.split(",")]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the start")
    print(
        "persons   total s  persons/s  ms/person   plan   load   link  stage  demo CPU s"
        "  audit chain"
    )
    per_person = {}
    for persons in sizes:
        total, steps, verdict = measure(persons)
        per_person[persons] = total / persons
        durations, previous = [], 0.0
        for name in STEPS:
            durations.append(steps[name] - previous)
            previous = steps[name]
        print(
            f"{persons:>7,} {total:>9.1f} {persons / total:>10,.0f} {1000 * total / persons:>10.2f}"
            + "".join(f" {d:>6.1f}" for d in durations)
            + f" {steps['cpu']:>11.1f}  {verdict[:60]}",
            flush=True,
        )
    smallest, largest = min(sizes), max(sizes)
    if largest > smallest:
        print(
            f"time per person at {largest:,} / at {smallest:,}: "
            f"{per_person[largest] / per_person[smallest]:.2f} (1.00 is linear)"
        )
    print(
        f"load average {os.getloadavg()[0]:.1f} at the end; 'demo CPU s' is the demo process's "
        "own CPU time (the database server's is not in it)"
    )
    if 100_000 in per_person:
        total = per_person[100_000] * 100_000
        verdict = "meets" if total <= TARGET_SECONDS_AT_100K else "ABOVE"
        print(f"100,000 persons: {total:.0f} s; target <= {TARGET_SECONDS_AT_100K} s -> {verdict}")


if __name__ == "__main__":
    main()
