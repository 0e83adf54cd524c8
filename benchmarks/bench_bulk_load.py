"""Loading registered persons through the bulk path on PostgreSQL: each chunk validated
(``clean_person``), written by ``register_persons`` (persons with encrypted fields, names,
registrations, one audit event each) in one transaction whose events join the audit chain
together (``audit_batch``), then committed. This is the path the import and the demo use.

Run: ``.venv/bin/python -m benchmarks.bench_bulk_load [--persons 100000] [--chunk-size 1000]``.
The rate is printed for each tenth of the load, so that a slowdown as the tables grow shows; the
time for 1,000,000 is extrapolated from the measured rate unless ``--persons 1000000`` is run,
and the output says which. Uses a scratch database next to ``BENCH_DATABASE_URL`` (else
``DATABASE_URL`` when it is PostgreSQL, else postgres://postgres@127.0.0.1:5432/peyvand_bench).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from benchmarks.pg_scratch import PEYVAND, scratch_database

if TYPE_CHECKING:  # importing the services needs Django set up first (in the child)
    from peyvand.people.services import PersonInput

TARGET_SECONDS_AT_1M = 600
GIVEN = ("Maryam", "Zahra", "Fatemeh", "Leila", "Mohammad", "Ali", "Hossein", "Reza", "Mahdi")
GIVEN_FA = ("مریم", "زهرا", "فاطمه", "لیلا", "محمد", "علی", "حسین", "رضا", "مهدی", "جواد")
FAMILY = ("Ahmadi", "Hosseini", "Mohammadi", "Rezaei", "Karimi", "Mousavi", "Jafari", "Hoxha")
PLACES = ("Tehran", "Mashhad", "Isfahan", "Shiraz", "Tabriz", "Tirana", "Qazvin", "Urmia")


def people(count: int, seed: int = 5) -> Iterator[PersonInput]:
    """Synthetic persons as a registration form gives them (two spellings of the name for one
    in three); unique by their number, so no two are the same."""
    from peyvand.people.services import NameInput, PersonInput

    rng = random.Random(seed)
    for i in range(count):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        names = [NameInput(full=f"{given} {family} {i}")]
        if i % 3 == 0:
            names.append(NameInput(full=f"{rng.choice(GIVEN_FA)} {i}", kind="alias"))
        yield PersonInput(
            names=names,
            sex=rng.choice(("m", "f")),
            birth_date_text=str(rng.randint(1935, 2015)),
            birthplace=rng.choice(PLACES),
            father_given_name=rng.choice(GIVEN),
        )


def run_child(persons: int, chunk_size: int) -> None:
    """In the child: load ``persons`` a chunk at a time; print the moment each tenth ended."""
    import django

    django.setup()
    from itertools import islice

    from peyvand.accounts.services import create_agency
    from peyvand.audit.services import audit_batch
    from peyvand.people.services import clean_person
    from peyvand.tracing.models import ConsentMethod
    from peyvand.tracing.queue import matching_deferred
    from peyvand.tracing.services import register_persons

    agency = create_agency(None, name="Bench agency", code="bench", country="AL")
    stream = people(persons)
    marks: list[tuple[int, float]] = []
    tenth = max(1, persons // 10)
    done = 0
    began = time.perf_counter()
    with matching_deferred():
        while chunk := list(islice(stream, chunk_size)):
            cleaned = [(clean_person(p), ConsentMethod.WRITTEN) for p in chunk]
            with audit_batch():
                register_persons(None, agency, cleaned)
            before, done = done, done + len(chunk)
            if done // tenth != before // tenth or done == persons:
                marks.append((done, time.perf_counter() - began))
    print(json.dumps({"marks": marks, "cpu": time.process_time()}))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--chunk-size", type=int, default=1000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.persons, args.chunk_size)
        return
    with scratch_database(f"bulk_{args.persons}") as env:
        child = subprocess.run(  # noqa: S603 (our own module)
            [sys.executable, "-m", "benchmarks.bench_bulk_load", "--child",
             "--persons", str(args.persons), "--chunk-size", str(args.chunk_size)],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        reported = json.loads(child.stdout.strip().splitlines()[-1])
        marks = reported["marks"]
        verified = subprocess.run(  # noqa: S603 (this interpreter and the peyvand command)
            [*PEYVAND, "audit", "verify"], env=env, check=False, capture_output=True, text=True
        )
    print(f"persons: {args.persons:,} registered, chunks of {args.chunk_size:,}")
    print("   loaded  seconds  persons/s in this tenth")
    previous_count, previous_s = 0, 0.0
    for count, seconds in marks:
        rate = (count - previous_count) / max(seconds - previous_s, 1e-9)
        print(f"{count:>9,} {seconds:>8.1f} {rate:>10,.0f}")
        previous_count, previous_s = count, seconds
    total = marks[-1][1]
    rate = args.persons / total
    first_rate = marks[0][0] / marks[0][1]
    print(f"overall: {rate:,.0f} persons/s; last tenth / first tenth rate: {rate_ratio(marks):.2f}")
    print(
        f"this process's CPU: {reported['cpu']:.0f} s for {total:.0f} s by the clock; load "
        f"average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (a shared machine is slower)"
    )
    if args.persons >= 1_000_000:
        at_1m, how = total * 1_000_000 / args.persons, "measured"
    else:
        # Extrapolated at the slowest rate seen (the last tenth's), not the average.
        last_rate = (marks[-1][0] - marks[-2][0]) / (marks[-1][1] - marks[-2][1])
        at_1m = total + (1_000_000 - args.persons) / last_rate
        how = f"EXTRAPOLATED from {args.persons:,} at the last tenth's rate ({last_rate:,.0f}/s)"
    verdict = "meets" if at_1m <= TARGET_SECONDS_AT_1M else "ABOVE"
    print(
        f"1,000,000 persons: {at_1m:.0f} s ({how}); target <= {TARGET_SECONDS_AT_1M} s -> "
        f"{verdict} (first tenth: {first_rate:,.0f}/s)"
    )
    first_line = verified.stdout.strip().splitlines()[0] if verified.stdout.strip() else ""
    print(f"audit verify: {first_line if verified.returncode == 0 else 'BROKEN ' + first_line}")


def rate_ratio(marks: list[list[float]]) -> float:
    first = marks[0][0] / marks[0][1]
    last = (marks[-1][0] - marks[-2][0]) / (marks[-1][1] - marks[-2][1])
    return last / first


if __name__ == "__main__":
    main()
