"""Web load benchmark: `peyvand serve` on PostgreSQL with the demo data, driven over HTTP.

For ``--workers 1`` and ``--workers 3``: 50 staff clients fetch queue, case and report pages with
1 s between pages while 20 seekers reload their track page (p50/p95/p99, errors), then the same
staff clients with no pause give the ceiling in requests per second. Printed beside the targets
of issue 12: p95 ≤ 150 ms, p99 ≤ 400 ms and no errors with the paced load; the ceiling with 3
processes at least 1.7 times the ceiling with one.

The clients run in this machine's other processes (one per 25 clients), so they share the cores
with the server: the figures are what one 2-core machine does when it both serves and is loaded.

Run: ``.venv/bin/python -m benchmarks.bench_web [--persons N] [--seconds S]``; with
``--sqlite-relink``, the same paced clients on the embedded SQLite default while `peyvand
relink` runs again and again (target: no errors). The demo loader
takes a few minutes for the default 3,000 persons; the issue's 100,000 needs a faster loader.
Needs PostgreSQL on 127.0.0.1:5432 (user postgres) or ``BENCH_DATABASE_URL``.
"""

from __future__ import annotations

import argparse
import base64
import collections
import hashlib
import hmac
import multiprocessing
import os
import re
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import requests

PEYVAND = [sys.executable, "-m", "peyvand.cli"]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/peyvand_bench_web"
STAFF_CLIENTS = 50
SEEKERS = 20
TARGET_P95_MS = 150.0
TARGET_P99_MS = 400.0
TARGET_CEILING_RATIO = 1.7
CLIENTS_PER_PROCESS = 25


@dataclass(frozen=True)
class Session:
    """Cookies of a signed-in staff member or seeker, shared by the clients that use them."""

    cookies: dict[str, str]
    pages: tuple[str, ...]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30)
    page.raise_for_status()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, f"no form at {url}"
    return found.group(1)


def load_demo(env: dict[str, str], persons: int) -> str:
    url = urlparse(env["DATABASE_URL"])
    if url.scheme.startswith("postgres"):
        admin = url._replace(path="/postgres").geturl()
        name = url.path.lstrip("/")
        with psycopg.connect(admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            server.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([*PEYVAND, "migrate", "-v", "0"], env=env, check=True)  # noqa: S603 - our own command, fixed arguments
    started = time.perf_counter()
    demo = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [*PEYVAND, "demo", "--persons", str(persons)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    print(f"demo: {persons} persons loaded in {time.perf_counter() - started:.0f} s", flush=True)
    return demo.stdout


def totp(secret: str) -> str:
    """The current six-digit code of an authenticator key (RFC 6238, 30 s steps, SHA-1)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


def staff_logins(demo_output: str) -> list[tuple[str, str, str]]:
    """(username, password, authenticator key) of each caseworker and supervisor. A recovery
    code works once only; the key gives a fresh code for every run."""
    passwords = {}
    for line in demo_output.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        # username, role, password, agency (the second-factor table has three columns)
        if len(cells) == 4 and cells[0].startswith(("caseworker", "supervisor")):
            passwords[cells[0]] = cells[2]
    logins = []
    for line in demo_output.splitlines():
        parts = line.split()
        if parts and parts[0] in passwords and len(parts) > 8:
            logins.append((parts[0], passwords[parts[0]], "".join(parts[1:-5])))
    assert logins, "no staff logins in the demo output"
    return logins


def track_logins(demo_output: str) -> list[tuple[str, str]]:
    return re.findall(r"^\s+(PV-[A-Z0-9]{4}-[A-Z0-9]{4})\s+(\S+)", demo_output, re.MULTILINE)


def sign_in_staff(base: str, username: str, password: str, secret: str) -> Session:
    session = requests.Session()
    token = _csrf(session, f"{base}/accounts/login/")
    session.post(
        f"{base}/accounts/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
    ).raise_for_status()
    token = _csrf(session, f"{base}/accounts/two-factor/")
    session.post(
        f"{base}/accounts/two-factor/",
        {"token": totp(secret), "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/two-factor/"},
        timeout=30,
    ).raise_for_status()
    queues = session.get(f"{base}/staff/", timeout=30)
    assert queues.status_code == 200 and "/accounts/login/" not in queues.url, username
    cases = sorted(set(re.findall(r'href="(/cases/\d+/)"', queues.text)))[:20]
    pages = ("/staff/", *cases, "/staff/reports/") if cases else ("/staff/", "/staff/reports/")
    return Session(dict(session.cookies), pages)


def sign_in_seeker(base: str, code: str, passphrase: str) -> Session:
    session = requests.Session()
    token = _csrf(session, f"{base}/t/")
    answer = session.post(
        f"{base}/t/",
        {"reference_code": code, "passphrase": passphrase, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/t/"},
        timeout=30,
    )
    assert answer.url.endswith("/t/status/"), code
    return Session(dict(session.cookies), ("/t/status/",))


def _client(
    base: str, session: Session, pause: float, until: float, offset: int, out: list[float]
) -> None:
    """Fetch the session's pages in turn until ``until``; latencies in ms, -1 for an error."""
    http = requests.Session()
    http.cookies.update(session.cookies)
    index = offset
    while time.monotonic() < until:
        page = session.pages[index % len(session.pages)]
        index += 1
        started = time.perf_counter()
        try:
            status = http.get(base + page, timeout=30, allow_redirects=False).status_code
        except requests.RequestException:
            status = 0
        # A latency in ms, or an error as minus its status code (-0.5: no answer at all).
        out.append((time.perf_counter() - started) * 1000 if status == 200 else -(status or 0.5))
        if pause:
            time.sleep(pause)


def _client_process(
    base: str, sessions: list[Session], pause: float, seconds: float, queue: object
) -> None:
    until = time.monotonic() + seconds
    results: list[list[float]] = [[] for _ in sessions]
    threads = [
        threading.Thread(target=_client, args=(base, s, pause, until, i, results[i]))
        for i, s in enumerate(sessions)
    ]
    for thread in threads:
        thread.start()
        if pause:
            time.sleep(pause / len(threads))  # spread the paced clients over the second
    for thread in threads:
        thread.join()
    queue.put([value for result in results for value in result])  # type: ignore[attr-defined]


def drive(base: str, clients: list[Session], pause: float, seconds: float) -> list[float]:
    """Run the clients in processes of up to CLIENTS_PER_PROCESS threads; all latencies."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    groups = [
        clients[i : i + CLIENTS_PER_PROCESS] for i in range(0, len(clients), CLIENTS_PER_PROCESS)
    ]
    processes = [
        context.Process(target=_client_process, args=(base, group, pause, seconds, queue))
        for group in groups
    ]
    for process in processes:
        process.start()
    latencies = [value for _ in processes for value in queue.get()]
    for process in processes:
        process.join()
    return latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def start_server(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own server command, fixed arguments
        [*PEYVAND, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            requests.get(f"{base}/healthz", timeout=5)
            return server, base
        except requests.RequestException:
            assert time.monotonic() < deadline and server.poll() is None, "server did not start"
            time.sleep(0.3)


def measure(env: dict[str, str], demo: str, workers: int, seconds: float) -> tuple[float, ...]:
    server, base = start_server(env, workers)
    try:
        staff = [sign_in_staff(base, *login) for login in staff_logins(demo)]
        seekers = [sign_in_seeker(base, *login) for login in track_logins(demo)]
        assert seekers, "no track logins in the demo output"
        paced = [staff[i % len(staff)] for i in range(STAFF_CLIENTS)]
        paced += [seekers[i % len(seekers)] for i in range(SEEKERS)]
        drive(base, paced[:10], 0.0, 3)  # warm every process up
        latencies = drive(base, paced, 1.0, seconds)
        ok = [value for value in latencies if value >= 0]
        errors = len(latencies) - len(ok)
        kinds = collections.Counter(
            "no answer" if value == -0.5 else str(int(-value)) for value in latencies if value < 0
        )
        no_pause = drive(base, paced[:STAFF_CLIENTS], 0.0, seconds / 2)
        rate = len([value for value in no_pause if value >= 0]) / (seconds / 2)
        p50, p95, p99 = (percentile(ok, share) for share in (0.5, 0.95, 0.99))
        print(
            f"--workers {workers}: {len(latencies)} paced requests, p50 {p50:.0f} ms, "
            f"p95 {p95:.0f} ms (target ≤ {TARGET_P95_MS:.0f}), p99 {p99:.0f} ms "
            f"(target ≤ {TARGET_P99_MS:.0f}), errors {errors} (target 0) {dict(kinds)}; "
            f"no-pause ceiling {rate:.1f} requests/s "
            f"(median {statistics.median([v for v in no_pause if v >= 0] or [0]):.0f} ms)",
            flush=True,
        )
        return p50, p95, p99, float(errors), rate
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)


def measure_during_relinks(env: dict[str, str], demo: str, seconds: float) -> None:
    """The paced clients on the embedded default while `peyvand relink` runs again and again in
    its own process: every answer must be a page, none a "database is locked"."""
    server, base = start_server(env, 1)
    relinks = 0
    stop = threading.Event()

    def relink_again_and_again() -> None:
        nonlocal relinks
        while not stop.is_set():
            subprocess.run(  # noqa: S603 (this interpreter and the peyvand command)
                [*PEYVAND, "relink"], env=env, check=True, capture_output=True
            )
            relinks += 1

    try:
        staff = [sign_in_staff(base, *login) for login in staff_logins(demo)]
        seekers = [sign_in_seeker(base, *login) for login in track_logins(demo)]
        paced = [staff[i % len(staff)] for i in range(STAFF_CLIENTS)]
        paced += [seekers[i % len(seekers)] for i in range(SEEKERS)]
        worker = threading.Thread(target=relink_again_and_again)
        worker.start()
        latencies = drive(base, paced, 1.0, seconds)
        stop.set()
        worker.join()
        ok = [value for value in latencies if value >= 0]
        errors = len(latencies) - len(ok)
        p50, p95 = (percentile(ok, share) for share in (0.5, 0.95))
        print(
            f"SQLite, --workers 1, {relinks} re-links meanwhile: {len(latencies)} paced requests, "
            f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, errors {errors} (target 0)",
            flush=True,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument(
        "--reuse",
        metavar="DATA_DIR",
        help="Keep the demo's data directory here: the first run loads the demo and saves its "
        "output in DATA_DIR/demo.txt, later runs measure the demo already loaded in "
        "BENCH_DATABASE_URL instead of loading a new one.",
    )
    parser.add_argument(
        "--sqlite-relink",
        action="store_true",
        help="Instead: the embedded SQLite default with re-links running, counting errors.",
    )
    options = parser.parse_args()
    if options.sqlite_relink:
        with tempfile.TemporaryDirectory() as scratch:
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{scratch}/bench.sqlite3",
                "PEYVAND_DATA_DIR": scratch,
                "LANGUAGE": "en",
            }
            env.pop("PROMETHEUS_MULTIPROC_DIR", None)
            measure_during_relinks(env, load_demo(env, options.persons), options.seconds)
        return
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = options.reuse or scratch
        env = {
            **os.environ,
            "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL),
            "PEYVAND_DATA_DIR": data_dir,
            "LANGUAGE": "en",
            # Served as in production: no query log, no template debugging.
            "DEBUG": "0",
        }
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        saved = Path(data_dir, "demo.txt")
        if options.reuse and saved.exists():
            demo = saved.read_text(encoding="utf-8")
        else:
            demo = load_demo(env, options.persons)
            saved.write_text(demo, encoding="utf-8")
        one = measure(env, demo, 1, options.seconds)
        three = measure(env, demo, 3, options.seconds)
        ratio = three[4] / one[4] if one[4] else float("nan")
        print(f"ceiling --workers 3 / --workers 1: {ratio:.2f}x (target ≥ {TARGET_CEILING_RATIO})")


if __name__ == "__main__":
    main()
