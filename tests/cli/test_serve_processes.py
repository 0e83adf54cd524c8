"""`peyvand serve` runs gunicorn with a background worker beside it; SIGTERM or SIGINT stops every
process it started (no orphaned `db_worker`); HEAD answers carry no body, so the next request on a
kept-alive connection is read right."""

from __future__ import annotations

import json
import signal
import socket
import time
from pathlib import Path

import pytest
from serve_support import command_line, descendants, get, is_alive, running_server


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_leaves_no_process_behind(tmp_path: Path, stop_signal: int) -> None:
    allow = {"PEYVAND_METRICS_ALLOW": "127.0.0.1"}
    with running_server(tmp_path, "--workers", "2", **allow) as (server, port):
        for _ in range(6):
            get(f"http://127.0.0.1:{port}/accounts/login/")
        # Counted in whichever process served each request, added up on any of them.
        metrics = get(f"http://127.0.0.1:{port}/metrics")
        login = 'peyvand_request_seconds_count{method="GET",status="2xx",view="login"}'
        assert f"{login} 7.0" in metrics
        children = descendants(server.pid)
        lines = [command_line(pid) for pid in children]
        assert any("db_worker" in line for line in lines), lines
        # Two server processes and the background worker (gunicorn may add none other).
        assert len(children) >= 3
        server.send_signal(stop_signal)
        assert server.wait(timeout=60) == 0
        deadline = time.monotonic() + 10
        while any(is_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = {pid: command_line(pid) for pid in children if is_alive(pid)}
        assert left == {}
        # Two processes on SQLite with the in-process cache: the operator is told what it costs.
        assert server.stdout is not None
        assert b"Warning: several server processes need PostgreSQL" in server.stdout.read()


def _receive_until(connection: socket.socket, buffer: bytes, marker: bytes) -> bytes:
    while marker not in buffer:
        chunk = connection.recv(65536)
        assert chunk, buffer
        buffer += chunk
    return buffer


def _read_response(connection: socket.socket) -> tuple[bytes, bytes]:
    """(head, body) of one response, framed by Content-Length or chunked."""
    buffer = _receive_until(connection, b"", b"\r\n\r\n")
    head, rest = buffer.split(b"\r\n\r\n", 1)
    fields = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        fields[name.strip().lower()] = value.strip()
    if b"content-length" in fields:
        length = int(fields[b"content-length"])
        while len(rest) < length:
            rest += connection.recv(65536)
        return head, rest[:length]
    assert fields.get(b"transfer-encoding") == b"chunked", head
    body = b""
    while True:
        rest = _receive_until(connection, rest, b"\r\n")
        size_line, rest = rest.split(b"\r\n", 1)
        size = int(size_line.split(b";")[0], 16)
        while len(rest) < size + 2:
            rest += connection.recv(65536)
        body, rest = body + rest[:size], rest[size + 2 :]
        if size == 0:
            return head, body


def test_head_has_no_body_and_keeps_the_connection_in_step(tmp_path: Path) -> None:
    # Waitress sent the body of these answers to HEAD (an error page, a JSON document).
    paths = ["/accounts/login/", "/api/v1/openapi.json", "/no-such-page/"]
    with (
        running_server(tmp_path, "--no-worker", LOG_FORMAT="json") as (server, port),
        socket.create_connection(("127.0.0.1", port), timeout=10) as connection,
    ):
        for path in paths:
            request = f"{{}} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            connection.sendall(request.format("HEAD").encode())
            # Wait for the whole HEAD answer: any body bytes would arrive with it.
            time.sleep(0.5)
            head = connection.recv(65536)
            assert head.startswith(b"HTTP/1.1 "), head
            assert head.endswith(b"\r\n\r\n"), (path, head[-200:])
            assert head.count(b"HTTP/1.1 ") == 1
            connection.sendall(request.format("GET").encode())
            status_and_headers, body = _read_response(connection)
            assert status_and_headers.split(b"\r\n")[0] == head.split(b"\r\n")[0]
            assert body, path
        server.terminate()
        output, _ = server.communicate(timeout=60)
    # LOG_FORMAT=json: one line per request, naming the view, never the path.
    requests = [
        json.loads(line)
        for line in output.decode().splitlines()
        if line.startswith("{") and '"peyvand.request"' in line
    ]
    assert [(line["method"], line["view"], line["status"]) for line in requests][-6:] == [
        ("HEAD", "login", 200),
        ("GET", "login", 200),
        ("HEAD", "api_v1:openapi-json", 200),
        ("GET", "api_v1:openapi-json", 200),
        ("HEAD", "unmatched", 404),
        ("GET", "unmatched", 404),
    ]
    assert "no-such-page" not in output.decode()
