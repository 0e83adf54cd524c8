"""Helpers for the account-security tests."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from peyvand.accounts.models import User

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
STAFF = ("caseworker_a", "supervisor_a", "dpo", "admin")


def without_csrf(body: bytes) -> bytes:
    return CSRF.sub(b'name="csrfmiddlewaretoken" value=""', body)


def enrol(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def password_login(user: User, *, address: str = "127.0.0.1", password: str = PASSWORD) -> Client:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302, response.content.decode()
    return client


@pytest.fixture(autouse=True)
def clean_cache() -> Iterator[None]:
    """The rate limits count in the cache: start and end each test with none counted."""
    cache.clear()
    yield
    cache.clear()
