"""``make bench``: every benchmark, figures printed with their targets beside them.

Run: ``.venv/bin/python -m benchmarks``

Each benchmark runs in its own process, so that its peak memory and its timings are its own and
not what an earlier benchmark left behind.
"""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = (
    ("names (fullnames_dev.csv)", "benchmarks.bench_names"),
    ("people (synthetic registry 100,000 vs 10,000 requests)", "benchmarks.bench_people"),
    (
        "learning from 500 simulated caseworker decisions (mis-calibrated model, seed 2)",
        "benchmarks.bench_learning",
    ),
    (
        "same script (two Latin files of 3,000 with typos in every field, seeds 3-5)",
        "benchmarks.bench_same_script",
    ),
    (
        "live matching on PostgreSQL (database candidate index, registry of 100,000, re-link)",
        "benchmarks.bench_live",
        "--relink",
    ),
    ("import (100,000-row CSV of tracing requests)", "benchmarks.bench_import"),
    (
        "relay (labelled corpus of disguised contact details and family messages)",
        "benchmarks.bench_relay",
    ),
    ("oracles (password reset, known vs unknown address)", "benchmarks.bench_oracles"),
    ("web (peyvand serve on PostgreSQL, 3,000-person demo)", "benchmarks.bench_web"),
    (
        "web on the embedded SQLite default while re-links run (errors)",
        "benchmarks.bench_web",
        "--sqlite-relink",
    ),
    ("demo load on PostgreSQL (10,000, 30,000, 100,000 persons)", "benchmarks.bench_demo"),
    ("bulk load of registered persons on PostgreSQL (100,000)", "benchmarks.bench_bulk_load"),
)


def main() -> int:
    """Run every benchmark; non-zero when one of them crashed (a missed target is printed)."""
    failed = []
    for number, (title, module, *options) in enumerate(BENCHMARKS):
        print(("\n" if number else "") + f"== {title} ==", flush=True)
        command = [sys.executable, "-m", module, *options]  # our own modules, fixed above
        if subprocess.run(command, check=False).returncode != 0:  # noqa: S603 - our own benchmark modules, fixed above
            failed.append(module)
    if failed:
        print(f"crashed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
