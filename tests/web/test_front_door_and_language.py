"""The front door for families, and the header's language buttons (issue 15, items 8 and 11)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import PASSWORD, World
from peyvand.audit.models import AuditEvent


def press_language(client: Client, language: str, back_to: str) -> str:
    """Press a header language button as the browser does, and read the page it returns to."""
    response = client.post("/i18n/setlang/", {"language": language, "next": back_to})
    assert response.status_code == 302 and response["Location"] == back_to
    return client.get(back_to).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "direction", "file_words", "follow_words", "sign_in"),
    [
        ("fa", "rtl", "جستجوی یکی از بستگان", "پیگیری درخواست", "ورود"),
        ("en", "ltr", "Look for a relative", "Follow your request", "Sign in"),
        ("sq", "ltr", "Kërkoni një të afërm", "Ndiqni kërkesën tuaj", "Hyr"),
    ],
)
def test_a_visitor_sees_filing_and_following_first_in_their_language(
    language: str,
    direction: str,
    file_words: str,
    follow_words: str,
    sign_in: str,
) -> None:
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'lang="{language}" dir="{direction}"' in page
    main = page.split("<main>")[1]
    doors = re.findall(r'<a class="door" href="([^"]+)"><strong>([^<]+)</strong>', main)
    assert [href for href, _words in doors] == ["/request/new/", "/t/"]
    # The sign-in link comes after both doors, and the page holds no password field.
    assert main.index('href="/accounts/login/"') > main.index('href="/t/"')
    assert 'type="password"' not in page
    assert [words for _href, words in doors] == [file_words, follow_words]
    assert sign_in in main


@pytest.mark.django_db
def test_the_language_buttons_switch_the_front_door() -> None:
    client = Client()
    assert 'lang="fa" dir="rtl"' in press_language(client, "fa", "/")
    assert 'lang="sq" dir="ltr"' in press_language(client, "sq", "/")
    # Pages for signed-in people still send a visitor to sign in.
    response = client.get("/accounts/preferences/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/accounts/login/").status_code == 200


@pytest.mark.django_db
def test_a_registrant_with_a_saved_language_can_switch_with_the_buttons(world: World) -> None:
    world.registrant.language = "sq"
    world.registrant.save()
    client = world.client_for("registrant")
    assert 'lang="sq"' in client.get("/me/").content.decode()
    assert 'lang="fa" dir="rtl"' in press_language(client, "fa", "/me/")
    world.registrant.refresh_from_db()
    assert world.registrant.language == "fa"
    assert AuditEvent.objects.filter(
        action="user.preferences_changed", actor=world.registrant
    ).exists()
    # The choice lasts: the next sign-in, in a fresh browser, opens in Persian.
    again = Client()
    again.post("/accounts/login/", {"username": "registrant", "password": PASSWORD})
    assert 'lang="fa" dir="rtl"' in again.get("/me/").content.decode()
    # Saving Preferences afterwards still wins over the earlier button press.
    client.post("/accounts/preferences/", {"language": "en", "calendar": ""})
    assert 'lang="en" dir="ltr"' in client.get("/me/").content.decode()


@pytest.mark.django_db
def test_staff_switch_language_before_and_after_the_second_factor(world: World) -> None:
    world.caseworker_a.language = "en"
    world.caseworker_a.save()
    client = world.client_for("caseworker_a")
    assert 'lang="sq"' in press_language(client, "sq", "/")
    world.caseworker_a.refresh_from_db()
    assert world.caseworker_a.language == "sq"

    # Before the second factor nothing is saved to the account, but the page still changes.
    half = Client()
    half.post("/accounts/login/", {"username": "caseworker-a", "password": PASSWORD})
    response = half.post("/i18n/setlang/", {"language": "fa", "next": "/accounts/two-factor/"})
    assert response.status_code == 302
    assert 'lang="fa" dir="rtl"' in half.get("/accounts/two-factor/").content.decode()
    world.caseworker_a.refresh_from_db()
    assert world.caseworker_a.language == "sq"
