"""Real server processes on one real database file, for the concurrency tests.

Each site is a SQLite file migrated and seeded in its own processes; servers are ``peyvand
runserver`` processes (threaded, one database connection per thread) on free ports, always
stopped when the test ends. Requests go over real HTTP with the CSRF token read from the form.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPRedirectHandler, Request, build_opener

HERE = Path(__file__).resolve().parent
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Site:
    env: dict[str, str]
    seeded: dict[str, Any]
    logs: Path


def make_site(directory: Path, extra_requests: int) -> Site:
    """A migrated, seeded SQLite site in ``directory``; the cache follows this run's CACHE_URL."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DATABASE_URL", "PYTEST_", "PEYVAND_CACHE_KEY_PREFIX"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{directory / 'site.sqlite3'}",
        PEYVAND_DATA_DIR=str(directory),
        DJANGO_SETTINGS_MODULE="peyvand.settings",
        PEYVAND_TASKS="database",  # matching is queued; no worker runs here
        # A prefix of its own: this site's counters never meet another run's in a shared Redis.
        PEYVAND_CACHE_KEY_PREFIX=f"peyvand-site-{uuid.uuid4().hex[:12]}",
        PYTHONUNBUFFERED="1",
    )
    peyvand(env, "migrate", "--noinput", "-v", "0")
    seeded = subprocess.run(
        [sys.executable, str(HERE / "seed_site.py"), str(extra_requests)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return Site(env, json.loads(seeded.stdout.strip().splitlines()[-1]), directory)


def peyvand(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "peyvand.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(site: Site) -> Iterator[str]:
    """A ``peyvand runserver`` process on a free port; its base URL while the block runs."""
    port = _free_port()
    log = (site.logs / f"server-{port}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "peyvand.cli", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=site.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(base: str, process: subprocess.Popen[Any]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server at {base} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), 0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server at {base} did not start")


class _KeepRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the test reads the 302 itself


class Visitor:
    """One browser: its own cookies, posting forms with the CSRF token the form page carries."""

    def __init__(self, cookies: dict[str, str] | None = None) -> None:
        self.cookies = dict(cookies or {})
        self._opener = build_opener(_KeepRedirects)

    def request(self, method: str, url: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = urlencode(data).encode() if data is not None else None
        try:
            response = self._opener.open(Request(url, body, headers, method=method), timeout=120)
        except HTTPError as error:
            response = error
        except URLError as error:  # the server dropped the connection: as bad as a 500
            return 599, str(error)
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return int(response.status), response.read().decode()

    def post_form(self, page_url: str, url: str, data: dict[str, str]) -> tuple[int, str]:
        status, page = self.request("GET", page_url)
        found = CSRF_FIELD.search(page)
        if found is None:
            return status, page
        return self.request("POST", url, {**data, "csrfmiddlewaretoken": found.group(1)})
