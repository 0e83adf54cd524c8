"""Web hardening: security headers on public, seeker, registrant, staff and admin pages; no
inline script or style the Content-Security-Policy would have to allow; production cookies."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from authz_scenario import build_scenario
from test_authz_matrix import _client

from conftest import World

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "peyvand"

# (persona, path) pairs covering each area; the path is filled in from the scenario
PAGES = [
    ("anonymous", "/accounts/login/"),
    ("anonymous", "/request/new/"),
    ("anonymous", "/t/"),
    ("anonymous", "/cases/1/"),  # a redirect carries them too
    ("registrant", "/me/"),
    ("caseworker_a", "/"),
    ("caseworker_a", "/staff/"),
    ("caseworker_a", "/staff/pairs/{pair}/"),
    ("caseworker_b", "/staff/pairs/{pair}/"),  # a 404 carries them too
    ("admin", "/admin/"),
    ("admin", "/admin/people/person/"),
]
POLICY_DIRECTIVES = {
    "default-src",
    "script-src",
    "style-src",
    "img-src",
    "font-src",
    "connect-src",
    "object-src",
    "base-uri",
    "form-action",
    "frame-ancestors",
}


def _directives(policy: str) -> dict[str, str]:
    found = {}
    for part in policy.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            found[name] = value
    return found


@pytest.mark.django_db
def test_every_kind_of_page_carries_the_security_headers(world: World) -> None:
    scenario = build_scenario(world)
    nonces = set()
    for persona, template in PAGES:
        path = template.format(pair=scenario.pair.pk)
        response = _client(world, persona).get(path)
        where = f"{persona} {path} ({response.status_code})"
        assert response.status_code in (200, 302, 404), where
        csp = _directives(response["Content-Security-Policy"])
        assert csp["default-src"] == "'self'", where
        assert csp["object-src"] == "'none'" and csp["base-uri"] == "'none'", where
        assert csp["frame-ancestors"] == "'none'" and csp["form-action"] == "'self'", where
        assert csp["img-src"] == "'self' data:", where
        assert csp["font-src"] == csp["connect-src"] == "'self'", where
        assert set(csp) == POLICY_DIRECTIVES, where  # nothing more, nothing less
        for kind in ("script-src", "style-src"):
            assert "unsafe-inline" not in csp[kind] and "unsafe-eval" not in csp[kind], where
            match = re.fullmatch(r"'self' 'nonce-([\w+/=-]{20,})'", csp[kind])
            assert match, where
            nonces.add(match.group(1))
        assert response["X-Frame-Options"] == "DENY", where
        assert response["X-Content-Type-Options"] == "nosniff", where
        assert response["Referrer-Policy"] == "same-origin", where
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", where
        assert response["Cross-Origin-Resource-Policy"] == "same-origin", where
        assert "camera=()" in response["Permissions-Policy"], where
        assert "geolocation=()" in response["Permissions-Policy"], where
        assert response["Cache-Control"] == "no-store" or "private" in response["Cache-Control"]
    assert len(nonces) == len(PAGES), "a fresh nonce for every response"


@pytest.mark.django_db
def test_inline_blocks_carry_this_responses_nonce(world: World) -> None:
    scenario = build_scenario(world)
    response = _client(world, "caseworker_a").get(f"/staff/pairs/{scenario.pair.pk}/")
    nonce = re.search(r"'nonce-([\w+/=-]+)'", response["Content-Security-Policy"])
    assert nonce is not None
    page = response.content.decode()
    styles = re.findall(r"<style([^>]*)>", page)
    assert styles and all(f'nonce="{nonce.group(1)}"' in attrs for attrs in styles)
    assert " style=" not in page


def test_no_template_needs_unsafe_inline() -> None:
    """Every inline <script>/<style> carries the nonce; no style="", no on*= handlers.

    PDF templates (in a ``pdf/`` folder) are rendered by WeasyPrint on the server and never served
    to a browser, so their inline stylesheet is outside the CSP's reach and allowed."""
    offences = []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        if "pdf" in template.relative_to(TEMPLATES).parts[:-1]:
            continue
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", text):
            if "src=" not in tag and "csp_nonce" not in tag:
                offences.append(f"{template.name}: {tag}")
        if re.search(r"\sstyle=\"", text):
            offences.append(f"{template.name}: style attribute")
        if re.search(r"\son[a-z]+=\"", text):
            offences.append(f"{template.name}: inline event handler")
    assert not offences, offences


def test_production_sends_hsts_and_secure_cookies(tmp_path: Path) -> None:
    key = base64.b64encode(b"k" * 32).decode()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "DATABASE"))},
        "PEYVAND_ENV": "production",
        "SECRET_KEY": "k" * 30 + "Q7!x" + "z9" * 20,
        "ALLOWED_HOSTS": "peyvand.example.org",
        "EMAIL_HOST": "127.0.0.1",
        "PEYVAND_FIELD_KEYS": f"k1:{key}",
        "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite3",
        "PEYVAND_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "peyvand.settings",
    }
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='peyvand.example.org')\n"
        "plain = c.get('/accounts/login/')\n"
        "print('REDIRECT', plain.status_code, plain.get('Location'))\n"
        "r = c.get('/accounts/login/', secure=True)\n"
        "print('STATUS', r.status_code)\n"
        "print('HSTS', r['Strict-Transport-Security'])\n"
        "print('CSP', r['Content-Security-Policy'])\n"
        "for name, morsel in r.cookies.items():\n"
        "    print('COOKIE', name, bool(morsel['secure']), bool(morsel['httponly']),"
        " morsel['samesite'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "REDIRECT 301 https://peyvand.example.org/accounts/login/" in out
    assert "STATUS 200" in out
    assert "HSTS max-age=31536000; includeSubDomains; preload" in out
    assert "upgrade-insecure-requests" in out
    assert "COOKIE __Host-peyvand-csrf True True Lax" in out
