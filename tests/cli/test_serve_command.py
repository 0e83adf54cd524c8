"""`peyvand serve` serves the login page in Persian and English; bad arguments get clear errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PEYVAND = [sys.executable, "-m", "peyvand.cli"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PEYVAND_DATA_DIR"] = str(tmp_path)
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, language: str) -> str:
    request = urllib.request.Request(url, headers={"Accept-Language": language})
    with urllib.request.urlopen(request, timeout=5) as response:
        return str(response.read().decode())


def test_serve_answers_in_persian_and_english(tmp_path: Path) -> None:
    env = _env(tmp_path)
    subprocess.run([*PEYVAND, "migrate", "-v", "0"], env=env, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [*PEYVAND, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/accounts/login/"
        deadline = time.monotonic() + 30
        while True:
            try:
                persian = _get(url, "fa")
                break
            except OSError:
                assert time.monotonic() < deadline, "server did not start"
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                time.sleep(0.2)
        assert 'dir="rtl"' in persian and "ورود" in persian
        english = _get(url, "en")
        assert 'dir="ltr"' in english and "Sign in" in english
        css = _get(f"http://127.0.0.1:{port}/static/peyvand/site.css", "en")
        assert "--accent" in css
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_rejects_a_bad_port(tmp_path: Path) -> None:
    result = subprocess.run(
        [*PEYVAND, "serve", "--port", "70000"],
        env={**_env(tmp_path), "LANGUAGE": "en"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "port must be a number from 1 to 65535" in result.stderr
    assert "Traceback" not in result.stderr
