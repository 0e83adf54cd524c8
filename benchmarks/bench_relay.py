"""The relay's reader on a labelled corpus: the share of disguised contact details it holds and
the share of ordinary family messages it holds, beside their targets, on the whole corpus and on
the held-out part (the reader was tuned on the development part only).

The corpus (``data/relay_corpus.csv``: message, label contact/ordinary, language fa/en/sq/mixed,
part dev/heldout by a hash of the message) was written by hand: contact details as a person who
wants to get past a reader writes them, every trick of issue 11 included, and family news with
dates, years, ages, money and cities; part of the ordinary messages was composed by a script from
varied sentences. Later batches were written after the reader, and what they missed was then fixed,
so these figures are an upper bound: the first read of each new batch is the honest estimate.

Run: ``.venv/bin/python -m benchmarks.bench_relay [--misses dev|heldout]`` (``--misses`` prints
the messages the reader got wrong in that part).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from peyvand.messaging.relay import contact_kinds

CORPUS = Path(__file__).resolve().parent / "data" / "relay_corpus.csv"
TARGET_CONTACT_HELD = 0.97
TARGET_ORDINARY_HELD = 0.03
TARGET_SLOWEST_S = 0.5  # one message of the longest length allowed, written to make regexes work
# Long messages shaped to make a careless pattern try every start: a seeker can send any of them.
HOSTILE = ("9", "a.", "a_", "1x", "l0", "1-a-", "a at b dot ", "ب ۱", "Tirana, a, ", "+1")


def _held_shares(rows: list[dict[str, str]]) -> tuple[float, int, float, int]:
    contact = [row for row in rows if row["label"] == "contact"]
    ordinary = [row for row in rows if row["label"] == "ordinary"]
    held_contact = sum(bool(contact_kinds(row["message"])) for row in contact)
    held_ordinary = sum(bool(contact_kinds(row["message"])) for row in ordinary)
    return held_contact / len(contact), len(contact), held_ordinary / len(ordinary), len(ordinary)


def _report(title: str, rows: list[dict[str, str]]) -> bool:
    contact, n_contact, ordinary, n_ordinary = _held_shares(rows)
    met = contact >= TARGET_CONTACT_HELD and ordinary <= TARGET_ORDINARY_HELD
    print(
        f"{title:<9} contact details held {contact:6.1%} of {n_contact:>3} (target ≥ "
        f"{TARGET_CONTACT_HELD:.0%})   ordinary messages held {ordinary:5.1%} of {n_ordinary:>3} "
        f"(target ≤ {TARGET_ORDINARY_HELD:.0%})   {'met' if met else 'MISSED'}"
    )
    return met


def _report_time() -> None:
    slowest = 0.0
    for piece in HOSTILE:
        text = (piece * (5000 // len(piece)))[:5000]
        start = time.perf_counter()
        contact_kinds(text)
        slowest = max(slowest, time.perf_counter() - start)
    verdict = "met" if slowest <= TARGET_SLOWEST_S else "MISSED"
    print(
        f"slowest hostile 5,000-character message {slowest:.3f} s "
        f"(target ≤ {TARGET_SLOWEST_S} s)   {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", choices=["dev", "heldout"])
    options = parser.parse_args()
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    _report("all", rows)
    for part in ("dev", "heldout"):
        _report(part, [row for row in rows if row["part"] == part])
    _report_time()
    if options.misses:
        for row in rows:
            held = bool(contact_kinds(row["message"]))
            if row["part"] == options.misses and held != (row["label"] == "contact"):
                print(f"  {row['label']:<8} {row['language']:<6} {row['message']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
