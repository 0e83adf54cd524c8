"""``make bench``: every benchmark, figures printed with their targets beside them.

Run: ``.venv/bin/python -m benchmarks``
"""

from __future__ import annotations

import sys

from benchmarks import bench_names, bench_people

if __name__ == "__main__":
    print("== names (fullnames_dev.csv) ==")
    bench_names.main([])
    print("\n== people (synthetic registry 100,000 vs 10,000 requests) ==")
    sys.argv = sys.argv[:1]
    bench_people.main()
    print("\n== import (100,000-row CSV of tracing requests) ==")
    __import__("benchmarks.bench_import").bench_import.main([])
