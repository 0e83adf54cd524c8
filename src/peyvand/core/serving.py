"""`peyvand serve`: gunicorn (N processes of N threads) with one background worker beside it.

gunicorn's arbiter runs in this process and forks the server processes; the WSGI application is
loaded in each of them after the fork, so no database connection is shared across processes. The
background worker (`peyvand db_worker`) is started once gunicorn listens and stopped after
gunicorn has stopped, so a SIGTERM or SIGINT to `peyvand serve` leaves no process behind. The
worker also asks the kernel to send it SIGTERM should this process die without cleaning up
(``PR_SET_PDEATHSIG``, Linux), so even a SIGKILL leaves no orphan there.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections
from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

# Seconds the background worker gets to finish the task it holds before it is killed.
WORKER_STOP_SECONDS = 30
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    workers: int
    threads: int
    graceful_timeout: int
    with_worker: bool


class _Arbiter(Arbiter):
    """gunicorn's arbiter, with SIGINT as graceful as SIGTERM (gunicorn's own SIGINT drops the
    requests in flight): an operator's Ctrl-C or `kill -INT` should not cut a caseworker off."""

    def handle_int(self) -> None:
        self.handle_term()


class _Application(BaseApplication):
    def __init__(self, options: ServeOptions, hooks: dict[str, Any]) -> None:
        self._options = options
        self._hooks = hooks
        super().__init__()

    def load_config(self) -> None:
        options = self._options
        config: dict[str, Any] = {
            "bind": [f"{options.host}:{options.port}"],
            "workers": options.workers,
            # Threads: a page waiting on the database does not hold a whole process.
            "worker_class": "gthread",
            "threads": options.threads,
            "graceful_timeout": options.graceful_timeout,
            "timeout": 120,  # letters and exports render in the request; then the worker restarts
            # Only these peers may tell us the scheme (X-Forwarded-Proto); empty trusts nobody.
            "forwarded_allow_ips": ",".join(str(net) for net in settings.PEYVAND_TRUSTED_PROXIES),
            # No control socket: several servers on one host would share its default path.
            "control_socket_disable": True,
            "accesslog": None,  # request logs come from the app, without personal data
            "errorlog": "-",
            "proc_name": "peyvand",
            **self._hooks,
        }
        for key, value in config.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from peyvand.wsgi import application

        return application

    def run(self) -> None:
        _Arbiter(self).run()


def _die_with_parent() -> None:
    """In the worker, before exec: SIGTERM when `peyvand serve` dies, however it dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_worker() -> subprocess.Popen[bytes] | None:
    """Start `peyvand db_worker` (database task backend only; others need no worker)."""
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return None
    command = [sys.executable, "-m", "peyvand.cli", "db_worker", "--no-reload", "-v", "0"]
    return subprocess.Popen(command, preexec_fn=_die_with_parent)  # noqa: S603 - our own interpreter and module, fixed arguments


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets it finish the task it holds; kill it if it takes longer than that."""
    worker.terminate()
    try:
        worker.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _metrics_directory() -> str | None:
    """Request metrics are counted in each server process; prometheus-client's multiprocess mode
    adds them up from files in one directory. Returns the directory this run made, if any."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return None
    directory = tempfile.mkdtemp(prefix="peyvand-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    from prometheus_client import values

    # The value class is chosen when prometheus-client is first imported; choose again.
    values.ValueClass = values.get_value_class()
    return directory


def _child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def serve(options: ServeOptions) -> None:
    """Run until SIGTERM or SIGINT; return (or exit) only when every child has stopped."""
    made_directory = _metrics_directory()
    # The server processes are forked from this one: none may inherit an open connection.
    connections.close_all()
    workers: list[subprocess.Popen[bytes]] = []

    def when_ready(server: Any) -> None:
        if options.with_worker:
            worker = start_worker()
            if worker is not None:
                workers.append(worker)

    application = _Application(options, {"when_ready": when_ready, "child_exit": _child_exit})
    try:
        application.run()
    finally:
        for worker in workers:
            stop_worker(worker)
        if made_directory:
            shutil.rmtree(made_directory, ignore_errors=True)
