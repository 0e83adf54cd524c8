"""`peyvand serve` serves the login page in Persian and English; bad arguments get clear errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

from serve_support import PEYVAND, get, running_server
from serve_support import serve_env as _env


def test_serve_answers_in_persian_and_english(tmp_path: Path) -> None:
    with running_server(tmp_path) as (server, port):
        url = f"http://127.0.0.1:{port}/accounts/login/"
        persian = get(url, "fa")
        assert 'dir="rtl"' in persian and "ورود" in persian
        english = get(url, "en")
        assert 'dir="ltr"' in english and "Sign in" in english
        css = get(f"http://127.0.0.1:{port}/static/peyvand/site.css", "en")
        assert "--accent" in css
        server.terminate()
        assert server.wait(timeout=60) == 0


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
