"""Password reset by e-mail: a link only to an address an account has, the same page for all."""

from __future__ import annotations

import re
from typing import Any

import pytest
from accounts_support import clean_cache, without_csrf
from django.core import mail
from django.test import Client

from conftest import World
from peyvand.accounts.models import User

__all__ = ["clean_cache"]

NEW_PASSWORD = "a new and long enough passphrase"


@pytest.fixture
def inline_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def with_email(user: User, email: str) -> User:
    user.email = email
    user.save(update_fields=["email"])
    return user


@pytest.mark.django_db
def test_a_known_address_gets_a_link_and_an_unknown_one_gets_the_same_page_and_no_mail(
    world: World, inline_tasks: None, django_capture_on_commit_callbacks: Any
) -> None:
    with_email(world.caseworker_a, "cw@example.org")
    client = Client()
    form = client.get("/accounts/password-reset/")
    assert form.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/accounts/password-reset/", {"email": "CW@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["cw@example.org"]
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/\S+/)", message.body)
    assert link is not None, message.body

    confirm = client.get(link.group(1), follow=True)
    assert confirm.status_code == 200
    assert "Choose a new password" in confirm.content.decode()
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == "/accounts/password-reset/done/"
    world.caseworker_a.refresh_from_db()
    assert world.caseworker_a.check_password(NEW_PASSWORD)
    # The link works once.
    assert "does not work any more" in client.get(link.group(1), follow=True).content.decode()


@pytest.mark.django_db
def test_the_sent_page_is_identical_for_known_and_unknown_addresses(world: World) -> None:
    with_email(world.registrant, "me@example.org")
    pages = []
    for email in ("me@example.org", "nobody@example.org"):
        response = Client().post("/accounts/password-reset/", {"email": email}, follow=True)
        pages.append((response.status_code, without_csrf(response.content)))
    assert pages[0] == pages[1]


@pytest.mark.django_db
def test_inactive_accounts_and_unusable_passwords_get_no_mail(
    world: World, inline_tasks: None, django_capture_on_commit_callbacks: Any
) -> None:
    with_email(world.dpo, "dpo@example.org")
    world.dpo.is_active = False
    world.dpo.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/password-reset/", {"email": "dpo@example.org"})
    assert mail.outbox == []


@pytest.mark.django_db
def test_reset_requests_are_limited_per_address(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.50")
    codes = [
        client.post("/accounts/password-reset/", {"email": f"x{i}@example.org"}).status_code
        for i in range(11)
    ]
    assert codes == [302] * 10 + [429]
    assert (
        Client(REMOTE_ADDR="203.0.113.51")
        .post("/accounts/password-reset/", {"email": "x@example.org"})
        .status_code
        == 302
    )
