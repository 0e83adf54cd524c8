"""Behind a TLS proxy: X-Forwarded-Proto and X-Forwarded-For count only from PEYVAND_TRUSTED_PROXIES
(nobody by default). Trusted: no redirect loop, HSTS sent, limits keyed by the real client.
Untrusted: the headers are dropped, so a client cannot claim HTTPS or another address."""

from __future__ import annotations

import ipaddress
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from conftest import World
from peyvand.tracing import track_limits

PROXY = "10.0.0.7"
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}
CODES = itertools.count()


@pytest.fixture
def production_https(settings: object) -> None:
    # What settings.py sets under PEYVAND_ENV=production with PEYVAND_TRUSTED_PROXIES=10.0.0.0/24.
    settings.SECURE_SSL_REDIRECT = True  # type: ignore[attr-defined]
    settings.SECURE_HSTS_SECONDS = 31536000  # type: ignore[attr-defined]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # type: ignore[attr-defined]
    settings.PEYVAND_TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/24")]  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_trusted_proxy_saying_https_gets_the_page_with_hsts(production_https: None) -> None:
    response = Client(REMOTE_ADDR=PROXY).get("/accounts/login/", **HTTPS)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_anyone_else_saying_https_is_redirected_and_gets_no_hsts(production_https: None) -> None:
    response = Client(REMOTE_ADDR="203.0.113.5").get("/accounts/login/", **HTTPS)
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in response


ADDRESS_LIMIT = track_limits.ADDRESS.limit


def _fail_track_sign_in(client: Client, forwarded_for: str) -> int:
    # A new code each time, so that only the per-address limit can be reached.
    code = f"PV-AAAA-{next(CODES):04d}"
    response = client.post(
        "/t/",
        {"reference_code": code, "passphrase": "1111-1111-1111"},
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )
    return response.status_code


@pytest.mark.django_db
def test_limits_count_the_forwarded_client_behind_a_trusted_proxy(
    world: World, settings: object
) -> None:
    settings.PEYVAND_TRUSTED_PROXIES = [ipaddress.ip_network(PROXY)]  # type: ignore[attr-defined]
    proxy = Client(REMOTE_ADDR=PROXY)
    # Whatever the client writes on the left, the proxy's own hop (the rightmost) counts; the
    # track page allows one address 30 failures across codes in its window (track_limits).
    for index in range(ADDRESS_LIMIT):
        assert _fail_track_sign_in(proxy, f"192.0.2.{index}, 198.51.100.1") == 200
    assert _fail_track_sign_in(proxy, "198.51.100.1") == 429
    # Another visitor behind the same proxy is not limited with the first.
    assert _fail_track_sign_in(proxy, "198.51.100.2") == 200


@pytest.mark.django_db
def test_limits_ignore_forwarded_addresses_from_an_untrusted_peer(world: World) -> None:
    direct = Client(REMOTE_ADDR="203.0.113.5")
    # Each attempt claims another address; all count against the peer that sent them.
    for index in range(ADDRESS_LIMIT):
        assert _fail_track_sign_in(direct, f"198.51.100.{index}") == 200
    assert _fail_track_sign_in(direct, "198.51.100.99") == 429


def _settings_value(tmp_path: Path, name: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "DATABASE"))}
    production = {
        "PEYVAND_ENV": "production",
        "SECRET_KEY": "k" * 30 + "Q7!x" + "z9" * 20,
        "ALLOWED_HOSTS": "peyvand.example.org",
        "EMAIL_HOST": "127.0.0.1",
        "PEYVAND_FIELD_KEYS": "k1:" + "A" * 43 + "=",
    }
    return subprocess.run(
        [sys.executable, "-c", f"import peyvand.settings as s; print(getattr(s, {name!r}, None))"],
        env={**clean, "PEYVAND_DATA_DIR": str(tmp_path), **production, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_trusts_the_proxy_header_only_when_a_proxy_is_named(tmp_path: Path) -> None:
    alone = _settings_value(tmp_path, "SECURE_PROXY_SSL_HEADER")
    assert alone.stdout.strip() == "None", alone.stderr
    behind = _settings_value(
        tmp_path, "SECURE_PROXY_SSL_HEADER", PEYVAND_TRUSTED_PROXIES="10.0.0.0/24, ::1"
    )
    assert behind.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')", behind.stderr
    wrong = _settings_value(tmp_path, "SECURE_PROXY_SSL_HEADER", PEYVAND_TRUSTED_PROXIES="proxy")
    assert wrong.returncode != 0
    assert "PEYVAND_TRUSTED_PROXIES must list IP addresses or networks" in wrong.stderr
