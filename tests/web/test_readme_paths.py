"""The README's addresses and the staff menu (issue 15, item 19)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from conftest import World

README = Path(__file__).resolve().parents[2] / "README.md"


# Files on the server the production section names, not site addresses.
SERVER_FILES = ("/etc/", "/opt/", "/var/", "/usr/", "/srv/")
# Answered by the operations middleware before URL routing (peyvand.core.operations).
OPERATIONS = {"/healthz", "/metrics"}


@pytest.mark.django_db
def test_every_address_the_readme_gives_is_a_page() -> None:
    # Backticked site paths such as `/staff/visits/deadlines/`; templates with <id> are skipped.
    paths = set(re.findall(r"`(/[a-z0-9_./-]*)`", README.read_text(encoding="utf-8")))
    assert "/staff/visits/deadlines/" in paths
    assert Client().get("/healthz").status_code in (200, 503)
    missing = []
    for path in sorted(paths - OPERATIONS):
        if path.startswith(SERVER_FILES):
            continue
        try:
            resolve(path)
        except Resolver404:
            missing.append(path)
    assert not missing, f"README names addresses that are no page: {missing}"


def test_the_readme_says_what_the_full_suite_needs_before_it_runs() -> None:
    top = README.read_text(encoding="utf-8").split("## ")[0]
    for needed in ("chromium", "poppler-utils", "pip-audit", "../shared"):
        assert needed in top, needed


@pytest.mark.django_db
def test_the_staff_menu_links_the_exports_page(world: World) -> None:
    page = world.client_for("caseworker_a").get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    nav = page.split("<nav>")[1].split("</nav>")[0]
    assert 'href="/staff/exports/"' in nav
    assert world.client_for("caseworker_a").get("/staff/exports/").status_code == 200
    assert 'href="/staff/exports/"' not in world.client_for("seeker").get("/").content.decode()
